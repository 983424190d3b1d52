// The xsimd LIF kernel: one source, compiled once per ISA (lif_sse2.cpp, lif_avx2.cpp,
// lif_avx512.cpp), in the manner of xsimd's arch dispatching and Highway's foreach_target.
//
// A block of neurons (kBatches SIMD batches, one neuron per lane; 64 neurons in f64 and
// f32 on AVX-512) goes through ALL steps of the run with its state (membrane voltage,
// refractory_until, refractory period, spike count) in local batches, i.e. in registers as
// far as the register file allows: no state round trip to memory per step. The input
// current of each step comes either from the materialized matrix (Stream::numpy; a block's
// rows are transposed into a small [steps][lanes] tile first) or from the SIMD Philox fused
// into the loop (Stream::philox; one uint32 lane per neuron). Recording goes through
// block-local tiles that are copied to the rows of the output matrices every kSegmentSteps
// steps.
//
// Tails: the last block of a population is padded to whole batches; padded lanes compute
// whatever their (neutral) inputs give and are masked out of every output (lane sums by
// select, spike counts by a lane mask, rows and snapshots by the valid lane count). There
// is no separately written scalar loop.
//
// The semantics are SPEC section 1 exactly as kernels/src/scalar.cpp has them, in the same
// association and without FMA (-ffp-contract=off), so every lane rounds as the scalar
// kernel does; the per-step voltage sums follow canonical.hpp.
//
// Everything an ISA unit compiles is a template on the xsimd arch (the entry points are
// defined out of line and not inline, with extern template declarations below), so no
// inline function compiled with one ISA's flags can be merged into another ISA's code.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lifbench/kernel.hpp"
#include "lifbench/philox.hpp"  // kDomainUniform (its inline functions stay unused here)
#include "philox_simd.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// Steps per recording tile; global step boundaries of the segments are multiples of it, a
// multiple of 4 (the steps one Philox block feeds in f32) so Philox blocks never straddle.
inline constexpr std::int64_t kSegmentSteps = 32;

// One range call, plain data (scratch memory comes from the caller's baseline code).
template <class T>
struct RangeCall {
  const Inputs<T>* in;
  const Outputs<T>* out;
  std::int64_t chunk_begin;
  std::int64_t chunk_end;
  T* lane_sums;                 // scratch [steps * kSumLanes]
  T* step_times;                // scratch [steps]
  std::int64_t* spike_scratch;  // scratch [steps] (chunk spike counts nobody asked for)
  // The refractory windows (refractory_windows in dispatch.hpp) when every neuron of the
  // range has the same refractory period and starts fresh, else null.
  const std::int64_t* clamp_end;  // [steps]
  std::uint64_t* clamp_ring;      // scratch [clamp_ring_size], a power of two
  std::int64_t clamp_ring_size;
};

// Philox uint32 batches per block: one feeds 2 double batches or 1 float batch. Four give the
// out-of-order core enough independent work around the per-step dependency chain of the LIF
// update; with the refractory test on lane bits (run_block) they also fit the register file
// (measured on AVX-512, docs/performance.md: one and two were slower, by 4-40%).
inline constexpr int kPhiloxBatchesPerBlock = 4;
// Neurons per block of the xsimd kernel for an ISA (the same for both precisions: one
// neuron per uint32 lane of each Philox batch).
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
  static constexpr int kNeurons = kBatches * kLanes;             // neurons per block
  static constexpr int kStepsPerWords = sizeof(T) == 8 ? 2 : 4;  // steps one Philox block feeds
  static_assert(kNeurons <= 64 && kChunk % kNeurons == 0 && kSumLanes % kLanes == 0);
  static_assert(kNeurons == kPhiloxBatches * kWordLanes);
};

// The entry points each ISA unit instantiates (defined out of line below).

// Simulates chunks [chunk_begin, chunk_end) (the contract of RunFn in kernel.hpp).
template <class Arch, class T>
void lif_range(const RangeCall<T>& call);

// The Philox random-number floor: the uniforms the fused kernel consumes for neurons
// [j_begin, j_end) x steps 0 .. steps-1 (rounded up to whole Philox blocks), summed.
template <class Arch, class T>
double philox_floor_range(std::uint64_t seed, std::int64_t j_begin, std::int64_t j_end,
                          std::int64_t steps);

// words[i] = philox4x32_10(counters[i], keys[i]) for i < count (4, 2 and 4 words each).
template <class Arch>
void philox_general_lanes(std::size_t count, const std::uint32_t* counters,
                          const std::uint32_t* keys, std::uint32_t* words);

