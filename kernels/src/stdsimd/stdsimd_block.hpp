// The `stdsimd` kernel's arithmetic: std::experimental::simd (GCC 12's Parallelism TS v2),
// `native_simd` of each ISA unit (stdsimd_<isa>.cpp, compiled with the row's flags of the ISA
// table), no intrinsics.
//
// A block of neurons (four registers of uint32 philox lanes: 64 neurons on AVX-512, 32 on
// AVX2, 16 on SSE2, in both precisions) goes through all steps with its state in simd
// objects, so in registers as far as they go. The philox words come from a SIMD
// philox4x32_10 written in simd operations: the 32x32 -> 64-bit product of every uint32
// lane from 64-bit lanes (the register read as uint64 lanes, even and odd words multiplied
// apart, exact); the rounds whose products are the same in every lane run in scalar code.
// The model's formulas (model.hpp) run on simd values; `where` gives SPEC 1's selects.
//
// Everything here is a template on the ISA (kIsa), and native_simd is a different type in
// every unit, so no inline function compiled for one ISA is shared with another unit. The
// baseline code (stdsimd.cpp) prepares each block and records it (record.hpp).
#pragma once

#include <bit>
#include <cstdint>
#include <experimental/simd>

#include "../block_job.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"
#include "lifbench/streams.hpp"

namespace lifbench::stdsimd {

namespace stdx = std::experimental;

using blocks::block_neurons;
using blocks::BlockJob;
using blocks::register_bits;

// Runs one block through all steps (defined below, instantiated by each ISA unit).
template <Isa kIsa, class T>
void run_block(const BlockJob<T>& job);

namespace detail {

// The simd types and the block shape of one ISA unit and precision.
template <Isa kIsa, class T>
struct Shape {
  using V = stdx::native_simd<T>;
  using Mask = typename V::mask_type;
  using Words = stdx::native_simd<std::uint32_t>;
  using Words64 = stdx::native_simd<std::uint64_t>;  // the same register as uint64 lanes
  using Ints = stdx::native_simd<std::int32_t>;
  static constexpr int kLanes = static_cast<int>(V::size());
  static constexpr int kWordLanes = static_cast<int>(Words::size());
  static constexpr int kPhiloxBatches = 4;
  static constexpr int kNeurons = kPhiloxBatches * kWordLanes;
  static constexpr int kBatches = kNeurons / kLanes;
  static constexpr int kSteps = 4;  // steps one philox block feeds (a word a step)
  static_assert(kWordLanes * 32 == register_bits(kIsa), "native_simd is the table's register");
  static_assert(kNeurons == block_neurons(kIsa) && kChunk % kNeurons == 0);
  static_assert(sizeof(Words64) == sizeof(Words) && kSumLanes % kLanes == 0);
};

// The model constants the formulas of model.hpp read, as a type of this ISA.
template <Isa kIsa, class T>
struct LaneConstants {
  using value_type = T;
  T a, el, vr, vth, r, i_mean, noise;
};

// Random123's Philox4x32 constants and the key schedule of one seed.
inline constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u;
inline constexpr std::uint32_t kPhiloxM1 = 0xCD9E8D57u;
inline constexpr int kPhiloxRounds = 10;
template <Isa kIsa>
struct RoundKeys {
  std::uint32_t key0[kPhiloxRounds], key1[kPhiloxRounds];

