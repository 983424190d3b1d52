// The `highway` kernel's target-independent part: the plain data its per-target code
// (lif_block-inl.hpp, compiled once per Highway target by foreach_target.h) and its baseline
// code (highway_kernel.cpp) share, and the per-target entry points that tests/test_highway.cpp
// runs one target at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lifbench/ars.hpp"
#include "lifbench/kernel.hpp"

namespace lifbench::highway {

// Random123's Philox4x32 constants (philox.h: PHILOX_M4x32_0/1, PHILOX_W32_0/1).
inline constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u;
inline constexpr std::uint32_t kPhiloxM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kPhiloxW0 = 0x9E3779B9u;
inline constexpr std::uint32_t kPhiloxW1 = 0xBB67AE85u;
inline constexpr int kPhiloxRounds = 10;

// The key schedule of one seed: round r uses {key0[r], key1[r]}, the key {seed low 32 bits,
// seed high 32 bits} bumped r times. `flipped` flips bit 31 of both last-round keys: words 0
// and 2 of every output then arrive with bit 31 flipped (their last-round XOR takes the key),
// which the centred conversions of lif_block-inl.hpp read as a signed offset.
// For the ars stream (`ars` set) the block loop takes its words from `ars_keys` instead, whose
// flipped form flips bit 31 of all four words (ArsKeySchedule::flipped_keys).
struct RoundKeys {
  std::uint32_t key0[kPhiloxRounds];
  std::uint32_t key1[kPhiloxRounds];
  bool ars = false;
  ArsKeySchedule ars_keys{};

  // The keys of a run on `stream` (philox or ars).
  static RoundKeys for_stream(std::uint64_t seed, bool flipped, Stream stream) {
    RoundKeys keys = from_seed(seed, flipped);
    if (stream == Stream::ars) {
      keys.ars = true;
      keys.ars_keys = ArsKeySchedule::from_seed(seed);
      if (flipped) keys.ars_keys = keys.ars_keys.flipped_keys();
    }
    return keys;
  }

  static RoundKeys from_seed(std::uint64_t seed, bool flipped) {
    RoundKeys keys{};
    auto k0 = static_cast<std::uint32_t>(seed);
    auto k1 = static_cast<std::uint32_t>(seed >> 32);
    for (int r = 0; r < kPhiloxRounds; ++r) {
      keys.key0[r] = k0;
      keys.key1[r] = k1;
      k0 += kPhiloxW0;
      k1 += kPhiloxW1;
    }
    if (flipped) {
      keys.key0[kPhiloxRounds - 1] ^= 0x80000000u;
      keys.key1[kPhiloxRounds - 1] ^= 0x80000000u;
    }
    return keys;
  }
};

// Neurons per block on the widest target (4 Philox vectors of 16 uint32 lanes).
inline constexpr std::int64_t kMaxBlock = 64;

// One range call of a target's kernel: the RunFn arguments and the scratch the baseline code
// allocates for it.
template <class T>
struct RangeCall {
  const Inputs<T>* in;
  const Outputs<T>* out;
  std::int64_t chunk_begin;
  std::int64_t chunk_end;
  const T* step_times;          // [K] time of local step k (model.hpp step_time)
  T* lane_sums;                 // [K * kSumLanes] one chunk's canonical lane sums
  std::int64_t* spike_scratch;  // [K] chunk spike counts nobody asked for
  // Rows recorded: one block's voltages and spike flags, step-major [K][width], width the
  // block's neuron count (at most kMaxBlock), handed to RangeRecorder::block.
  T* v_rows;
  std::uint8_t* spike_rows;
  // Statistics only, one refractory period for the range and a fresh start: for a spike at
  // local step k the neuron is clamped exactly at steps k+1 .. clamp_end[k]-1; the release
  // ring has ring_mask + 1 slots (a power of two). Else clamp_end is null.
  const std::int64_t* clamp_end;
  std::uint64_t* clamp_ring;
  std::int64_t ring_mask;
};

template <class T>
using RangeFn = void (*)(const RangeCall<T>&);

// Allocates one call's scratch, derives its refractory windows and runs `range` (one
// target's kernel) on chunks [chunk_begin, chunk_end).
template <class T>
void run_range(RangeFn<T> range, const Inputs<T>& in, const Outputs<T>& out,
               std::int64_t chunk_begin, std::int64_t chunk_end);

// What one compiled Highway target provides (kEntry in each target's namespace).
struct TargetEntry {
  std::int64_t target;  // the HWY_* bit
  int vector_bits;      // width of one vector of this target
  int lanes_f64, lanes_f32;
  int block_neurons;  // neurons of one block (the same for both precisions)
  RangeFn<double> range_f64;
  RangeFn<float> range_f32;
  RunFn<double> run_f64;  // the kernel forced to this target
  RunFn<float> run_f32;
  // Philox words of counters {block, j, j >> 32, domain}, key {seed, seed >> 32}, for
  // j = j_first .. j_first + count - 1 (j_first a multiple of the block): words[4i + w].
  void (*stream_words)(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                       std::uint32_t block, std::uint32_t domain, std::uint32_t* words);
  // The kernel's input of step k for neurons j_first .. + count - 1 (j_first a multiple of
  // the block): the uniform u, or (centred) the integer y of 2u - 1 = y 2^-31 (2^-23 in f32).
  void (*uniforms_f64)(std::uint64_t seed, std::uint64_t j_first, std::size_t count, std::int64_t k,
                       bool centred, double* x);
  void (*uniforms_f32)(std::uint64_t seed, std::uint64_t j_first, std::size_t count, std::int64_t k,
                       bool centred, float* x);
};

// The compiled targets this CPU supports, best first (the last one is Highway's fallback).
std::vector<const TargetEntry*> supported_targets();
// The target an ISA row runs on: the best supported target whose vectors are no wider than
// the row's registers; automatic: the target Highway's dynamic dispatch chooses.
const TargetEntry& target_for(Isa isa);
// The target HWY_DYNAMIC_DISPATCH calls on this CPU.
std::int64_t dispatch_target();
// Highway's name of a target ("AVX3", "AVX2", "SSE4", "SSSE3", "SCALAR", ...).
std::string target_name(std::int64_t target);

}  // namespace lifbench::highway