// Stream words (counter {block, j, j >> 32, domain}) of neurons j_first .. +count-1 in the
// fused kernel's form; j_first must be a multiple of the uint32 lane count.
template <class Arch>
void philox_stream_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                         std::uint32_t block, std::uint32_t domain, std::uint32_t* words);

// u[j, k] of neurons j_first .. +count-1 through the SIMD conversion (j_first a multiple of
// the block size).
template <class Arch, class T>
void philox_uniform_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, T* u);

namespace detail {

// Powers of two of the centred uniform (2u - 1) = y * kCentredScale<T> with y an integer:
// u = m 2^-53 (f64, m < 2^53) gives 2u - 1 = (m - 2^52) 2^-52; u = m 2^-24 (f32) gives
// 2u - 1 = (m - 2^23) 2^-23. Both y and the product are exact.
template <class T>
inline constexpr T kCentredScale = sizeof(T) == 8 ? T(1.0 / 4503599627370496.0)  // 2^-52
                                                  : T(1.0 / 8388608.0);          // 2^-23

// Whether noise * kCentredScale is exact (no underflow): then noise * (2u - 1) equals
// (noise * kCentredScale) * y bit for bit, both being the rounding of the same real number.
template <class T>
inline bool centred_noise_is_exact(T noise) {
  const T scaled = noise * kCentredScale<T>;
  return scaled / kCentredScale<T> == noise;
}

// Broadcast model constants of one run.
template <class Arch, class T>
struct BatchConstants {
  xsimd::batch<T, Arch> a, el, vr, vth, r, i_mean, noise, one, two, noise_centred;

  explicit BatchConstants(const Constants<T>& c)
      : a(c.a),
        el(c.el),
        vr(c.vr),
        vth(c.vth),
        r(c.r),
        i_mean(c.i_mean),
        noise(c.noise),
        one(T(1)),
        two(T(2)),
        noise_centred(c.noise * kCentredScale<T>) {}