  // Round r uses the key {seed low, seed high} bumped r times.
  static RoundKeys from_seed(std::uint64_t seed) {
    RoundKeys keys{};
    auto k0 = static_cast<std::uint32_t>(seed);
    auto k1 = static_cast<std::uint32_t>(seed >> 32);
    for (int r = 0; r < kPhiloxRounds; ++r) {
      keys.key0[r] = k0;
      keys.key1[r] = k1;
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    return keys;
  }
};

// x * m per uint32 lane as the high and low words of the 64-bit product. The register read
// as uint64 lanes holds lanes 2i (low half) and 2i+1 (high half): each is multiplied in
// 64-bit lanes with the other half cleared, then the words are put back in place.
template <Isa kIsa, class Words, class Words64>
[[gnu::always_inline]] inline void mulhilo(const Words& x, std::uint32_t m, Words& hi, Words& lo) {
  static_assert(std::endian::native == std::endian::little, "lane 2i is the low half");
  using stdx::__proposed::simd_bit_cast;
  const auto x64 = simd_bit_cast<Words64>(x);
  const Words64 low_words(0xFFFFFFFFu);
  const Words64 even = (x64 & low_words) * Words64(m);  // products of lanes 0, 2, 4, ...
  const Words64 odd = (x64 >> 32) * Words64(m);         // products of lanes 1, 3, 5, ...
  hi = simd_bit_cast<Words>((even >> 32) | (odd & ~low_words));
  lo = simd_bit_cast<Words>((even & low_words) | (odd << 32));
}

// One Philox round on lanes: (hi1 ^ x1 ^ k0, lo1, hi0 ^ x3 ^ k1, lo0).
template <Isa kIsa, class S>
[[gnu::always_inline]] inline void philox_round(typename S::Words (&x)[4], std::uint32_t key0,
                                                std::uint32_t key1) {
  using Words = typename S::Words;
  Words hi0, lo0, hi1, lo1;
  mulhilo<kIsa, Words, typename S::Words64>(x[0], kPhiloxM0, hi0, lo0);
  mulhilo<kIsa, Words, typename S::Words64>(x[2], kPhiloxM1, hi1, lo1);
  x[0] = hi1 ^ x[1] ^ Words(key0);
  x[1] = lo1;
  x[2] = hi0 ^ x[3] ^ Words(key1);
  x[3] = lo0;
}

// Scalar 32x32 -> 64-bit product: low word returned, high word in *hi.
template <Isa kIsa>
[[gnu::always_inline]] inline std::uint32_t mulhilo_scalar(std::uint32_t x, std::uint32_t m,
                                                           std::uint32_t* hi) {
  const std::uint64_t product = std::uint64_t{x} * m;
  *hi = static_cast<std::uint32_t>(product >> 32);
  return static_cast<std::uint32_t>(product);
}

// philox4x32_10 of the counters {block, j_lo + lane, j_hi, 0} (the uniform domain). Only
// word 1 differs between lanes, so round 1's products, round 2's product of word 2 and
// round 3's product of word 0 are the same in every lane: computed once, in scalar code.
template <Isa kIsa, class S>
[[gnu::always_inline]] inline void philox_words(const RoundKeys<kIsa>& keys, std::uint32_t block,
                                                const typename S::Words& j_lo, std::uint32_t j_hi,
                                                typename S::Words (&w)[4]) {
  using Words = typename S::Words;
  std::uint32_t hi0, hi1;
  std::uint32_t lo0 = mulhilo_scalar<kIsa>(block, kPhiloxM0, &hi0);  // round 1
  std::uint32_t lo1 = mulhilo_scalar<kIsa>(j_hi, kPhiloxM1, &hi1);
  const Words a0 = j_lo ^ Words(hi1 ^ keys.key0[0]);
  const std::uint32_t a1 = lo1, a2 = hi0 ^ keys.key1[0], a3 = lo0;  // domain 0
  Words vhi, vlo;                                                   // round 2
  mulhilo<kIsa, Words, typename S::Words64>(a0, kPhiloxM0, vhi, vlo);
  lo1 = mulhilo_scalar<kIsa>(a2, kPhiloxM1, &hi1);
  const std::uint32_t b0 = hi1 ^ a1 ^ keys.key0[1], b1 = lo1;
  const Words b2 = vhi ^ Words(a3 ^ keys.key1[1]);
  const Words b3 = vlo;
  lo0 = mulhilo_scalar<kIsa>(b0, kPhiloxM0, &hi0);  // round 3
  mulhilo<kIsa, Words, typename S::Words64>(b2, kPhiloxM1, vhi, vlo);
  w[0] = vhi ^ Words(b1 ^ keys.key0[2]);
  w[1] = vlo;
  w[2] = b3 ^ Words(hi0 ^ keys.key1[2]);
  w[3] = Words(lo0);
  for (int r = 3; r < kPhiloxRounds; ++r) philox_round<kIsa, S>(w, keys.key0[r], keys.key1[r]);
}

// The uniforms of the four words of uint32 batch p of a block: u[i][b] for step
// block * kSteps + i and the batches b word batch p feeds (docs/philox.md). f64: w 2^-32 on
// each half of the uint32 lanes, w converted as the int32 w - 2^31 plus 2^31; f32:
// (w >> 8) 2^-24. Every step is exact.
template <Isa kIsa, class T, class S>
[[gnu::always_inline]] inline void words_to_uniforms(const typename S::Words (&w)[4], int p,
                                                     typename S::V (&u)[S::kSteps][S::kBatches]) {
  using V = typename S::V;
  using Ints = typename S::Ints;
  if constexpr (sizeof(T) == 8) {
    using Half = stdx::simd<std::int32_t, stdx::simd_abi::deduce_t<std::int32_t, S::kLanes>>;
    for (int i = 0; i < 4; ++i) {
      const auto centred =
          stdx::split<Half>(stdx::static_simd_cast<Ints>(w[i] ^ typename S::Words(0x80000000u)));
      for (int h = 0; h < 2; ++h) {
        u[i][2 * p + h] =
            (stdx::static_simd_cast<V>(centred[h]) + V(2147483648.0)) * V(1.0 / 4294967296.0);
      }
    }
  } else {
    for (int i = 0; i < 4; ++i) {
      u[i][p] = stdx::static_simd_cast<V>(stdx::static_simd_cast<Ints>(w[i] >> 8)) *
                V(1.0f / 16777216.0f);
    }
  }
}

// The philox stream's uniforms of the block for philox block `block` (words_to_uniforms).
template <Isa kIsa, class T, class S>
[[gnu::always_inline]] inline void block_uniforms(
    const RoundKeys<kIsa>& keys, std::uint32_t block,
    const typename S::Words (&j_lo)[S::kPhiloxBatches], std::uint32_t j_hi,
    typename S::V (&u)[S::kSteps][S::kBatches]) {
#pragma GCC unroll 4
  for (int p = 0; p < S::kPhiloxBatches; ++p) {
    typename S::Words w[4];
    philox_words<kIsa, S>(keys, block, j_lo[p], j_hi, w);
    words_to_uniforms<kIsa, T, S>(w, p, u);
  }
}

// The ars stream's uniforms of the block of neurons j0 .. for block `block`. std::simd has no
// AES rounds: the words come from lifbench::ars_words_range (AES-NI, several blocks in
// flight), neuron-major, and are gathered into word batches here.
template <Isa kIsa, class T, class S>
[[gnu::always_inline]] inline void ars_block_uniforms(const ArsKeySchedule& keys,
                                                      std::uint32_t block, std::uint64_t j0,
                                                      typename S::V (&u)[S::kSteps][S::kBatches]) {
  alignas(64) std::uint32_t words[4 * S::kNeurons];
  ars_words_range(keys, j0, S::kNeurons, block, kDomainUniform, words);
#pragma GCC unroll 4
  for (int p = 0; p < S::kPhiloxBatches; ++p) {
    typename S::Words w[4];
    for (int i = 0; i < 4; ++i) {
      w[i] = typename S::Words(
          [&](auto l) { return words[4 * (p * S::kWordLanes + static_cast<int>(l)) + i]; });
    }
    words_to_uniforms<kIsa, T, S>(w, p, u);
  }
}

// The block's state in simd objects: voltage, last spike time and refractory period per
// lane, and which lanes hold neurons (the last block of a chunk may be narrower).
template <class S>
struct BlockState {
  typename S::V v[S::kBatches], last[S::kBatches], t_ref[S::kBatches];
  typename S::Mask live[S::kBatches];
};

// The block's start state from the job's arrays (padded to the block by the baseline code).
template <class T, class S>
[[gnu::always_inline]] inline void load_state(const BlockJob<T>& job, BlockState<S>& s) {
  using V = typename S::V;
  const V lane([](auto i) { return static_cast<T>(static_cast<int>(i)); });
#pragma GCC unroll 16
  for (int b = 0; b < S::kBatches; ++b) {
    s.v[b].copy_from(job.v0 + b * S::kLanes, stdx::element_aligned);
    s.last[b].copy_from(job.last0 + b * S::kLanes, stdx::element_aligned);
    s.t_ref[b].copy_from(job.t_ref + b * S::kLanes, stdx::element_aligned);
    s.live[b] = lane + V(static_cast<T>(b * S::kLanes)) < V(static_cast<T>(job.width));
  }
}

// SPEC 1 for one step at time t with input currents `current`, every batch: the Euler
// update, the threshold, the refractory clamp (model.hpp), selects by `where`.
template <Isa kIsa, class T, class S>
[[gnu::always_inline]] inline void lif_step(BlockState<S>& s,
                                            const typename S::V (&current)[S::kBatches], T t,
                                            const LaneConstants<kIsa, T>& c,
                                            typename S::Mask (&spiked)[S::kBatches]) {
  using V = typename S::V;
  const V time(t);
#pragma GCC unroll 16
  for (int b = 0; b < S::kBatches; ++b) {
    V updated = euler_update(s.v[b], current[b], c);
    spiked[b] = crosses_threshold(updated, c);
    stdx::where(spiked[b] || is_clamped(s.last[b], s.t_ref[b], time), updated) = V(c.vr);
    stdx::where(spiked[b], s.last[b]) = time;
    s.v[b] = updated;
  }
}

// Records step k in statistics mode: the canonical lane sums (batch b adds to lanes
// (b * kLanes) % kSumLanes on, batches in neuron order), the spike count, a snapshot.
template <class T, class S, bool kTail>
[[gnu::always_inline]] inline void record_statistics(const BlockJob<T>& job, const BlockState<S>& s,
                                                     const typename S::Mask (&spiked)[S::kBatches],
                                                     std::int64_t k) {
  using V = typename S::V;
  constexpr int kGroups = S::kBatches < kSumLanes / S::kLanes ? S::kBatches : kSumLanes / S::kLanes;
  T* lanes = job.lane_sums + k * kSumLanes;
  int spikes = 0;
#pragma GCC unroll 16
  for (int g = 0; g < kGroups; ++g) {
    V sum(lanes + g * S::kLanes, stdx::element_aligned);
#pragma GCC unroll 16
    for (int b = g; b < S::kBatches; b += kGroups) {
      if constexpr (kTail) {
        stdx::where(s.live[b], sum) += s.v[b];
        spikes += stdx::popcount(spiked[b] && s.live[b]);
      } else {
        sum += s.v[b];
        spikes += stdx::popcount(spiked[b]);
      }
    }
    sum.copy_to(lanes + g * S::kLanes, stdx::element_aligned);
  }
  job.chunk_spikes[k] += spikes;
  if (job.snapshot_slot && job.snapshot_slot[k] >= 0) {
    T* column = job.snapshot_column + job.snapshot_slot[k] * job.snapshot_stride;
    for (int b = 0; b < S::kBatches; ++b) {
      if (!kTail) {
        s.v[b].copy_to(column + b * S::kLanes, stdx::element_aligned);
        continue;
      }
      for (int i = 0; i < S::kLanes && b * S::kLanes + i < job.width; ++i) {
        column[b * S::kLanes + i] = s.v[b][i];
      }
    }
  }
}

// Records step k in rows mode: v and spike flags of the live lanes into the tiles.
template <class T, class S>
[[gnu::always_inline]] inline void record_rows(const BlockJob<T>& job, const BlockState<S>& s,
                                               const typename S::Mask (&spiked)[S::kBatches],
                                               std::int64_t k) {
  T* v = job.v_tile + k * job.width;
  std::uint8_t* spike = job.spike_tile + k * job.width;
  for (int b = 0; b < S::kBatches; ++b) {
    for (int i = 0; i < S::kLanes && b * S::kLanes + i < job.width; ++i) {
      v[b * S::kLanes + i] = s.v[b][i];
      spike[b * S::kLanes + i] = spiked[b][i] ? 1 : 0;
    }
  }
}

// The block through all steps; kRows picks the recording, kTail a block with padded lanes.
template <Isa kIsa, class T, bool kRows, bool kTail>
class BlockRun {
 public:
  using S = Shape<kIsa, T>;
  using V = typename S::V;
  using Mask = typename S::Mask;
  using Words = typename S::Words;
  static constexpr int kBatches = S::kBatches;

