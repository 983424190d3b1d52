// The xsimd kernel's block loop: one block of neurons through all steps of a run.
//
// A block (lif_shape.hpp: kBatches SIMD batches, one neuron per lane; 64 neurons in f64 and
// f32 on AVX-512) goes through ALL steps of the run with its state (membrane voltage,
// refractory_until, refractory period, spike count) in batches that the compiler keeps in
// registers as far as the register file allows: no state round trip to memory per step. The
// input current of each step comes either from the materialized matrix (Stream::numpy; in
// its tiled layout a block's currents of one step are consecutive, kernel.hpp input_offset)
// or from the SIMD Philox fused into the loop (Stream::philox; one uint32 lane per neuron).
// Recording goes through block-local tiles that are copied to the rows of the output
// matrices every kSegmentSteps steps.
//
// Tails: the last block of a population is padded to whole batches; padded lanes compute
// whatever their (neutral) inputs give and are masked out of every output (lane sums by
// select, spike counts by a lane mask, rows and snapshots by the valid lane count). There
// is no separately written scalar loop.
//
// The arithmetic is model.hpp's formulas on batches (SPEC section 1 in the same association,
// without FMA: -ffp-contract=off), so every lane rounds as the scalar kernels do; the
// per-step voltage sums follow canonical.hpp. The path (block_path.hpp) fixes at compile
// time what a block records and how it tests the refractory period.
#pragma once

#include <cstdint>

#include "block_inputs.hpp"
#include "block_path.hpp"
#include "lif_shape.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"
#include "lifbench/streams.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd::detail {

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
  const std::int64_t* clamp_end;  // RangeCall::clamp_end (the lane-bits path)
  std::uint64_t* clamp_ring;      // RangeCall::clamp_ring (the lane-bits path)
  std::int64_t clamp_ring_mask;   // clamp_ring_size - 1
};

// Block-local memory of one segment: the recording tiles, the spike totals.
template <class T, int kNeurons>
struct SegmentTiles {
  alignas(64) T v[kSegmentSteps * kNeurons];  // [step][lane] voltages
  std::uint64_t spikes[kSegmentSteps];        // bit l: lane l spiked
  std::int64_t spike_total[kNeurons];         // spikes per lane, folded per segment
};

#define LIFBENCH_ALWAYS_INLINE __attribute__((always_inline))

// One block of neurons through all steps on path P: neurons j0 .. j0 + valid - 1 (the tail
// path: valid is less than the block, the other lanes are padding).
//
// Every member function is inlined into run_block, and the batches below are indexed by
// constants only (unrolled loops), so the compiler keeps them in registers; variable-index
// memory (tiles, the Philox inputs) lives in separate objects, the tiles only on the paths
// that use them (BlockPolicy::kTiles).
//
// The lane-bits path (AVX-512, statistics only, plan.clamp_end set): the refractory test runs
// on lane bits in general-purpose registers instead of a refractory_until batch per lane.
// A neuron spiking at local step k is clamped exactly at steps k+1 .. clamp_end[k]-1 (the
// same test, `t_k + t_ref > t`, evaluated once per step for the whole population), so
// `clamped_bits` holds the lanes clamped at the current step and a ring of release slots,
// indexed by step, holds the lanes each step's start releases. The vector side is left with
// the update, one compare, one mask move each way and one select per batch and step; the
// integer side runs on ports the vector code leaves idle (docs/performance.md).
template <class Arch, class T, BlockPath P, class G>
class BlockRun {
  using Policy = BlockPolicy<P>;
  using Shape = LifShape<Arch, T>;
  using Batch = typename Shape::Batch;
  using Bool = typename Shape::Bool;
  using Words = typename Shape::Words;
  static constexpr int kLanes = Shape::kLanes;
  static constexpr int kBatches = Shape::kBatches;
  static constexpr int kNeurons = Shape::kNeurons;
  static constexpr int kPhiloxBatches = Shape::kPhiloxBatches;
  static constexpr int kStepsPerWords = Shape::kStepsPerWords;
  // Lane sums: batch b of the block adds to lanes (j0 + b * kLanes) % kSumLanes onwards, so
  // batches b and b + kSumGroups add to the same lanes (in that order: neuron order).
  static constexpr int kSumGroups =
      kBatches < kSumLanes / kLanes ? kBatches : static_cast<int>(kSumLanes / kLanes);