  // i_mean * (1 + noise * ((2u) - 1)), in this association (model.hpp input_current), from
  // u (kCentred false) or from the integer y of the centred uniform (kCentred true, valid
  // when centred_noise_is_exact): the same bits either way, two operations fewer.
  template <bool kCentred>
  xsimd::batch<T, Arch> current(xsimd::batch<T, Arch> x) const {
    if constexpr (kCentred) {
      return i_mean * (one + noise_centred * x);
    } else {
      return i_mean * (one + noise * ((two * x) - one));
    }
  }
};

// Philox words of the stream for block `block` of a block's kPhiloxBatches uint32 batches,
// turned into the inputs of the kStepsPerWords steps it feeds: x[i][b] for step
// block * kStepsPerWords + i and batch b; x = u, or the centred integer y (kCentred: `keys`
// must then be flipped_keys(), so words 0 and 2 arrive with bit 31 flipped).
template <class Arch, class T, int kPhiloxBatches, int kBatches, int kStepsPerWords,
          bool kCentred = false>
inline void block_uniforms(const PhiloxRoundKeys& keys, std::uint32_t block,
                           const xsimd::batch<std::uint32_t, Arch> (&j_lo)[kPhiloxBatches],
                           std::uint32_t j_hi,
                           xsimd::batch<T, Arch> (&x)[kStepsPerWords][kBatches]) {
#pragma GCC unroll 8
  for (int p = 0; p < kPhiloxBatches; ++p) {
    xsimd::batch<std::uint32_t, Arch> w[4];
    philox_stream_words<Arch>(keys, block, j_lo[p], j_hi, kDomainUniform, w);
    if constexpr (sizeof(T) == 8) {
      // Step 2b: res53(w0, w1); step 2b+1: res53(w2, w3); lower lanes then upper lanes.
      for (int half = 0; half < 2; ++half) {
        if constexpr (kCentred) {  // high words 0 and 2: flipped
          centred_f64_flipped<Arch>(w[2 * half], w[2 * half + 1], x[half][2 * p],
                                    x[half][2 * p + 1]);
        } else {
          uniforms_f64<Arch>(w[2 * half], w[2 * half + 1], x[half][2 * p], x[half][2 * p + 1]);
        }
      }
    } else {
      for (int i = 0; i < 4; ++i) {
        if constexpr (kCentred) {  // words 0 and 2 flipped, 1 and 3 as they are
          x[i][p] = i % 2 == 0 ? centred_f32_flipped<Arch>(w[i]) : centred_f32<Arch>(w[i]);
        } else {
          x[i][p] = uniforms_f32<Arch>(w[i]);
        }
      }
    }
  }
}

// Everything a block run reads and writes besides its registers, hoisted out of the steps.
template <class T>
struct BlockPlan {
  const Inputs<T>* in;
  const Outputs<T>* out;
  const T* step_times;            // [K] time of local step k: T(first_step + k) * dt
  T* lane_sums;                   // [K * kSumLanes] the chunk's canonical lane sums
  std::int64_t* chunk_spikes;     // [K] the chunk's spike counts (scratch if not recorded)
  std::int64_t range_first;       // first neuron of the call's range (snapshot columns)
  bool rows;                      // raster, v, neuron_spikes or last_spike_out recorded
  const std::int64_t* clamp_end;  // RangeCall::clamp_end (kRefractoryBits)
  std::uint64_t* clamp_ring;      // RangeCall::clamp_ring (kRefractoryBits)
  std::int64_t clamp_ring_mask;   // clamp_ring_size - 1
};

#define LIFBENCH_ALWAYS_INLINE __attribute__((always_inline))

// One block of neurons through all steps: neurons j0 .. j0 + valid - 1 (kTail: valid is
// less than the block, the other lanes are padding). State stays in local batches (so in
// registers) from the first step to the last.
//
// kRefractoryBits (AVX-512, statistics only, plan.clamp_end set): the refractory test runs
// on lane bits in general-purpose registers instead of a refractory_until batch per lane.
// A neuron spiking at local step k is clamped exactly at steps k+1 .. clamp_end[k]-1 (the
// same test, `t_k + t_ref > t`, evaluated once per step for the whole population), so
// `clamped_bits` holds the lanes clamped at the current step and a ring of release slots,
// indexed by step, holds the lanes each step's start releases. The vector side is left with
// the update, one compare, one mask move each way and one select per batch and step; the
// integer side runs on ports the vector code leaves idle (docs/performance.md).
template <class Arch, class T, bool kTail, bool kCentred, bool kRows, bool kRefractoryBits = false>
void run_block(const BlockPlan<T>& plan, const BatchConstants<Arch, T>& bc,
               const PhiloxRoundKeys& keys, std::int64_t j0, int valid) {
  using Shape = LifShape<Arch, T>;
  using Batch = typename Shape::Batch;
  using Bool = typename Shape::Bool;
  using Words = typename Shape::Words;
  constexpr int kLanes = Shape::kLanes;
  constexpr int kBatches = Shape::kBatches;
  constexpr int kNeurons = Shape::kNeurons;
  constexpr int kPhiloxBatches = Shape::kPhiloxBatches;
  constexpr int kStepsPerWords = Shape::kStepsPerWords;
  const Inputs<T>& in = *plan.in;
  const Outputs<T>& out = *plan.out;
  const std::int64_t steps = in.steps;
  const std::int64_t row0 = j0 - in.base_neuron;  // row of j0 in the per-neuron arrays
  // Locals, not loads through `plan` in every step.
  const T* const step_times = plan.step_times;
  std::int64_t* const chunk_spikes = plan.chunk_spikes;
  const bool record_raster = out.raster != nullptr;
  const bool record_v = out.v != nullptr;
  const bool count_spikes = out.neuron_spikes != nullptr;
  const bool track_last = out.last_spike_out != nullptr;

  // Initial state (padded lanes: t_ref 0, v el, last spike 0).
  // refractory_until = last_spike + t_ref, rounded once per spike: the same value SPEC 1's
  // `last_spike + t_ref > t` computes at every step. last_spike itself is kept only when
  // the caller wants it back (last_spike_out).
  Batch v[kBatches], last[kBatches], t_ref[kBatches], refractory_until[kBatches];
  Batch spike_count[kBatches];
  Bool live[kBatches];
  std::int64_t spike_total[kNeurons];
  {
    alignas(64) T t_ref0[kNeurons], v0[kNeurons], last0[kNeurons], lane_index[kNeurons];
    for (int l = 0; l < kNeurons; ++l) {
      const bool is_live = l < valid;
      t_ref0[l] = is_live ? in.t_ref[row0 + l] : T(0);
      v0[l] = is_live && in.v0 ? in.v0[row0 + l] : in.c.el;
      last0[l] = is_live && in.last_spike0 ? in.last_spike0[row0 + l] : -t_ref0[l];
      lane_index[l] = static_cast<T>(l);
      spike_total[l] = 0;
    }
    for (int b = 0; b < kBatches; ++b) {
      t_ref[b] = Batch::load_aligned(t_ref0 + b * kLanes);
      v[b] = Batch::load_aligned(v0 + b * kLanes);
      last[b] = Batch::load_aligned(last0 + b * kLanes);
      refractory_until[b] = last[b] + t_ref[b];
      spike_count[b] = Batch(T(0));
      live[b] = Batch::load_aligned(lane_index + b * kLanes) < Batch(static_cast<T>(valid));
    }
  }
  const std::uint64_t live_bits = valid >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << valid) - 1;
  // Lane sums: batch b of the block adds to lanes (j0 + b * kLanes) % kSumLanes onwards, so
  // batches b and b + kSumGroups add to the same lanes (in that order: neuron order).
  constexpr int kSumGroups =
      kBatches < kSumLanes / kLanes ? kBatches : static_cast<int>(kSumLanes / kLanes);
  T* lane_sum[kSumGroups];
  for (int g = 0; g < kSumGroups; ++g) {
    lane_sum[g] = plan.lane_sums + (j0 + g * kLanes) % kSumLanes;
  }
  // Philox counters: word 1 = j (low 32 bits) per lane, word 2 = j >> 32 (the same in a block).
  Words j_lo[kPhiloxBatches];
  for (int p = 0; p < kPhiloxBatches; ++p) {
    j_lo[p] = lane_counter<Arch>(static_cast<std::uint32_t>(j0 + p * Shape::kWordLanes));
  }
  const auto j_hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(j0) >> 32);
  const std::int32_t* snapshot_slot = out.snapshot_slot;

  // Block-local tiles of one segment.
  alignas(64) T current_tile[kSegmentSteps * kNeurons];
  alignas(64) T v_tile[kSegmentSteps * kNeurons];
  std::uint64_t spike_tile[kSegmentSteps];

  // Records the statistics of local step k: spike count (bits: the live lanes that spiked),
  // lane sums, snapshot.
  auto record_stats = [&](std::int64_t k, std::uint64_t bits) LIFBENCH_ALWAYS_INLINE {
    chunk_spikes[k] += __builtin_popcountll(bits);
    for (int g = 0; g < kSumGroups; ++g) {  // batches g, g + kSumGroups, ... in order
      T* lane = lane_sum[g] + k * kSumLanes;
      Batch acc = Batch::load_unaligned(lane);
      for (int b = g; b < kBatches; b += kSumGroups) {
        acc = kTail ? xsimd::select(live[b], acc + v[b], acc) : acc + v[b];
      }
      acc.store_unaligned(lane);
    }
    if (snapshot_slot && snapshot_slot[k] >= 0) {
      T* dst = out.snapshots + snapshot_slot[k] * out.snapshot_stride + (j0 - plan.range_first);
      if (!kTail) {
        for (int b = 0; b < kBatches; ++b) v[b].store_unaligned(dst + b * kLanes);
      } else {
        alignas(64) T lanes[kNeurons];
        for (int b = 0; b < kBatches; ++b) v[b].store_aligned(lanes + b * kLanes);
        for (int l = 0; l < valid; ++l) dst[l] = lanes[l];
      }
    }
  };

  // Records local step k (segment start k0): record_stats, then the tiles.
  auto record = [&](std::int64_t k, std::int64_t k0,
                    const Bool(&spiked)[kBatches]) LIFBENCH_ALWAYS_INLINE {
    std::uint64_t bits = 0;
    for (int b = 0; b < kBatches; ++b) {
      bits |= static_cast<std::uint64_t>(lane_bits<T, Arch>(spiked[b])) << (b * kLanes);
    }
    if (kTail) bits &= live_bits;
    record_stats(k, bits);
    if (kRows) {
      if (record_raster) spike_tile[k - k0] = bits;
      if (record_v) {
        for (int b = 0; b < kBatches; ++b) {
          v[b].store_aligned(v_tile + (k - k0) * kNeurons + b * kLanes);
        }
      }
      if (count_spikes) {
        for (int b = 0; b < kBatches; ++b) {
          spike_count[b] = xsimd::select(spiked[b], spike_count[b] + bc.one, spike_count[b]);
        }
      }
    }
  };

  // kRefractoryBits: the lanes clamped at the current step, and the release ring.
  std::uint64_t clamped_bits = 0;
  std::uint64_t* const release_ring = plan.clamp_ring;
  const std::int64_t ring_mask = plan.clamp_ring_mask;
  if constexpr (kRefractoryBits) {
    for (std::int64_t i = 0; i <= ring_mask; ++i) release_ring[i] = 0;
  }

  // SPEC 1 for local step k >= 1 with the refractory test on lane bits, then its statistics.
  auto step_bits = [&](std::int64_t k, const Batch(&current)[kBatches]) LIFBENCH_ALWAYS_INLINE {
    if constexpr (kRefractoryBits) {  // (mask_from_bits is AVX-512's)
      std::uint64_t& released = release_ring[k & ring_mask];
      clamped_bits &= ~released;
      released = 0;
      std::uint64_t spiked_bits = 0;
      for (int b = 0; b < kBatches; ++b) {
        Batch vb = v[b];
        vb = vb + bc.a * ((bc.el - vb) + bc.r * current[b]);
        const std::uint64_t spiked = lane_bits<T, Arch>(vb >= bc.vth);
        spiked_bits |= spiked << (b * kLanes);
        const auto reset = static_cast<std::uint32_t>(spiked | (clamped_bits >> (b * kLanes)));
        v[b] = xsimd::select(mask_from_bits<T, Arch>(reset), bc.vr, vb);
      }
      // A lane spiking while clamped leaves its earlier release slot (rare).
      if (const std::uint64_t moved = spiked_bits & clamped_bits; moved != 0) [[unlikely]] {
        for (std::int64_t i = 1; i <= ring_mask; ++i) release_ring[(k + i) & ring_mask] &= ~moved;
      }
      release_ring[plan.clamp_end[k] & ring_mask] |= spiked_bits;
      clamped_bits |= spiked_bits;
      record_stats(k, spiked_bits);
    }
  };

  // SPEC 1 for local step k >= 1 with these currents, then record it.
  auto step = [&](std::int64_t k, std::int64_t k0,
                  const Batch(&current)[kBatches]) LIFBENCH_ALWAYS_INLINE {
    if constexpr (kRefractoryBits) {
      step_bits(k, current);
      return;
    }
    const Batch t(step_times[k]);
    Bool spiked[kBatches];
    for (int b = 0; b < kBatches; ++b) {
      Batch vb = v[b];
      vb = vb + bc.a * ((bc.el - vb) + bc.r * current[b]);
      spiked[b] = vb >= bc.vth;
      const Bool clamped = refractory_until[b] > t;
      v[b] = xsimd::select(spiked[b] || clamped, bc.vr, vb);
      refractory_until[b] = xsimd::select(spiked[b], t + t_ref[b], refractory_until[b]);
      if (kRows && track_last) last[b] = xsimd::select(spiked[b], t, last[b]);
    }
    record(k, k0, spiked);
  };

  // The step with the Philox uniforms u (one batch per batch of the block).
  auto step_uniform = [&](std::int64_t k, std::int64_t k0, const Batch(&u)[kBatches])
                          LIFBENCH_ALWAYS_INLINE {
                            Batch current[kBatches];
                            for (int b = 0; b < kBatches; ++b)
                              current[b] = bc.template current<kCentred>(u[b]);
                            step(k, k0, current);
                          };

  for (std::int64_t k0 = 0; k0 < steps;) {
    // Segment [k0, k1): its global steps end at a multiple of kSegmentSteps. With neither
    // output tiles (kRows false) nor an input tile (the philox stream), the whole run is one
    // segment, so the one-block-ahead generation below never restarts.
    const std::int64_t global0 = in.first_step + k0;
    std::int64_t k1 = (global0 / kSegmentSteps + 1) * kSegmentSteps - in.first_step;
    if (k1 > steps || (!kRows && in.stream == Stream::philox)) k1 = steps;
    std::int64_t k = k0;
    if (k == 0) {  // local step 0: the carried (or initial) state, recorded only
      Bool none[kBatches];
      for (auto& b : none) b = Bool(false);
      record(0, k0, none);
      k = 1;
    }
    if (in.stream == Stream::numpy) {
      // Transpose the block's rows of steps [k, k1) into the tile (padded lanes: 0).
      for (int l = 0; l < kNeurons; ++l) {
        const T* row = (!kTail || l < valid) ? in.current + (row0 + l) * steps : nullptr;
        for (std::int64_t s = k; s < k1; ++s) {
          current_tile[(s - k0) * kNeurons + l] = row ? row[s] : T(0);
        }
      }
      for (; k < k1; ++k) {
        Batch current[kBatches];
        for (int b = 0; b < kBatches; ++b) {
          current[b] = Batch::load_aligned(current_tile + (k - k0) * kNeurons + b * kLanes);
        }
        step(k, k0, current);
      }
    } else {
      // One Philox block feeds kStepsPerWords global steps. Its inputs are generated one
      // block ahead: the steps of block b (a dependency chain through v) run while the
      // rounds of block b + 1 (independent work) are in flight beside them.
      Batch inputs[2][kStepsPerWords][kBatches];
      std::int64_t block = (in.first_step + k) / kStepsPerWords;
      const std::int64_t last_block = (in.first_step + k1 - 1) / kStepsPerWords;
      block_uniforms<Arch, T, kPhiloxBatches, kBatches, kStepsPerWords, kCentred>(
          keys, static_cast<std::uint32_t>(block), j_lo, j_hi, inputs[block & 1]);
      for (; block <= last_block; ++block) {
        if (block < last_block) {
          block_uniforms<Arch, T, kPhiloxBatches, kBatches, kStepsPerWords, kCentred>(
              keys, static_cast<std::uint32_t>(block + 1), j_lo, j_hi, inputs[(block + 1) & 1]);
        }
        const Batch(&u)[kStepsPerWords][kBatches] = inputs[block & 1];
        const std::int64_t local_first = block * kStepsPerWords - in.first_step;
        if (local_first >= k && local_first + kStepsPerWords <= k1) {
#pragma GCC unroll 4
          for (int i = 0; i < kStepsPerWords; ++i) step_uniform(local_first + i, k0, u[i]);
        } else {  // a block cut by the segment's first or last step (constant indices into u)
          for (int i = 0; i < kStepsPerWords; ++i) {
            if (local_first + i >= k && local_first + i < k1) {
              step_uniform(local_first + i, k0, u[i]);
            }
          }
        }
      }
      k = k1;
    }
    // Copy the segment's tiles to the rows of the live neurons; fold the spike counts.
    if (kRows) {
      const std::int64_t count = k1 - k0;
      if (out.raster) {
        for (int l = 0; l < valid; ++l) {
          std::uint8_t* row = out.raster + (row0 + l) * steps + k0;
          for (std::int64_t s = 0; s < count; ++s) {
            row[s] = static_cast<std::uint8_t>((spike_tile[s] >> l) & 1u);
          }
        }
      }
      if (out.v) {
        for (int l = 0; l < valid; ++l) {
          T* row = out.v + (row0 + l) * steps + k0;
          for (std::int64_t s = 0; s < count; ++s) row[s] = v_tile[s * kNeurons + l];
        }
      }
      if (out.neuron_spikes) {  // exact in T: at most kSegmentSteps per lane per segment
        alignas(64) T counts[kNeurons];
        for (int b = 0; b < kBatches; ++b) {
          spike_count[b].store_aligned(counts + b * kLanes);
          spike_count[b] = Batch(T(0));
        }
        for (int l = 0; l < kNeurons; ++l) spike_total[l] += static_cast<std::int64_t>(counts[l]);
      }
    }
    k0 = k1;
  }

  // Per-neuron results of the live lanes.
  if (out.last_spike_out) {
    alignas(64) T lanes[kNeurons];
    for (int b = 0; b < kBatches; ++b) last[b].store_aligned(lanes + b * kLanes);
    for (int l = 0; l < valid; ++l) out.last_spike_out[row0 + l] = lanes[l];
  }
  if (out.neuron_spikes) {
    for (int l = 0; l < valid; ++l) out.neuron_spikes[row0 + l] = spike_total[l];
  }
}

}  // namespace detail

