// The `philox` stream (SPEC 2): u[j,k] and z[j] as pure functions of (seed, j, k).
//
// Random123's philox4x32_10 is the definition. Key = {seed low 32 bits, seed high 32 bits}.
// Counter = {block, j low 32 bits, j high 32 bits, domain}. Stream version 2: one 32-bit word
// per neuron-step in both precisions, so f32 and f64 runs of one seed see the same noise:
//   domain 0: block = k / 4; step 4b+i uses word wi,
//             f64 u = wi * 2^-32 (exact), f32 u = (wi >> 8) * 2^-24 (exact);
//   domain 1: block = 0; z[j] = sqrt(-2 ln(1 - u1)) cos(2 pi u2) with
//             u1 = res53(w0, w1), u2 = res53(w2, w3) (Box-Muller, double).
// docs/model.md documents this mapping; kernels/src/xsimd/philox_simd.hpp computes the
// same words lane by lane.
#pragma once

#include <Random123/philox.h>

#include <cmath>
#include <cstdint>
#include <numbers>

namespace lifbench {

inline constexpr std::uint32_t kDomainUniform = 0;
inline constexpr std::uint32_t kDomainNormal = 1;

// The four output words of one counter of a counter-based generator (philox4x32_10 here,
// ars4x32_R<7> for the ars stream).
struct CounterWords {
  std::uint32_t w[4];
};

// philox4x32_10(counter {block, j_lo, j_hi, domain}, key {seed_lo, seed_hi}).
inline CounterWords philox_words(std::uint64_t seed, std::uint64_t j, std::uint32_t block,
                                 std::uint32_t domain) {
  r123::Philox4x32_R<10> rng;
  r123::Philox4x32_R<10>::ctr_type ctr = {
      {block, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(j >> 32), domain}};
  r123::Philox4x32_R<10>::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const auto out = rng(ctr, key);
  return CounterWords{{out[0], out[1], out[2], out[3]}};
}

// NumPy's res53: a double in [0,1) from two 32-bit words.
inline double uniform53(std::uint32_t hi, std::uint32_t lo) {
  return ((hi >> 5) * 67108864.0 + (lo >> 6)) / 9007199254740992.0;
}

// A double in [0,1) from one whole word: w * 2^-32, exact.
inline double uniform32(std::uint32_t w) { return static_cast<double>(w) * (1.0 / 4294967296.0); }

// A float in [0,1) from the top 24 bits of one word.
inline float uniform24(std::uint32_t w) {
  return static_cast<float>(w >> 8) * (1.0f / 16777216.0f);
}

// Steps served by one block of words (one word per neuron-step in both precisions).
inline constexpr std::int64_t kStepsPerCounter = 4;

// The uniform of step k taken from the words of its block (block = k / kStepsPerCounter).
template <class T>
inline T uniform_of_step(const CounterWords& words, std::int64_t k) {
  const std::uint32_t w = words.w[k % kStepsPerCounter];
  if constexpr (sizeof(T) == 8) {
    return uniform32(w);
  } else {
    return uniform24(w);
  }
}

// u[j,k] of the philox stream in precision T.
template <class T>
inline T philox_uniform(std::uint64_t seed, std::uint64_t j, std::int64_t k) {
  const auto block = static_cast<std::uint32_t>(k / kStepsPerCounter);
  return uniform_of_step<T>(philox_words(seed, j, block, kDomainUniform), k);
}

// z ~ N(0,1) from the four words of one counter: Box-Muller in double,
// sqrt(-2 ln(1 - res53(w0, w1))) cos(2 pi res53(w2, w3)).
inline double box_muller(const CounterWords& words) {
  const double u1 = uniform53(words.w[0], words.w[1]);
  const double u2 = uniform53(words.w[2], words.w[3]);
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

// z[j] ~ N(0,1) of the philox stream (Box-Muller in double).
inline double philox_normal(std::uint64_t seed, std::uint64_t j) {
  return box_muller(philox_words(seed, j, 0, kDomainNormal));
}

}  // namespace lifbench