 public:
  using Tiles = SegmentTiles<T, kNeurons>;

  BlockRun(const BlockPlan<T>& plan, const BatchConstants<Arch, T>& bc,
           const typename G::Keys& keys, std::int64_t j0, int valid,
           Tiles* tiles) LIFBENCH_ALWAYS_INLINE : plan_(plan),
                                                  in_(*plan.in),
                                                  out_(*plan.out),
                                                  bc_(bc),
                                                  keys_(keys),
                                                  tiles_(tiles),
                                                  j0_(j0),
                                                  j_first_(static_cast<std::uint64_t>(j0)),
                                                  valid_(valid),
                                                  row0_(j0 - plan.in->base_neuron),
                                                  step_times_(plan.step_times),
                                                  chunk_spikes_(plan.chunk_spikes),
                                                  snapshot_slot_(plan.out->snapshot_slot),
                                                  release_ring_(plan.clamp_ring),
                                                  ring_mask_(plan.clamp_ring_mask),
                                                  record_raster_(plan.out->raster != nullptr),
                                                  record_v_(plan.out->v != nullptr),
                                                  count_spikes_(plan.out->neuron_spikes != nullptr),
                                                  track_last_(plan.out->last_spike_out != nullptr) {
    load_state();
  }

  // All segments of the run, then the per-neuron results of the live lanes.
  void run() LIFBENCH_ALWAYS_INLINE {
    for (std::int64_t k0 = 0; k0 < in_.steps;) {
      // Segment [k0, k1): its global steps end at a multiple of kSegmentSteps. Without
      // output tiles the whole run is one segment, so the one-block-ahead generation of the
      // philox stream never restarts.
      const std::int64_t global0 = in_.first_step + k0;
      std::int64_t k1 = (global0 / kSegmentSteps + 1) * kSegmentSteps - in_.first_step;
      if (k1 > in_.steps || !Policy::kRows) k1 = in_.steps;
      std::int64_t k = k0;
      if (k == 0) {  // local step 0: the carried (or initial) state, recorded only
        Bool none[kBatches];
#pragma GCC unroll 16
        for (auto& b : none) b = Bool(false);
        record(0, k0, none);
        k = 1;
      }
      if constexpr (Policy::kMaterialized) {
        if (in_.stream == Stream::numpy) {
          numpy_segment(k, k0, k1);
        } else {
          philox_segment(k, k0, k1);
        }
      } else {
        philox_segment(k, k0, k1);
      }
      if constexpr (Policy::kRows) flush_segment(k0, k1);
      k0 = k1;
    }
    finish();
  }