template <class Arch, class T>
void lif_range(const RangeCall<T>& call) {
  using Shape = LifShape<Arch, T>;
  const Inputs<T>& in = *call.in;
  const Outputs<T>& out = *call.out;
  const std::int64_t steps = in.steps;
  const detail::BatchConstants<Arch, T> bc(in.c);
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(in.seed);
  const PhiloxRoundKeys centred_keys = keys.flipped_keys();  // for the kCentred paths
  for (std::int64_t k = 0; k < steps; ++k) {  // model.hpp step_time of global step first + k
    call.step_times[k] = static_cast<T>(in.first_step + k) * in.c.dt;
  }
  detail::BlockPlan<T> plan{&in,
                            &out,
                            call.step_times,
                            call.lane_sums,
                            nullptr,
                            chunk_first(call.chunk_begin),
                            out.raster != nullptr || out.v != nullptr ||
                                out.neuron_spikes != nullptr || out.last_spike_out != nullptr,
                            call.clamp_end,
                            call.clamp_ring,
                            call.clamp_ring_size - 1};
  // Full philox blocks take the centred shortcut when it is exact (the same bits).
  const bool centred = in.stream == Stream::philox && detail::centred_noise_is_exact(in.c.noise);
  // The refractory test on lane bits needs AVX-512's mask registers and the windows (set by
  // run_xsimd_range only for one refractory period and a fresh start).
  const bool refractory_bits = kIsAvx512<Arch> && call.clamp_end != nullptr;
  for (std::int64_t chunk = call.chunk_begin; chunk < call.chunk_end; ++chunk) {
    const std::int64_t chunk_row = chunk - call.chunk_begin;
    for (std::int64_t i = 0; i < steps * kSumLanes; ++i) call.lane_sums[i] = T(0);
    plan.chunk_spikes =
        out.chunk_spikes ? out.chunk_spikes + chunk_row * steps : call.spike_scratch;
    for (std::int64_t k = 0; k < steps; ++k) plan.chunk_spikes[k] = 0;
    const std::int64_t end = chunk_end_neuron(chunk, in.neurons);
    for (std::int64_t j0 = chunk_first(chunk); j0 < end; j0 += Shape::kNeurons) {
      const int valid = end - j0 < Shape::kNeurons ? static_cast<int>(end - j0) : Shape::kNeurons;
      if (valid < Shape::kNeurons) {
        detail::run_block<Arch, T, true, false, true>(plan, bc, keys, j0, valid);
      } else if (plan.rows) {
        detail::run_block<Arch, T, false, false, true>(plan, bc, keys, j0, valid);
      } else if (centred && refractory_bits) {  // the statistics-only fast path
        if constexpr (kIsAvx512<Arch>) {
          detail::run_block<Arch, T, false, true, false, true>(plan, bc, centred_keys, j0, valid);
        }
      } else if (centred) {
        detail::run_block<Arch, T, false, true, false>(plan, bc, centred_keys, j0, valid);
      } else {
        detail::run_block<Arch, T, false, false, false>(plan, bc, keys, j0, valid);
      }
    }
    if (out.chunk_vsum) {  // canonical.hpp fold_lanes: left to right in T, then widen
      for (std::int64_t k = 0; k < steps; ++k) {
        T sum = T(0);
        for (std::int64_t l = 0; l < kSumLanes; ++l) sum = sum + call.lane_sums[k * kSumLanes + l];
        out.chunk_vsum[chunk_row * steps + k] = static_cast<double>(sum);
      }
    }
  }
}
template <class Arch, class T>
double philox_floor_range(std::uint64_t seed, std::int64_t j_begin, std::int64_t j_end,
                          std::int64_t steps) {
  using Shape = LifShape<Arch, T>;
  using Batch = typename Shape::Batch;
  constexpr int kPhiloxBatches = Shape::kPhiloxBatches;
  constexpr int kBatches = Shape::kBatches;
  constexpr int kStepsPerWords = Shape::kStepsPerWords;
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(seed);
  Batch checksum(T(0));
  const std::int64_t blocks = (steps + kStepsPerWords - 1) / kStepsPerWords;
  for (std::int64_t j0 = j_begin; j0 < j_end; j0 += Shape::kNeurons) {
    xsimd::batch<std::uint32_t, Arch> j_lo[kPhiloxBatches];
    for (int p = 0; p < kPhiloxBatches; ++p) {
      j_lo[p] = lane_counter<Arch>(static_cast<std::uint32_t>(j0 + p * Shape::kWordLanes));
    }
    const auto j_hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(j0) >> 32);
    Batch sum[kBatches];
    for (auto& s : sum) s = Batch(T(0));
    for (std::int64_t block = 0; block < blocks; ++block) {
      Batch u[kStepsPerWords][kBatches];
      detail::block_uniforms<Arch, T, kPhiloxBatches, kBatches, kStepsPerWords>(
          keys, static_cast<std::uint32_t>(block), j_lo, j_hi, u);
      for (int i = 0; i < kStepsPerWords; ++i) {
        for (int b = 0; b < kBatches; ++b) sum[b] = sum[b] + u[i][b];
      }
    }
    for (int b = 0; b < kBatches; ++b) checksum = checksum + sum[b];
  }
  alignas(64) T lanes[Batch::size];
  checksum.store_aligned(lanes);
  double total = 0.0;
  for (std::size_t l = 0; l < Batch::size; ++l) total += static_cast<double>(lanes[l]);
  return total;
}

