// The `autovec` kernel's arithmetic: the scalar kernel's algorithm written for the compiler's
// auto-vectorizer, compiled once per row of the ISA table (autovec_<isa>.cpp).
//
// A block of neurons lives in plain arrays; every step is a loop over the block's lanes
// under `#pragma omp simd` (-fopenmp-simd semantics: no threads, only the promise that the
// iterations are independent), with branch-free selects. The philox words of a block are
// drawn by a plain C++ transcription of Random123's philox4x32_10, one lane per neuron, in a
// loop the compiler may vectorize. No intrinsics, no SIMD library: what the vectorizer makes
// of this code on each ISA is docs/approaches.md's subject.
//
// Everything here is a template on the ISA (kIsa), so each unit compiles its own copy with
// its own flags and no inline function compiled for one ISA is shared with another unit
// (the model's formulas are instantiated on LaneConstants<kIsa, T>, a type of this ISA).
// The baseline code (autovec.cpp) prepares each block and records it (record.hpp).
#pragma once

#include <cstdint>
#include <type_traits>

#include "../block_job.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"
#include "lifbench/streams.hpp"  // kStepsPerCounter, counter_based

namespace lifbench::autovec {

using blocks::block_neurons;
using blocks::BlockJob;

// Runs one block through all steps (defined below, instantiated by each ISA unit).
template <Isa kIsa, class T>
void run_block(const BlockJob<T>& job);

namespace detail {

// The model constants the formulas of model.hpp read, as a type of this ISA.
template <Isa kIsa, class T>
struct LaneConstants {
  using value_type = T;
  T a, el, vr, vth, r, i_mean, noise;
};

// Random123's philox4x32_10 (Philox4x32_R<10>) of one counter and key, in plain C++: ten
// rounds of two 32x32 -> 64-bit products, the key bumped between rounds.
template <Isa kIsa>
[[gnu::always_inline]] inline void philox4x32_10(std::uint32_t (&x)[4], std::uint32_t k0,
                                                 std::uint32_t k1) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const std::uint64_t p0 = std::uint64_t{0xD2511F53u} * x[0];
    const std::uint64_t p1 = std::uint64_t{0xCD9E8D57u} * x[2];
    const auto y0 = static_cast<std::uint32_t>(p1 >> 32) ^ x[1] ^ k0;
    const auto y2 = static_cast<std::uint32_t>(p0 >> 32) ^ x[3] ^ k1;
    x[1] = static_cast<std::uint32_t>(p1);
    x[3] = static_cast<std::uint32_t>(p0);
    x[0] = y0;
    x[2] = y2;
  }
}

// The double uniform of one word: w 2^-32, exact. The word is converted as the int32
// w - 2^31 plus 2^31 (both exact), which every ISA converts in one instruction.
template <Isa kIsa>
[[gnu::always_inline]] inline double uniform32(std::uint32_t w) {
  return (static_cast<double>(static_cast<std::int32_t>(w ^ 0x80000000u)) + 2147483648.0) *
         (1.0 / 4294967296.0);
}

// The float uniform of one word: (w >> 8) 2^-24, exact.
template <Isa kIsa>
[[gnu::always_inline]] inline float uniform24(std::uint32_t w) {
  return static_cast<float>(static_cast<std::int32_t>(w >> 8)) * (1.0f / 16777216.0f);
}

// The philox stream's uniforms of the block's kNeurons lanes for philox block `block`:
// u[i][l] for step block * kSteps + i (kSteps = 4, a word a step; docs/philox.md).
template <Isa kIsa, class T, int kNeurons, int kSteps>
void philox_uniforms(std::uint64_t seed, std::uint64_t j0, std::uint32_t block,
                     T (&u)[kSteps][kNeurons]) {
  const auto key0 = static_cast<std::uint32_t>(seed);
  const auto key1 = static_cast<std::uint32_t>(seed >> 32);
  const auto j_lo = static_cast<std::uint32_t>(j0);  // j0 + l never carries into j >> 32
  const auto j_hi = static_cast<std::uint32_t>(j0 >> 32);
#pragma omp simd
  for (int l = 0; l < kNeurons; ++l) {
    std::uint32_t x[4] = {block, j_lo + static_cast<std::uint32_t>(l), j_hi, 0u};  // domain 0
    philox4x32_10<kIsa>(x, key0, key1);
    for (int i = 0; i < 4; ++i) {
      if constexpr (sizeof(T) == 8) {
        u[i][l] = uniform32<kIsa>(x[i]);
      } else {
        u[i][l] = uniform24<kIsa>(x[i]);
      }
    }
  }
}