  explicit BlockRun(const BlockJob<T>& job)
      : job_(job), in_(*job.in), c_{in_.c.a, in_.c.el,     in_.c.vr,   in_.c.vth,
                                    in_.c.r, in_.c.i_mean, in_.c.noise} {}

  // Step 0 (the start state), then every step from the stream.
  void run() {
    load_state<T, S>(job_, s_);
    Mask none[kBatches];
    for (Mask& m : none) m = Mask(false);
    record(0, none);
    if (counter_based(in_.stream)) {
      philox_steps();
    } else {
      numpy_steps();
    }
    if constexpr (kRows) {
      for (int b = 0; b < kBatches; ++b)
        s_.last[b].copy_to(job_.last_out + b * S::kLanes, stdx::element_aligned);
    }
  }

 private:
  [[gnu::always_inline]] void record(std::int64_t k, const Mask (&spiked)[kBatches]) {
    if constexpr (kRows) {
      record_rows<T, S>(job_, s_, spiked, k);
    } else {
      record_statistics<T, S, kTail>(job_, s_, spiked, k);
    }
  }

  // Local step k with these input currents, then its recording.
  [[gnu::always_inline]] void advance(std::int64_t k, const V (&current)[kBatches]) {
    Mask spiked[kBatches];
    lif_step<kIsa, T, S>(s_, current, job_.step_times[k], c_, spiked);
    record(k, spiked);
  }