template <class Arch>
void philox_general_lanes(std::size_t count, const std::uint32_t* counters,
                          const std::uint32_t* keys, std::uint32_t* words) {
  using U = xsimd::batch<std::uint32_t, Arch>;
  constexpr std::size_t kL = U::size;
  for (std::size_t first = 0; first < count; first += kL) {
    alignas(64) std::uint32_t lanes[6][kL] = {};
    for (std::size_t l = 0; l < kL && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) lanes[i][l] = counters[(first + l) * 4 + i];
      for (int i = 0; i < 2; ++i) lanes[4 + i][l] = keys[(first + l) * 2 + i];
    }
    U x[4];
    for (int i = 0; i < 4; ++i) x[i] = U::load_aligned(lanes[i]);
    philox4x32_10<Arch>(x, U::load_aligned(lanes[4]), U::load_aligned(lanes[5]));
    for (int i = 0; i < 4; ++i) x[i].store_aligned(lanes[i]);
    for (std::size_t l = 0; l < kL && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) words[(first + l) * 4 + i] = lanes[i][l];
    }
  }
}

template <class Arch>
void philox_stream_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                         std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  using U = xsimd::batch<std::uint32_t, Arch>;
  constexpr std::size_t kL = U::size;
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(seed);
  for (std::size_t first = 0; first < count; first += kL) {
    const std::uint64_t j = j_first + first;
    U w[4];
    philox_stream_words<Arch>(keys, block, lane_counter<Arch>(static_cast<std::uint32_t>(j)),
                              static_cast<std::uint32_t>(j >> 32), domain, w);
    alignas(64) std::uint32_t lanes[4][kL];
    for (int i = 0; i < 4; ++i) w[i].store_aligned(lanes[i]);
    for (std::size_t l = 0; l < kL && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) words[(first + l) * 4 + i] = lanes[i][l];
    }
  }
}

