// The job of one block of neurons, shared by the kernels whose ISA units each run a whole
// block through all steps (autovec, stdsimd): its shape per ISA and the plain data the
// baseline code (block_driver.hpp) fills for it. Plain data and constexpr only, so an ISA unit
// may include it without sharing code compiled with another unit's flags.
#pragma once

#include <cstdint>

#include "lifbench/kernel.hpp"

namespace lifbench::blocks {

// Register bits of a row of the ISA table (isa_table.def), at compile time; 0 for automatic.
constexpr int register_bits(Isa isa) {
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(if (isa == Isa::name) return bits;)
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
  return 0;
}

// Neurons per block on an ISA: four registers of uint32 philox lanes (64 on AVX-512), the
// block the xsimd kernel keeps in registers, so the tests' sizes around it hit its tails.
constexpr int block_neurons(Isa isa) { return 4 * register_bits(isa) / 32; }

// One block's job: plain data, filled by the baseline code. Step-major tiles [K][width].
template <class T>
struct BlockJob {
  const Inputs<T>* in;
  const T* step_times;  // [K] time of local step k (RangeRecorder::time)
  std::int64_t j0;      // first neuron of the block (a multiple of the block size)
  int width;            // neurons of the block (the last block of a chunk may be narrower)
  const T* v0;          // [block] start state (fresh or carried), padded to the block
  const T* last0;
  const T* t_ref;
  // Rows mode (v_tile set): every step's v and spike flags, the last spike time after.
  T* v_tile;                 // [K * width]
  std::uint8_t* spike_tile;  // [K * width]
  T* last_out;               // [block]
  // Statistics mode (v_tile null): the chunk's canonical lane sums and spike counts.
  T* lane_sums;                       // [K * kSumLanes], lane (j % kSumLanes) of step k
  std::int64_t* chunk_spikes;         // [K]
  const std::int32_t* snapshot_slot;  // [K] or null
  T* snapshot_column;                 // snapshots + column of j0 (slot * stride added)
  std::int64_t snapshot_stride;
};

}  // namespace lifbench::blocks