  // A counter-based stream: one block of words feeds kSteps global steps; the block's
  // steps outside [1, K) (a run continued mid-block, the last block) are skipped.
  [[gnu::flatten]] void philox_steps() {
    const RoundKeys<kIsa> keys = RoundKeys<kIsa>::from_seed(in_.seed);
    const bool ars = in_.stream == Stream::ars;
    const ArsKeySchedule ars_keys = ars ? ArsKeySchedule::from_seed(in_.seed) : ArsKeySchedule{};
    Words j_lo[S::kPhiloxBatches];
    const auto j_first = static_cast<std::uint32_t>(job_.j0);  // + lane never carries
    for (int p = 0; p < S::kPhiloxBatches; ++p) {
      j_lo[p] = Words([&](auto i) {
        return j_first + static_cast<std::uint32_t>(p * S::kWordLanes + static_cast<int>(i));
      });
    }
    const auto j_hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(job_.j0) >> 32);
    const std::int64_t first = in_.first_step, steps = in_.steps;
    for (std::int64_t block = (first + 1) / S::kSteps; block * S::kSteps < first + steps; ++block) {
      V u[S::kSteps][kBatches];
      if (ars) {
        ars_block_uniforms<kIsa, T, S>(ars_keys, static_cast<std::uint32_t>(block),
                                       static_cast<std::uint64_t>(job_.j0), u);
      } else {
        block_uniforms<kIsa, T, S>(keys, static_cast<std::uint32_t>(block), j_lo, j_hi, u);
      }
#pragma GCC unroll 4
      for (int i = 0; i < S::kSteps; ++i) {
        const std::int64_t k = block * S::kSteps + i - first;
        if (k < 1 || k >= steps) continue;
        V current[kBatches];
#pragma GCC unroll 16
        for (int b = 0; b < kBatches; ++b) current[b] = input_current(u[i][b], c_);
        advance(k, current);
      }
    }
  }