template <class Arch, class T>
void philox_uniform_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, T* u) {
  using Shape = LifShape<Arch, T>;
  using Batch = typename Shape::Batch;
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(seed);
  const auto block = static_cast<std::uint32_t>(k / Shape::kStepsPerWords);
  for (std::size_t first = 0; first < count; first += Shape::kNeurons) {
    const std::uint64_t j = j_first + first;
    xsimd::batch<std::uint32_t, Arch> j_lo[Shape::kPhiloxBatches];
    for (int p = 0; p < Shape::kPhiloxBatches; ++p) {
      j_lo[p] = lane_counter<Arch>(static_cast<std::uint32_t>(j + p * Shape::kWordLanes));
    }
    Batch step_u[Shape::kStepsPerWords][Shape::kBatches];
    detail::block_uniforms<Arch, T, Shape::kPhiloxBatches, Shape::kBatches, Shape::kStepsPerWords>(
        keys, block, j_lo, static_cast<std::uint32_t>(j >> 32), step_u);
    alignas(64) T lanes[Shape::kNeurons];
    for (int b = 0; b < Shape::kBatches; ++b) {
      step_u[k % Shape::kStepsPerWords][b].store_aligned(lanes + b * Shape::kLanes);
    }
    for (std::size_t l = 0; l < static_cast<std::size_t>(Shape::kNeurons) && first + l < count;
         ++l) {
      u[first + l] = lanes[l];
    }
  }
}

