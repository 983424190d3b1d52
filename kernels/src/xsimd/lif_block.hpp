// The xsimd LIF kernel: one source, compiled once per ISA (lif_sse2.cpp, lif_avx2.cpp,
// lif_avx512.cpp), in the manner of xsimd's arch dispatching and Highway's foreach_target.
//
// A block of neurons (kBatches SIMD batches, one neuron per lane) lives in registers through
// ALL steps of the run: membrane voltage, last spike time, refractory period and spike
// count never leave the registers between steps. The input current of each step comes
// either from the materialized matrix (Stream::numpy; a block's rows are transposed into a
// small [steps][lanes] tile first) or from the SIMD Philox fused into the loop
// (Stream::philox; one uint32 lane per neuron). Recording goes through block-local tiles
// that are copied to the rows of the output matrices every kSegmentSteps steps.
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

#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

#include <cstddef>
#include <cstdint>

#include "lifbench/kernel.hpp"
#include "lifbench/philox.hpp"  // kDomainUniform (its inline functions stay unused here)
#include "philox_simd.hpp"

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
  T* lane_sums;  // scratch [steps * kSumLanes]
};

// Register width in bits of lifbench's ISAs, and the block shape derived from it.
constexpr int register_bits(Isa isa) {
  return isa == Isa::avx512 ? 512 : isa == Isa::avx2 ? 256 : 128;
}
// Philox uint32 batches per block: one feeds 2 double batches or 1 float batch.
constexpr int philox_batches_per_block(std::size_t value_size) { return value_size == 8 ? 1 : 2; }
// Neurons per block of the xsimd kernel for an ISA and a value size (8: f64, 4: f32).
constexpr int block_neurons(Isa isa, std::size_t value_size) {
  return philox_batches_per_block(value_size) * register_bits(isa) / 32;
}

// The shape of the LIF kernel for one arch and precision.
template <class Arch, class T>
struct LifShape {
  using Batch = xsimd::batch<T, Arch>;
  using Bool = xsimd::batch_bool<T, Arch>;
  using Words = xsimd::batch<std::uint32_t, Arch>;
  static constexpr int kLanes = static_cast<int>(Batch::size);
  static constexpr int kWordLanes = static_cast<int>(Words::size);
  static constexpr int kPhiloxBatches = philox_batches_per_block(sizeof(T));
  static constexpr int kBatches = sizeof(T) == 8 ? 2 * kPhiloxBatches : kPhiloxBatches;
  static constexpr int kNeurons = kBatches * kLanes;  // neurons per block
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

// Broadcast model constants of one run.
template <class Arch, class T>
struct BatchConstants {
  xsimd::batch<T, Arch> a, el, vr, vth, r, i_mean, noise, one, two;

  explicit BatchConstants(const Constants<T>& c)
      : a(c.a), el(c.el), vr(c.vr), vth(c.vth), r(c.r), i_mean(c.i_mean), noise(c.noise),
        one(T(1)), two(T(2)) {}

  // i_mean * (1 + noise * ((2u) - 1)), in this association (model.hpp input_current).
  xsimd::batch<T, Arch> current(xsimd::batch<T, Arch> u) const {
    return i_mean * (one + noise * ((two * u) - one));
  }
};

// Philox words of the stream for block `block` of a block's kPhiloxBatches uint32 batches,
// turned into the uniforms of the kStepsPerWords steps it feeds: u[i][b] for step
// block * kStepsPerWords + i and batch b.
template <class Arch, class T, int kPhiloxBatches, int kBatches, int kStepsPerWords>
inline void block_uniforms(const PhiloxRoundKeys& keys, std::uint32_t block,
                           const xsimd::batch<std::uint32_t, Arch> (&j_lo)[kPhiloxBatches],
                           std::uint32_t j_hi,
                           xsimd::batch<T, Arch> (&u)[kStepsPerWords][kBatches]) {
  for (int p = 0; p < kPhiloxBatches; ++p) {
    xsimd::batch<std::uint32_t, Arch> w[4];
    philox_stream_words<Arch>(keys, block, j_lo[p], j_hi, kDomainUniform, w);
    if constexpr (sizeof(T) == 8) {
      // Step 2b: res53(w0, w1); step 2b+1: res53(w2, w3); lower lanes then upper lanes.
      uniforms_f64<Arch>(w[0], w[1], u[0][2 * p], u[0][2 * p + 1]);
      uniforms_f64<Arch>(w[2], w[3], u[1][2 * p], u[1][2 * p + 1]);
    } else {
      for (int i = 0; i < 4; ++i) u[i][p] = uniforms_f32<Arch>(w[i]);
    }
  }
}

// One block of neurons through all steps. kTail: the block has padded lanes.
template <class Arch, class T, bool kTail>
class BlockRun {
 public:
  using Range = LifShape<Arch, T>;
  using Batch = typename Range::Batch;
  using Bool = typename Range::Bool;
  static constexpr int kLanes = Range::kLanes;
  static constexpr int kBatches = Range::kBatches;
  static constexpr int kNeurons = Range::kNeurons;
  static constexpr int kPhiloxBatches = Range::kPhiloxBatches;
  static constexpr int kStepsPerWords = Range::kStepsPerWords;