// The ars stream's uniforms of the block's kNeurons lanes for block `block`, as
// philox_uniforms gives philox's: the auto-vectorizer has no AES rounds, so the words come
// from lifbench::ars_words_range (AES-NI, several blocks in flight) and only the conversion
// is the compiler's.
template <Isa kIsa, class T, int kNeurons, int kSteps>
void ars_uniforms(const ArsKeySchedule& keys, std::uint64_t j0, std::uint32_t block,
                  T (&u)[kSteps][kNeurons]) {
  alignas(64) std::uint32_t words[4 * kNeurons];
  ars_words_range(keys, j0, kNeurons, block, kDomainUniform, words);
#pragma omp simd
  for (int l = 0; l < kNeurons; ++l) {
    for (int i = 0; i < 4; ++i) {
      if constexpr (sizeof(T) == 8) {
        u[i][l] = uniform32<kIsa>(words[4 * l + i]);
      } else {
        u[i][l] = uniform24<kIsa>(words[4 * l + i]);
      }
    }
  }
}

// The state of one block: voltage, last spike time, refractory period per lane.
template <class T, int kNeurons>
struct BlockState {
  alignas(64) T membrane_v[kNeurons];
  alignas(64) T last_spike[kNeurons];
  alignas(64) T t_ref[kNeurons];
  // Spike flag of the current step, an integer as wide as T (one vector size per loop).
  alignas(64) std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t> spiked[kNeurons];
};

// SPEC 1 for one step at time t with input currents `current`: branch-free, every lane.
template <Isa kIsa, class T, int kNeurons, class State>
[[gnu::always_inline]] inline void lif_step(State& s, const T (&current)[kNeurons], T t,
                                            const LaneConstants<kIsa, T>& c) {
#pragma omp simd
  for (int l = 0; l < kNeurons; ++l) {
    const T updated = euler_update(s.membrane_v[l], current[l], c);
    const bool spike = crosses_threshold(updated, c);
    const bool clamped = is_clamped(s.last_spike[l], s.t_ref[l], t);
    s.membrane_v[l] = spike || clamped ? c.vr : updated;
    s.last_spike[l] = spike ? t : s.last_spike[l];
    s.spiked[l] = spike ? 1 : 0;
  }
}

// Records step k of a block in statistics mode: the canonical lane sums (lane l % 16 takes
// lanes l, l + 16, ... in that order: neuron order), the spike count, a snapshot.
template <Isa kIsa, class T, int kNeurons, class State>
[[gnu::always_inline]] inline void record_statistics(const BlockJob<T>& job, const State& s,
                                                     std::int64_t k) {
  T* lanes = job.lane_sums + k * kSumLanes;
  const int width = job.width;
  std::int64_t spikes = 0;
  if (width == kNeurons) {
    for (int g = 0; g < kNeurons; g += static_cast<int>(kSumLanes)) {
#pragma omp simd
      for (int i = 0; i < static_cast<int>(kSumLanes); ++i) lanes[i] += s.membrane_v[g + i];
    }
#pragma omp simd reduction(+ : spikes)
    for (int l = 0; l < kNeurons; ++l) spikes += s.spiked[l];
  } else {  // a partial block: its live lanes, in the same order
    for (int l = 0; l < width; ++l) {
      lanes[l % kSumLanes] += s.membrane_v[l];
      spikes += s.spiked[l];
    }
  }
  job.chunk_spikes[k] += spikes;
  if (job.snapshot_slot && job.snapshot_slot[k] >= 0) {
    T* column = job.snapshot_column + job.snapshot_slot[k] * job.snapshot_stride;
    for (int l = 0; l < width; ++l) column[l] = s.membrane_v[l];
  }
}

// Records step k of a block in rows mode: v and spike flags into the tiles.
template <class T, int kNeurons, class State>
[[gnu::always_inline]] inline void record_rows(const BlockJob<T>& job, const State& s,
                                               std::int64_t k) {
  const int width = job.width < kNeurons ? job.width : kNeurons;  // (it is; tells GCC so)
  T* v = job.v_tile + k * width;
  std::uint8_t* spiked = job.spike_tile + k * width;
  for (int l = 0; l < width; ++l) {
    v[l] = s.membrane_v[l];
    spiked[l] = static_cast<std::uint8_t>(s.spiked[l]);
  }
}