// Each ISA unit instantiates the entry points for its arch (LIFBENCH_XSIMD_INSTANTIATE);
// every other unit only refers to them (the extern declarations below). ARCH is a type in a
// template argument list, where parentheses are not allowed.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LIFBENCH_XSIMD_ENTRY_POINTS(PREFIX, ARCH)                                                 \
  PREFIX void lif_range<ARCH, double>(const RangeCall<double>&);                                  \
  PREFIX void lif_range<ARCH, float>(const RangeCall<float>&);                                    \
  PREFIX double philox_floor_range<ARCH, double>(std::uint64_t, std::int64_t, std::int64_t,       \
                                                 std::int64_t);                                   \
  PREFIX double philox_floor_range<ARCH, float>(std::uint64_t, std::int64_t, std::int64_t,        \
                                                std::int64_t);                                    \
  PREFIX void philox_general_lanes<ARCH>(std::size_t, const std::uint32_t*, const std::uint32_t*, \
                                         std::uint32_t*);                                         \
  PREFIX void philox_stream_lanes<ARCH>(std::uint64_t, std::uint64_t, std::size_t, std::uint32_t, \
                                        std::uint32_t, std::uint32_t*);                           \
  PREFIX void philox_uniform_lanes<ARCH, double>(std::uint64_t, std::uint64_t, std::size_t,       \
                                                 std::int64_t, double*);                          \
  PREFIX void philox_uniform_lanes<ARCH, float>(std::uint64_t, std::uint64_t, std::size_t,        \
                                                std::int64_t, float*);
#define LIFBENCH_XSIMD_INSTANTIATE(ARCH) LIFBENCH_XSIMD_ENTRY_POINTS(template, ARCH)
// NOLINTEND(bugprone-macro-parentheses)

#define LIFBENCH_ISA(family, name, arch, bits, flags) \
  LIFBENCH_ISA_ROW_##family(LIFBENCH_XSIMD_ENTRY_POINTS(extern template, xsimd::arch))
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

}  // namespace lifbench::simd
