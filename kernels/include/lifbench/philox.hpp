// The `philox` stream (SPEC 2): u[j,k] and z[j] as pure functions of (seed, j, k).
//
// Random123's philox4x32_10 is the definition. Key = {seed low 32 bits, seed high 32 bits}.
// Counter = {block, j low 32 bits, j high 32 bits, domain}:
//   domain 0, f64: block = k / 2; step 2b uses words (w0, w1), step 2b+1 uses (w2, w3),
//                  u = ((hi >> 5) * 67108864 + (lo >> 6)) / 2^53 (NumPy's res53 recipe);
//   domain 0, f32: block = k / 4; step 4b+i uses word wi, u = (wi >> 8) / 2^24;
//   domain 1:      block = 0; z[j] = sqrt(-2 ln(1 - u1)) cos(2 pi u2) with
//                  u1 = res53(w0, w1), u2 = res53(w2, w3) (Box-Muller, double).
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

// The four output words of philox4x32_10 for one counter.
struct PhiloxWords {
  std::uint32_t w[4];
};

// philox4x32_10(counter {block, j_lo, j_hi, domain}, key {seed_lo, seed_hi}).
inline PhiloxWords philox_words(std::uint64_t seed, std::uint64_t j, std::uint32_t block,
                                std::uint32_t domain) {
  r123::Philox4x32_R<10> rng;
  r123::Philox4x32_R<10>::ctr_type ctr = {
      {block, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(j >> 32), domain}};
  r123::Philox4x32_R<10>::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const auto out = rng(ctr, key);
  return PhiloxWords{{out[0], out[1], out[2], out[3]}};
}

// NumPy's res53: a double in [0,1) from two 32-bit words.
inline double uniform53(std::uint32_t hi, std::uint32_t lo) {
  return ((hi >> 5) * 67108864.0 + (lo >> 6)) / 9007199254740992.0;
}

// A float in [0,1) from the top 24 bits of one word.
inline float uniform24(std::uint32_t w) {
  return static_cast<float>(w >> 8) * (1.0f / 16777216.0f);
}

// Steps served by one philox block in precision T (2 for double, 4 for float).
template <class T>
inline constexpr std::int64_t kStepsPerBlock = sizeof(T) == 8 ? 2 : 4;

// The uniform of step k taken from the words of its block (block = k / kStepsPerBlock<T>).
template <class T>
inline T uniform_of_step(const PhiloxWords& words, std::int64_t k) {
  if constexpr (sizeof(T) == 8) {
    const int half = static_cast<int>(k % 2);
    return uniform53(words.w[2 * half], words.w[2 * half + 1]);
  } else {
    return uniform24(words.w[k % 4]);
  }
}

// u[j,k] of the philox stream in precision T.
template <class T>
inline T philox_uniform(std::uint64_t seed, std::uint64_t j, std::int64_t k) {
  const auto block = static_cast<std::uint32_t>(k / kStepsPerBlock<T>);
  return uniform_of_step<T>(philox_words(seed, j, block, kDomainUniform), k);
}

// z[j] ~ N(0,1) of the philox stream (Box-Muller in double).
inline double philox_normal(std::uint64_t seed, std::uint64_t j) {
  const auto words = philox_words(seed, j, 0, kDomainNormal);
  const double u1 = uniform53(words.w[0], words.w[1]);
  const double u2 = uniform53(words.w[2], words.w[3]);
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace lifbench