  BlockRun(const Inputs<T>& in, const Outputs<T>& out, const BatchConstants<Arch, T>& bc,
           const PhiloxRoundKeys& keys, std::int64_t j0, int valid, std::int64_t chunk_row,
           std::int64_t range_first, T* lane_sums)
      : in_(in), out_(out), bc_(bc), keys_(keys), j0_(j0), valid_(valid),
        row0_(j0 - in.base_neuron), chunk_row_(chunk_row), range_first_(range_first),
        lane_sums_(lane_sums), steps_(in.steps) {}

  // Runs the block through every step and writes its per-neuron outputs.
  void run() {
    load_state();
    for (std::int64_t k0 = 0; k0 < steps_;) {
      const std::int64_t global0 = in_.first_step + k0;
      std::int64_t k1 = (global0 / kSegmentSteps + 1) * kSegmentSteps - in_.first_step;
      if (k1 > steps_) k1 = steps_;
      run_segment(k0, k1);
      flush_segment(k0, k1);
      k0 = k1;
    }
    store_state();
  }

 private:
  // Voltage, last spike, refractory period and spike count of every lane; lane masks.
  void load_state() {
    alignas(64) T t_ref[kNeurons], v0[kNeurons], last0[kNeurons], lane_index[kNeurons];
    for (int l = 0; l < kNeurons; ++l) {
      const bool live = l < valid_;
      t_ref[l] = live ? in_.t_ref[row0_ + l] : T(0);
      v0[l] = live && in_.v0 ? in_.v0[row0_ + l] : in_.c.el;
      last0[l] = live && in_.last_spike0 ? in_.last_spike0[row0_ + l] : -t_ref[l];
      lane_index[l] = static_cast<T>(l);
      spike_total_[l] = 0;
    }
    for (int b = 0; b < kBatches; ++b) {
      t_ref_[b] = Batch::load_aligned(t_ref + b * kLanes);
      v_[b] = Batch::load_aligned(v0 + b * kLanes);
      last_[b] = Batch::load_aligned(last0 + b * kLanes);
      spikes_[b] = Batch(T(0));
      live_[b] = Batch::load_aligned(lane_index + b * kLanes) < Batch(static_cast<T>(valid_));
    }
    live_bits_ = valid_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << valid_) - 1;
    const std::int64_t first_word = j0_;
    for (int p = 0; p < kPhiloxBatches; ++p) {
      j_lo_[p] = lane_counter<Arch>(
          static_cast<std::uint32_t>(first_word + p * Range::kWordLanes));
    }
    j_hi_ = static_cast<std::uint32_t>(static_cast<std::uint64_t>(j0_) >> 32);
  }

  // Writes spike counts and last spike times of the live lanes.
  void store_state() {
    if (out_.last_spike_out) {
      alignas(64) T last[kNeurons];
      for (int b = 0; b < kBatches; ++b) last_[b].store_aligned(last + b * kLanes);
      for (int l = 0; l < valid_; ++l) out_.last_spike_out[row0_ + l] = last[l];
    }
    if (out_.neuron_spikes) {
      for (int l = 0; l < valid_; ++l) out_.neuron_spikes[row0_ + l] = spike_total_[l];
    }
  }