// The block through all steps; kRows picks the recording (tiles or statistics).
template <Isa kIsa, class T, bool kRows>
void run_block_as(const BlockJob<T>& job) {
  constexpr int kNeurons = block_neurons(kIsa);
  constexpr int kSteps = kStepsPerCounter;  // steps one philox block feeds
  // A block is whole tiles of the numpy input or lies in one.
  static_assert(kNeurons % kInputTile == 0 || kInputTile % kNeurons == 0);
  const Inputs<T>& in = *job.in;
  const LaneConstants<kIsa, T> c{in.c.a, in.c.el,     in.c.vr,   in.c.vth,
                                 in.c.r, in.c.i_mean, in.c.noise};
  BlockState<T, kNeurons> s{};
  for (int l = 0; l < kNeurons; ++l) {  // padded lanes (v el, t_ref 0) are never recorded
    s.membrane_v[l] = job.v0[l];
    s.last_spike[l] = job.last0[l];
    s.t_ref[l] = job.t_ref[l];
    s.spiked[l] = 0;
  }
  if constexpr (kRows) {
    record_rows<T, kNeurons>(job, s, 0);
  } else {
    record_statistics<kIsa, T, kNeurons>(job, s, 0);
  }
  alignas(64) T u[kSteps][kNeurons];
  const ArsKeySchedule ars_keys =
      in.stream == Stream::ars ? ArsKeySchedule::from_seed(in.seed) : ArsKeySchedule{};
  for (std::int64_t k = 1; k < in.steps; ++k) {
    alignas(64) T current[kNeurons];
    if (counter_based(in.stream)) {
      const std::int64_t global_k = in.first_step + k;
      if (k == 1 || global_k % kSteps == 0) {
        const auto block = static_cast<std::uint32_t>(global_k / kSteps);
        const auto j0 = static_cast<std::uint64_t>(job.j0);
        if (in.stream == Stream::ars) {
          ars_uniforms<kIsa, T, kNeurons, kSteps>(ars_keys, j0, block, u);
        } else {
          philox_uniforms<kIsa, T, kNeurons, kSteps>(in.seed, j0, block, u);
        }
      }
      const T(&u_k)[kNeurons] = u[global_k % kSteps];
#pragma omp simd
      for (int l = 0; l < kNeurons; ++l) current[l] = input_current(u_k[l], c);
    } else {  // numpy: a tile's currents of step k are consecutive (kernel.hpp input_offset)
      constexpr int kWidth = kNeurons < kInputTile ? kNeurons : static_cast<int>(kInputTile);
      for (int t = 0; t < kNeurons; t += kWidth) {  // padded lanes: the last tile's zeros, or 0
        const T* step_k = t < job.width ? in.current_at(job.j0 + t, k) : nullptr;
#pragma omp simd
        for (int l = 0; l < kWidth; ++l) current[t + l] = step_k ? step_k[l] : T(0);
      }
    }
    lif_step<kIsa, T, kNeurons>(s, current, job.step_times[k], c);
    if constexpr (kRows) {
      record_rows<T, kNeurons>(job, s, k);
    } else {
      record_statistics<kIsa, T, kNeurons>(job, s, k);
    }
  }
  if constexpr (kRows) {
    for (int l = 0; l < job.width; ++l) job.last_out[l] = s.last_spike[l];
  }
}

}  // namespace detail

template <Isa kIsa, class T>
void run_block(const BlockJob<T>& job) {
  if (job.v_tile) {
    detail::run_block_as<kIsa, T, true>(job);
  } else {
    detail::run_block_as<kIsa, T, false>(job);
  }
}

// Each ISA unit instantiates the block for its row (LIFBENCH_AUTOVEC_INSTANTIATE); every
// other unit only refers to it (the extern declarations below).
// NAME is an enumerator in a template argument, where parentheses are not allowed.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LIFBENCH_AUTOVEC_ENTRY_POINTS(PREFIX, NAME)                  \
  PREFIX void run_block<Isa::NAME, double>(const BlockJob<double>&); \
  PREFIX void run_block<Isa::NAME, float>(const BlockJob<float>&);
#define LIFBENCH_AUTOVEC_INSTANTIATE(NAME) LIFBENCH_AUTOVEC_ENTRY_POINTS(template, NAME)
// NOLINTEND(bugprone-macro-parentheses)

#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(LIFBENCH_AUTOVEC_ENTRY_POINTS(extern template, name))
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

}  // namespace lifbench::autovec