  // The numpy stream, read where it lies: a batch's currents of a step are consecutive in its
  // input tile (kernel.hpp input_offset). Padded lanes read the last tile's zeros, or 0 for a
  // batch past it.
  [[gnu::flatten]] void numpy_steps() {
    static_assert(kInputTile % S::kLanes == 0);  // a batch lies in one tile
    const T* first[kBatches];                    // each batch's currents at step 1
    for (int b = 0; b < kBatches; ++b) {
      const bool live = !kTail || b * S::kLanes < job_.width;
      first[b] = live ? in_.current_at(job_.j0 + b * S::kLanes, 1) : nullptr;
    }
    for (std::int64_t k = 1; k < in_.steps; ++k) {
      const std::int64_t step_offset = (k - 1) * kInputTile;
      V current[kBatches];
      for (int b = 0; b < kBatches; ++b) {
        if (first[b]) {
          current[b].copy_from(first[b] + step_offset, stdx::element_aligned);
        } else {
          current[b] = V(T(0));
        }
      }
      advance(k, current);
    }
  }

  const BlockJob<T>& job_;
  const Inputs<T>& in_;
  const LaneConstants<kIsa, T> c_;
  BlockState<S> s_;
};

}  // namespace detail

template <Isa kIsa, class T>
void run_block(const BlockJob<T>& job) {
  const bool tail = job.width < block_neurons(kIsa);
  if (job.v_tile) {
    detail::BlockRun<kIsa, T, true, true>(job).run();
  } else if (tail) {
    detail::BlockRun<kIsa, T, false, true>(job).run();
  } else {
    detail::BlockRun<kIsa, T, false, false>(job).run();
  }
}

// Each ISA unit instantiates the block for its row (LIFBENCH_STDSIMD_INSTANTIATE); every
// other unit only refers to it (the extern declarations below).
// NAME is an enumerator in a template argument, where parentheses are not allowed.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LIFBENCH_STDSIMD_ENTRY_POINTS(PREFIX, NAME)                  \
  PREFIX void run_block<Isa::NAME, double>(const BlockJob<double>&); \
  PREFIX void run_block<Isa::NAME, float>(const BlockJob<float>&);
#define LIFBENCH_STDSIMD_INSTANTIATE(NAME) LIFBENCH_STDSIMD_ENTRY_POINTS(template, NAME)
// NOLINTEND(bugprone-macro-parentheses)

#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(LIFBENCH_STDSIMD_ENTRY_POINTS(extern template, name))
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

}  // namespace lifbench::stdsimd