  // Local steps [k0, k1): the inputs of the segment, then step after step.
  void run_segment(std::int64_t k0, std::int64_t k1) {
    std::int64_t k = k0;
    if (k == 0) {
      Bool none[kBatches];
      for (auto& b : none) b = Bool(false);
      record(0, k0, none);
      k = 1;
    }
    if (k >= k1) return;
    if (in_.stream == Stream::numpy) {
      fill_current_tile(k, k1, k0);
      for (; k < k1; ++k) {
        Batch current[kBatches];
        for (int b = 0; b < kBatches; ++b) {
          current[b] = Batch::load_aligned(current_tile_ + (k - k0) * kNeurons + b * kLanes);
        }
        step(k, k0, current);
      }
    } else {
      run_philox_steps(k, k1, k0);
    }
  }

  // Philox-fused steps [k, k1): one Philox block per kStepsPerWords global steps.
  void run_philox_steps(std::int64_t k, std::int64_t k1, std::int64_t k0) {
    const std::int64_t first = in_.first_step;
    while (k < k1) {
      const std::int64_t global = first + k;
      const std::int64_t block = global / kStepsPerWords;
      const std::int64_t block_first = block * kStepsPerWords;
      std::int64_t block_end = block_first + kStepsPerWords - first;  // local
      if (block_end > k1) block_end = k1;
      Batch u[kStepsPerWords][kBatches];
      block_uniforms<Arch, T, kPhiloxBatches, kBatches, kStepsPerWords>(
          keys_, static_cast<std::uint32_t>(block), j_lo_, j_hi_, u);
      if (global == block_first && block_end - k == kStepsPerWords) {
        for (int i = 0; i < kStepsPerWords; ++i) step_with_uniforms(k + i, k0, u[i]);
      } else {
        for (std::int64_t kk = k; kk < block_end; ++kk) {
          step_with_uniforms(kk, k0, u[(first + kk) - block_first]);
        }
      }
      k = block_end;
    }
  }

  // One step from the uniforms of its Philox words.
  void step_with_uniforms(std::int64_t k, std::int64_t k0, const Batch (&u)[kBatches]) {
    Batch current[kBatches];
    for (int b = 0; b < kBatches; ++b) current[b] = bc_.current(u[b]);
    step(k, k0, current);
  }

  // Transposes the rows of the block for steps [k, k1) into current_tile_ (padded lanes: 0).
  void fill_current_tile(std::int64_t k, std::int64_t k1, std::int64_t k0) {
    for (int l = 0; l < kNeurons; ++l) {
      if (kTail && l >= valid_) {
        for (std::int64_t s = k; s < k1; ++s) current_tile_[(s - k0) * kNeurons + l] = T(0);
        continue;
      }
      const T* row = in_.current + (row0_ + l) * steps_;
      for (std::int64_t s = k; s < k1; ++s) current_tile_[(s - k0) * kNeurons + l] = row[s];
    }
  }

  // SPEC 1: Euler update, threshold, refractory clamp, last spike; then record step k.
  void step(std::int64_t k, std::int64_t k0, const Batch (&current)[kBatches]) {
    const Batch t(static_cast<T>(in_.first_step + k) * in_.c.dt);
    Bool spiked[kBatches];
    for (int b = 0; b < kBatches; ++b) {
      Batch v = v_[b];
      v = v + bc_.a * ((bc_.el - v) + bc_.r * current[b]);
      spiked[b] = v >= bc_.vth;
      const Bool clamped = (last_[b] + t_ref_[b]) > t;
      v_[b] = xsimd::select(spiked[b] || clamped, bc_.vr, v);
      last_[b] = xsimd::select(spiked[b], t, last_[b]);
    }
    record(k, k0, spiked);
  }

