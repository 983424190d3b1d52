// The shape of the xsimd kernel's block of neurons, per arch and precision.
//
// A block is kPhiloxBatchesPerBlock uint32 batches of neurons (one neuron per uint32 lane):
// 64 neurons on AVX-512 in both precisions, 32 on AVX2, 16 on SSE2. It goes through all steps
// with its state in registers (lif_block.hpp).
#pragma once

#include <cstdint>

#include "lifbench/isa.hpp"
#include "lifbench/kernel.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// Steps per recording tile; global step boundaries of the segments are multiples of it, a
// multiple of 4 (the steps one Philox block feeds in f32) so Philox blocks never straddle.
inline constexpr std::int64_t kSegmentSteps = 32;

// How far ahead the numpy stream's input is prefetched, in steps (2 KiB of each tile in f64,
// 1 KiB in f32): measured on AVX-512 and AVX2 (docs/performance.md), where the hardware
// prefetchers alone left about 10-30% of the bandwidth unused.
inline constexpr std::int64_t kPrefetchSteps = 16;

// Philox uint32 batches per block: each word batch feeds 2 double batches or 1 float batch. Four
// give the out-of-order core enough independent work around the per-step dependency chain of the
// LIF update; with the refractory test on lane bits (lif_block.hpp) they also fit the register file
// (measured on AVX-512, docs/performance.md: one and two were slower, by 4-40%).
inline constexpr int kPhiloxBatchesPerBlock = 4;

// Neurons per block of the xsimd kernel for an ISA (the same for both precisions: one
// neuron per uint32 lane of each Philox batch). For the baseline code (dispatch).
inline int block_neurons(Isa isa) { return kPhiloxBatchesPerBlock * lanes_of(isa_info(isa), 4); }

// The shape of the LIF kernel for one arch and precision.
template <class Arch, class T>
struct LifShape {
  using Batch = xsimd::batch<T, Arch>;
  using Bool = xsimd::batch_bool<T, Arch>;
  using Words = xsimd::batch<std::uint32_t, Arch>;
  static constexpr int kLanes = static_cast<int>(Batch::size);
  static constexpr int kWordLanes = static_cast<int>(Words::size);
  static constexpr int kPhiloxBatches = kPhiloxBatchesPerBlock;
  static constexpr int kBatches = sizeof(T) == 8 ? 2 * kPhiloxBatches : kPhiloxBatches;
  static constexpr int kNeurons = kBatches * kLanes;  // neurons per block
  static constexpr int kStepsPerWords = 4;  // steps one Philox block feeds (a word a step)
  static_assert(kNeurons <= 64 && kChunk % kNeurons == 0 && kSumLanes % kLanes == 0);
  static_assert(kInputTile % kLanes == 0);  // a batch lies in one tile of the numpy input
  static_assert(kNeurons == kPhiloxBatches * kWordLanes);
};

}  // namespace lifbench::simd