 private:
  // Initial state (padded lanes: t_ref 0, v el, last spike 0), lane sums, Philox counters.
  // refractory_until = last_spike + t_ref, rounded once per spike: the same value SPEC 1's
  // `last_spike + t_ref > t` computes at every step. last_spike itself is kept only when
  // the caller wants it back (last_spike_out).
  void load_state() LIFBENCH_ALWAYS_INLINE {
    alignas(64) T t_ref0[kNeurons], v0[kNeurons], last0[kNeurons], lane_index[kNeurons];
    for (int l = 0; l < kNeurons; ++l) {
      const bool is_live = l < valid_;
      t_ref0[l] = is_live ? in_.t_ref[row0_ + l] : T(0);
      v0[l] = is_live && in_.v0 ? in_.v0[row0_ + l] : in_.c.el;
      last0[l] = is_live && in_.last_spike0 ? in_.last_spike0[row0_ + l] : -t_ref0[l];
      lane_index[l] = static_cast<T>(l);
      if constexpr (Policy::kRows) tiles_->spike_total[l] = 0;
    }
#pragma GCC unroll 16
    for (int b = 0; b < kBatches; ++b) {
      t_ref_[b] = Batch::load_aligned(t_ref0 + b * kLanes);
      v_[b] = Batch::load_aligned(v0 + b * kLanes);
      last_[b] = Batch::load_aligned(last0 + b * kLanes);
      refractory_until_[b] = refractory_until(last_[b], t_ref_[b]);
      spike_count_[b] = Batch(T(0));
      live_[b] = Batch::load_aligned(lane_index + b * kLanes) < Batch(static_cast<T>(valid_));
    }
    live_bits_ = valid_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << valid_) - 1;
#pragma GCC unroll 16
    for (int g = 0; g < kSumGroups; ++g) {
      lane_sum_[g] = plan_.lane_sums + (j0_ + g * kLanes) % kSumLanes;
    }
    // Philox counters: word 1 = j (low 32 bits) per lane, word 2 = j >> 32 (one per block).
#pragma GCC unroll 16
    for (int p = 0; p < kPhiloxBatches; ++p) {
      j_lo_[p] = lane_counter<Arch>(static_cast<std::uint32_t>(j0_ + p * Shape::kWordLanes));
    }
    j_hi_ = static_cast<std::uint32_t>(static_cast<std::uint64_t>(j0_) >> 32);
    if constexpr (Policy::kLaneBits) {
      for (std::int64_t i = 0; i <= ring_mask_; ++i) release_ring_[i] = 0;
    }
  }

  // Records the statistics of local step k: spike count (bits: the live lanes that spiked),
  // lane sums, snapshot.
  void record_stats(std::int64_t k, std::uint64_t bits) LIFBENCH_ALWAYS_INLINE {
    chunk_spikes_[k] += __builtin_popcountll(bits);
#pragma GCC unroll 16
    for (int g = 0; g < kSumGroups; ++g) {  // batches g, g + kSumGroups, ... in order
      T* lane = lane_sum_[g] + k * kSumLanes;
      Batch acc = Batch::load_unaligned(lane);
#pragma GCC unroll 16
      for (int b = g; b < kBatches; b += kSumGroups) {
        acc = Policy::kPartial ? xsimd::select(live_[b], acc + v_[b], acc) : acc + v_[b];
      }
      acc.store_unaligned(lane);
    }
    if (snapshot_slot_ && snapshot_slot_[k] >= 0) {
      T* dst =
          out_.snapshots + snapshot_slot_[k] * out_.snapshot_stride + (j0_ - plan_.range_first);
      if constexpr (!Policy::kPartial) {
#pragma GCC unroll 16
        for (int b = 0; b < kBatches; ++b) v_[b].store_unaligned(dst + b * kLanes);
      } else {
        alignas(64) T lanes[kNeurons];
#pragma GCC unroll 16
        for (int b = 0; b < kBatches; ++b) v_[b].store_aligned(lanes + b * kLanes);
        for (int l = 0; l < valid_; ++l) dst[l] = lanes[l];
      }
    }
  }

  // Records local step k (segment start k0): record_stats, then the tiles.
  void record(std::int64_t k, std::int64_t k0,
              const Bool (&spiked)[kBatches]) LIFBENCH_ALWAYS_INLINE {
    std::uint64_t bits = 0;
#pragma GCC unroll 16
    for (int b = 0; b < kBatches; ++b) {
      bits |= static_cast<std::uint64_t>(lane_bits<T, Arch>(spiked[b])) << (b * kLanes);
    }
    if constexpr (Policy::kPartial) bits &= live_bits_;
    record_stats(k, bits);
    if constexpr (Policy::kRows) {
      if (record_raster_) tiles_->spikes[k - k0] = bits;
      if (record_v_) {
#pragma GCC unroll 16
        for (int b = 0; b < kBatches; ++b) {
          v_[b].store_aligned(tiles_->v + (k - k0) * kNeurons + b * kLanes);
        }
      }
      if (count_spikes_) {
#pragma GCC unroll 16
        for (int b = 0; b < kBatches; ++b) {
          spike_count_[b] = xsimd::select(spiked[b], spike_count_[b] + bc_.one, spike_count_[b]);
        }
      }
    }
  }

  // SPEC 1 for local step k >= 1 with the refractory test on lane bits, then its statistics.
  void step_lane_bits(std::int64_t k, const Batch (&current)[kBatches]) LIFBENCH_ALWAYS_INLINE {
    std::uint64_t& released = release_ring_[k & ring_mask_];
    clamped_bits_ &= ~released;
    released = 0;
    std::uint64_t spiked_bits = 0;
#pragma GCC unroll 16
    for (int b = 0; b < kBatches; ++b) {
      const Batch vb = euler_update(v_[b], current[b], bc_);
      const std::uint64_t spiked = lane_bits<T, Arch>(crosses_threshold(vb, bc_));
      spiked_bits |= spiked << (b * kLanes);
      const auto reset = static_cast<std::uint32_t>(spiked | (clamped_bits_ >> (b * kLanes)));
      v_[b] = xsimd::select(mask_from_bits<T, Arch>(reset), bc_.vr, vb);
    }
    // A lane spiking while clamped leaves its earlier release slot (rare).
    if (const std::uint64_t moved = spiked_bits & clamped_bits_; moved != 0) [[unlikely]] {
      for (std::int64_t i = 1; i <= ring_mask_; ++i) release_ring_[(k + i) & ring_mask_] &= ~moved;
    }
    release_ring_[plan_.clamp_end[k] & ring_mask_] |= spiked_bits;
    clamped_bits_ |= spiked_bits;
    record_stats(k, spiked_bits);
  }

  // SPEC 1 for local step k >= 1 with these currents, then record it.
  void step(std::int64_t k, std::int64_t k0,
            const Batch (&current)[kBatches]) LIFBENCH_ALWAYS_INLINE {
    if constexpr (Policy::kLaneBits) {
      step_lane_bits(k, current);
    } else {
      const Batch t(step_times_[k]);
      Bool spiked[kBatches];
#pragma GCC unroll 16
      for (int b = 0; b < kBatches; ++b) {
        const Batch vb = euler_update(v_[b], current[b], bc_);
        spiked[b] = crosses_threshold(vb, bc_);
        const Bool clamped = still_refractory(refractory_until_[b], t);
        v_[b] = xsimd::select(spiked[b] || clamped, bc_.vr, vb);
        refractory_until_[b] =
            xsimd::select(spiked[b], refractory_until(t, t_ref_[b]), refractory_until_[b]);
        if (Policy::kRows && track_last_) last_[b] = xsimd::select(spiked[b], t, last_[b]);
      }
      record(k, k0, spiked);
    }
  }

  // The step with the Philox inputs x (one batch per batch of the block).
  void step_philox(std::int64_t k, std::int64_t k0,
                   const Batch (&x)[kBatches]) LIFBENCH_ALWAYS_INLINE {
    Batch current[kBatches];
#pragma GCC unroll 16
    for (int b = 0; b < kBatches; ++b) current[b] = current_of<Policy::kInputs>(x[b], bc_);
    step(k, k0, current);
  }

  // Steps [k, k1) of segment k0 from the materialized matrix, read where it lies: a batch's
  // currents of a step are consecutive in its input tile, the next step's follow kInputTile
  // values later (kernel.hpp input_offset). A block of several tiles reads them side by
  // side, several streams at once, each prefetched into L2 kPrefetchSteps steps ahead
  // (docs/performance.md). Padded lanes read the zeros that pad the last tile, or 0 for a
  // batch past it (the tail path).
  void numpy_segment(std::int64_t k, std::int64_t k0, std::int64_t k1) LIFBENCH_ALWAYS_INLINE {
    const T* first[kBatches];  // each batch's currents at step k (null: past the last tile)
#pragma GCC unroll 16
    for (int b = 0; b < kBatches; ++b) {
      const bool live = !Policy::kPartial || b * kLanes < valid_;
      first[b] = live ? in_.current_at(j0_ + b * kLanes, k) : nullptr;
    }
    for (std::int64_t step_offset = 0; k < k1; ++k, step_offset += kInputTile) {
      if (!Policy::kPartial && k + kPrefetchSteps < in_.steps) prefetch_inputs(first, step_offset);
      Batch current[kBatches];
#pragma GCC unroll 16
      for (int b = 0; b < kBatches; ++b) {
        if constexpr (Policy::kPartial) {
          current[b] = first[b] ? Batch::load_unaligned(first[b] + step_offset) : Batch(T(0));
        } else {
          current[b] = Batch::load_unaligned(first[b] + step_offset);
        }
      }
      step(k, k0, current);
    }
  }

  // Asks for the cache lines of the block's currents kPrefetchSteps steps after the one at
  // step_offset, into L2 (locality 1: prefetcht2), one request per cache line.
  void prefetch_inputs(const T* const (&first)[kBatches],
                       std::int64_t step_offset) LIFBENCH_ALWAYS_INLINE {
    constexpr int kPerLine = static_cast<int>(64 / sizeof(T));
    const std::int64_t ahead = step_offset + kPrefetchSteps * kInputTile;
#pragma GCC unroll 16
    for (int b = 0; b < kBatches; ++b) {
      if ((b * kLanes) % kPerLine == 0) __builtin_prefetch(first[b] + ahead, 0, 1);
    }
  }

  // Steps [k, k1) of segment k0 from the Philox stream. One Philox block feeds
  // kStepsPerWords global steps. Its inputs are generated one block ahead: the steps of
  // block b (a dependency chain through v) run while the rounds of block b + 1 (independent
  // work) are in flight beside them.
  void philox_segment(std::int64_t k, std::int64_t k0, std::int64_t k1) LIFBENCH_ALWAYS_INLINE {
    Batch inputs[2][kStepsPerWords][kBatches];
    std::int64_t block = (in_.first_step + k) / kStepsPerWords;
    const std::int64_t last_block = (in_.first_step + k1 - 1) / kStepsPerWords;
    block_uniforms<Arch, T, Policy::kInputs, G>(keys_, static_cast<std::uint32_t>(block), j_lo_,
                                                j_hi_, j_first_, inputs[block & 1]);
    for (; block <= last_block; ++block) {
      if (block < last_block) {
        block_uniforms<Arch, T, Policy::kInputs, G>(keys_, static_cast<std::uint32_t>(block + 1),
                                                    j_lo_, j_hi_, j_first_,
                                                    inputs[(block + 1) & 1]);
      }
      const Batch(&x)[kStepsPerWords][kBatches] = inputs[block & 1];
      const std::int64_t local_first = block * kStepsPerWords - in_.first_step;
      if (local_first >= k && local_first + kStepsPerWords <= k1) {
#pragma GCC unroll 4
        for (int i = 0; i < kStepsPerWords; ++i) step_philox(local_first + i, k0, x[i]);
      } else {  // a block cut by the segment's first or last step (constant indices into x)
        for (int i = 0; i < kStepsPerWords; ++i) {
          if (local_first + i >= k && local_first + i < k1) step_philox(local_first + i, k0, x[i]);
        }
      }
    }
  }

  // Copies the segment's tiles [k0, k1) to the rows of the live neurons; folds the spike
  // counts (exact in T: at most kSegmentSteps per lane per segment).
  void flush_segment(std::int64_t k0, std::int64_t k1) LIFBENCH_ALWAYS_INLINE {
    const std::int64_t steps = in_.steps, count = k1 - k0;
    if (out_.raster) {
      for (int l = 0; l < valid_; ++l) {
        std::uint8_t* row = out_.raster + (row0_ + l) * steps + k0;
        for (std::int64_t s = 0; s < count; ++s) {
          row[s] = static_cast<std::uint8_t>((tiles_->spikes[s] >> l) & 1u);
        }
      }
    }
    if (out_.v) {
      for (int l = 0; l < valid_; ++l) {
        T* row = out_.v + (row0_ + l) * steps + k0;
        for (std::int64_t s = 0; s < count; ++s) row[s] = tiles_->v[s * kNeurons + l];
      }
    }
    if (out_.neuron_spikes) {
      alignas(64) T counts[kNeurons];
#pragma GCC unroll 16
      for (int b = 0; b < kBatches; ++b) {
        spike_count_[b].store_aligned(counts + b * kLanes);
        spike_count_[b] = Batch(T(0));
      }
      for (int l = 0; l < kNeurons; ++l) {
        tiles_->spike_total[l] += static_cast<std::int64_t>(counts[l]);
      }
    }
  }

  // Per-neuron results of the live lanes (recorded on the rows paths only).
  void finish() LIFBENCH_ALWAYS_INLINE {
    if constexpr (Policy::kRows) {
      if (out_.last_spike_out) {
        alignas(64) T lanes[kNeurons];
#pragma GCC unroll 16
        for (int b = 0; b < kBatches; ++b) last_[b].store_aligned(lanes + b * kLanes);
        for (int l = 0; l < valid_; ++l) out_.last_spike_out[row0_ + l] = lanes[l];
      }
      if (out_.neuron_spikes) {
        for (int l = 0; l < valid_; ++l) out_.neuron_spikes[row0_ + l] = tiles_->spike_total[l];
      }
    }
  }

  const BlockPlan<T>& plan_;
  const Inputs<T>& in_;
  const Outputs<T>& out_;
  const BatchConstants<Arch, T>& bc_;
  const typename G::Keys& keys_;  // StreamKeys::of(Policy::kInputs)
  Tiles* const tiles_;            // null unless Policy::kTiles
  const std::int64_t j0_;
  const std::uint64_t j_first_;  // j0 as the generator's counter word
  const int valid_;
  const std::int64_t row0_;  // row of j0 in the per-neuron arrays
  // Copies of what the steps read, not loads through `plan_` or `out_` in every step.
  const T* const step_times_;
  std::int64_t* const chunk_spikes_;
  const std::int32_t* const snapshot_slot_;
  std::uint64_t* const release_ring_;  // the lane-bits path
  const std::int64_t ring_mask_;
  const bool record_raster_, record_v_, count_spikes_, track_last_;
  // The registers: one batch per kLanes neurons.
  Batch v_[kBatches], last_[kBatches], t_ref_[kBatches], refractory_until_[kBatches];
  Batch spike_count_[kBatches];  // spikes of the segment (the rows paths)
  Bool live_[kBatches];          // the live lanes (the tail path)
  std::uint64_t live_bits_ = 0;
  T* lane_sum_[kSumGroups];
  Words j_lo_[kPhiloxBatches];
  std::uint32_t j_hi_ = 0;
  std::uint64_t clamped_bits_ = 0;  // the lane-bits path: the lanes clamped at this step
};

// One block of neurons through all steps on path P with generator G (BlockRun).
template <class Arch, class T, BlockPath P, class G>
void run_block(const BlockPlan<T>& plan, const BatchConstants<Arch, T>& bc,
               const typename G::Keys& keys, std::int64_t j0, int valid) {
  if constexpr (BlockPolicy<P>::kTiles) {
    typename BlockRun<Arch, T, P, G>::Tiles tiles;  // left uninitialized: written before read
    BlockRun<Arch, T, P, G> block(plan, bc, keys, j0, valid, &tiles);
    block.run();
  } else {
    BlockRun<Arch, T, P, G> block(plan, bc, keys, j0, valid, nullptr);
    block.run();
  }
}

}  // namespace lifbench::simd::detail