  // Records step k: chunk spike count, canonical lane sums, tiles, snapshot, counts.
  void record(std::int64_t k, std::int64_t k0, const Bool (&spiked)[kBatches]) {
    std::uint64_t bits = 0;
    for (int b = 0; b < kBatches; ++b) {
      bits |= static_cast<std::uint64_t>(lane_bits<T, Arch>(spiked[b])) << (b * kLanes);
    }
    if (kTail) bits &= live_bits_;
    if (out_.chunk_spikes) {
      out_.chunk_spikes[chunk_row_ * steps_ + k] += __builtin_popcountll(bits);
    }
    T* sums = lane_sums_ + k * kSumLanes;
    for (int b = 0; b < kBatches; ++b) {
      T* lane = sums + (j0_ + b * kLanes) % kSumLanes;
      const Batch acc = Batch::load_unaligned(lane);
      if (kTail) {
        xsimd::select(live_[b], acc + v_[b], acc).store_unaligned(lane);
      } else {
        (acc + v_[b]).store_unaligned(lane);
      }
    }
    if (out_.raster) spike_tile_[k - k0] = bits;
    if (out_.v) {
      for (int b = 0; b < kBatches; ++b) {
        v_[b].store_aligned(v_tile_ + (k - k0) * kNeurons + b * kLanes);
      }
    }
    if (out_.neuron_spikes) {
      for (int b = 0; b < kBatches; ++b) {
        spikes_[b] = xsimd::select(spiked[b], spikes_[b] + bc_.one, spikes_[b]);
      }
    }
    if (out_.snapshot_slot && out_.snapshot_slot[k] >= 0) snapshot(k);
  }

  // Voltages of the live lanes at step k into the histogram snapshot of its slot.
  void snapshot(std::int64_t k) {
    T* dst = out_.snapshots + out_.snapshot_slot[k] * out_.snapshot_stride + (j0_ - range_first_);
    if (!kTail) {
      for (int b = 0; b < kBatches; ++b) v_[b].store_unaligned(dst + b * kLanes);
      return;
    }
    alignas(64) T v[kNeurons];
    for (int b = 0; b < kBatches; ++b) v_[b].store_aligned(v + b * kLanes);
    for (int l = 0; l < valid_; ++l) dst[l] = v[l];
  }

  // Copies the segment's tiles to the rows of the live neurons; folds spike counts.
  void flush_segment(std::int64_t k0, std::int64_t k1) {
    const std::int64_t count = k1 - k0;
    if (out_.raster) {
      for (int l = 0; l < valid_; ++l) {
        std::uint8_t* row = out_.raster + (row0_ + l) * steps_ + k0;
        for (std::int64_t s = 0; s < count; ++s) {
          row[s] = static_cast<std::uint8_t>((spike_tile_[s] >> l) & 1u);
        }
      }
    }
    if (out_.v) {
      for (int l = 0; l < valid_; ++l) {
        T* row = out_.v + (row0_ + l) * steps_ + k0;
        for (std::int64_t s = 0; s < count; ++s) row[s] = v_tile_[s * kNeurons + l];
      }
    }
    if (out_.neuron_spikes) {  // exact in T: at most kSegmentSteps per lane per segment
      alignas(64) T counts[kNeurons];
      for (int b = 0; b < kBatches; ++b) {
        spikes_[b].store_aligned(counts + b * kLanes);
        spikes_[b] = Batch(T(0));
      }
      for (int l = 0; l < kNeurons; ++l) spike_total_[l] += static_cast<std::int64_t>(counts[l]);
    }
  }

  const Inputs<T>& in_;
  const Outputs<T>& out_;
  const BatchConstants<Arch, T>& bc_;
  const PhiloxRoundKeys& keys_;
  const std::int64_t j0_;           // first neuron of the block
  const int valid_;                 // live lanes
  const std::int64_t row0_;         // j0 - base_neuron: row in the per-neuron arrays
  const std::int64_t chunk_row_;    // chunk index relative to the call's first chunk
  const std::int64_t range_first_;  // first neuron of the call's range (snapshots)
  T* const lane_sums_;
  const std::int64_t steps_;

  Batch v_[kBatches], last_[kBatches], t_ref_[kBatches], spikes_[kBatches];
  Bool live_[kBatches];
  std::uint64_t live_bits_ = 0;
  xsimd::batch<std::uint32_t, Arch> j_lo_[kPhiloxBatches];
  std::uint32_t j_hi_ = 0;
  std::int64_t spike_total_[kNeurons];
  alignas(64) T current_tile_[kSegmentSteps * kNeurons];
  alignas(64) T v_tile_[kSegmentSteps * kNeurons];
  std::uint64_t spike_tile_[kSegmentSteps];
};

}  // namespace detail

template <class Arch, class T>
void lif_range(const RangeCall<T>& call) {
  using Shape = LifShape<Arch, T>;
  const Inputs<T>& in = *call.in;
  const Outputs<T>& out = *call.out;
  const std::int64_t steps = in.steps;
  const detail::BatchConstants<Arch, T> bc(in.c);
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(in.seed);
  const std::int64_t range_first = chunk_first(call.chunk_begin);
  for (std::int64_t chunk = call.chunk_begin; chunk < call.chunk_end; ++chunk) {
    const std::int64_t chunk_row = chunk - call.chunk_begin;
    for (std::int64_t i = 0; i < steps * kSumLanes; ++i) call.lane_sums[i] = T(0);
    if (out.chunk_spikes) {
      for (std::int64_t k = 0; k < steps; ++k) out.chunk_spikes[chunk_row * steps + k] = 0;
    }
    const std::int64_t end = chunk_end_neuron(chunk, in.neurons);
    for (std::int64_t j0 = chunk_first(chunk); j0 < end; j0 += Shape::kNeurons) {
      if (end - j0 >= Shape::kNeurons) {
        detail::BlockRun<Arch, T, false>(in, out, bc, keys, j0, Shape::kNeurons, chunk_row,
                                         range_first, call.lane_sums)
            .run();
      } else {
        detail::BlockRun<Arch, T, true>(in, out, bc, keys, j0, static_cast<int>(end - j0),
                                        chunk_row, range_first, call.lane_sums)
            .run();
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
    detail::block_uniforms<Arch, T, Shape::kPhiloxBatches, Shape::kBatches,
                           Shape::kStepsPerWords>(keys, block, j_lo,
                                                  static_cast<std::uint32_t>(j >> 32), step_u);
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
// every other unit only refers to them (the extern declarations below).
#define LIFBENCH_XSIMD_ENTRY_POINTS(PREFIX, ARCH)                                              \
  PREFIX void lif_range<ARCH, double>(const RangeCall<double>&);                               \
  PREFIX void lif_range<ARCH, float>(const RangeCall<float>&);                                 \
  PREFIX double philox_floor_range<ARCH, double>(std::uint64_t, std::int64_t, std::int64_t,    \
                                                 std::int64_t);                                \
  PREFIX double philox_floor_range<ARCH, float>(std::uint64_t, std::int64_t, std::int64_t,     \
                                                std::int64_t);                                 \
  PREFIX void philox_general_lanes<ARCH>(std::size_t, const std::uint32_t*,                    \
                                         const std::uint32_t*, std::uint32_t*);                \
  PREFIX void philox_stream_lanes<ARCH>(std::uint64_t, std::uint64_t, std::size_t,             \
                                        std::uint32_t, std::uint32_t, std::uint32_t*);         \
  PREFIX void philox_uniform_lanes<ARCH, double>(std::uint64_t, std::uint64_t, std::size_t,    \
                                                 std::int64_t, double*);                       \
  PREFIX void philox_uniform_lanes<ARCH, float>(std::uint64_t, std::uint64_t, std::size_t,     \
                                                std::int64_t, float*);
#define LIFBENCH_XSIMD_INSTANTIATE(ARCH) LIFBENCH_XSIMD_ENTRY_POINTS(template, ARCH)

LIFBENCH_XSIMD_ENTRY_POINTS(extern template, xsimd::sse2)
LIFBENCH_XSIMD_ENTRY_POINTS(extern template, xsimd::avx2)
LIFBENCH_XSIMD_ENTRY_POINTS(extern template, xsimd::avx512bw)

}  // namespace lifbench::simd
