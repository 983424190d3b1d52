// Philox4x32-10 with one neuron per uint32 lane, bit-identical to Random123's
// philox4x32_10 and to lifbench::philox_words (philox.hpp), plus the uniform conversions of
// the counter-based streams (version 2: one word per neuron-step). docs/philox.md describes the
// stream and the SIMD construction.
//
// Templates on the xsimd arch only: each ISA unit instantiates its own copy.
#pragma once

#include <cstdint>

#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// Random123's Philox4x32 constants (philox.h: PHILOX_M4x32_0/1, PHILOX_W32_0/1).
inline constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u;
inline constexpr std::uint32_t kPhiloxM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kPhiloxW0 = 0x9E3779B9u;
inline constexpr std::uint32_t kPhiloxW1 = 0xBB67AE85u;
inline constexpr int kPhiloxRounds = 10;

// Scalar 32x32 -> 64-bit product split into words (for the lane-independent parts).
inline std::uint32_t mulhilo_scalar(std::uint32_t x, std::uint32_t m, std::uint32_t* hi) {
  const std::uint64_t product = static_cast<std::uint64_t>(x) * m;
  *hi = static_cast<std::uint32_t>(product >> 32);
  return static_cast<std::uint32_t>(product);
}

// The key schedule of one seed: round r uses {key0[r], key1[r]} (key bumped r times).
struct PhiloxRoundKeys {
  std::uint32_t key0[kPhiloxRounds];
  std::uint32_t key1[kPhiloxRounds];

  // Round keys of key {seed low 32 bits, seed high 32 bits}.
  static PhiloxRoundKeys from_seed(std::uint64_t seed) {
    PhiloxRoundKeys keys{};
    std::uint32_t k0 = static_cast<std::uint32_t>(seed);
    std::uint32_t k1 = static_cast<std::uint32_t>(seed >> 32);
    for (int r = 0; r < kPhiloxRounds; ++r) {
      keys.key0[r] = k0;
      keys.key1[r] = k1;
      k0 += kPhiloxW0;
      k1 += kPhiloxW1;
    }
    return keys;
  }

  // These keys with bit 31 of both last-round keys flipped: philox4x32_10 then gives the
  // same words except words 0 and 2, which arrive with bit 31 flipped (their last-round
  // XOR takes the key; words 1 and 3 are plain products). For centred_f64_flipped and
  // centred_f32_flipped below.
  PhiloxRoundKeys flipped_keys() const {
    PhiloxRoundKeys keys = *this;
    keys.key0[kPhiloxRounds - 1] ^= 0x80000000u;
    keys.key1[kPhiloxRounds - 1] ^= 0x80000000u;
    return keys;
  }
};

// One Philox4x32 round on lanes, with the round key given per lane or broadcast.
template <class A, class Key>
inline void philox_round(u32_batch<A> (&x)[4], const Key& key0, const Key& key1) {
  u32_batch<A> hi0, lo0, hi1, lo1;
  mulhilo<A>(x[0], kPhiloxM0, hi0, lo0);
  mulhilo<A>(x[2], kPhiloxM1, hi1, lo1);
  const u32_batch<A> y0 = hi1 ^ x[1] ^ key0;
  const u32_batch<A> y2 = hi0 ^ x[3] ^ key1;
  x[0] = y0;
  x[1] = lo1;
  x[2] = y2;
  x[3] = lo0;
}

// philox4x32_10 of a counter and a key per lane (the general form, as Random123 writes it).
template <class A>
inline void philox4x32_10(u32_batch<A> (&x)[4], u32_batch<A> key0, u32_batch<A> key1) {
  for (int r = 0; r < kPhiloxRounds; ++r) {
    if (r > 0) {
      key0 += u32_batch<A>(kPhiloxW0);
      key1 += u32_batch<A>(kPhiloxW1);
    }
    philox_round<A>(x, key0, key1);
  }
}

// The words of the stream's counters {block, j_lo + lane, j_hi, domain} for one key.
//
// Only counter word 1 differs between lanes, so the first three rounds are partly the same
// in every lane: those products are computed once in scalar code (4 of the 20 vector
// multiplies saved). The result is exactly philox4x32_10's; tests/test_philox_simd.cpp
// checks it lane by lane against Random123.
template <class A>
inline void philox_stream_words(const PhiloxRoundKeys& keys, std::uint32_t block, u32_batch<A> j_lo,
                                std::uint32_t j_hi, std::uint32_t domain, u32_batch<A> (&w)[4]) {
  using U = u32_batch<A>;
  std::uint32_t hi0, hi1;
  // Round 1: both products are lane-independent; only word 0 picks up j_lo.
  std::uint32_t lo0 = mulhilo_scalar(block, kPhiloxM0, &hi0);
  std::uint32_t lo1 = mulhilo_scalar(j_hi, kPhiloxM1, &hi1);
  const U a0 = j_lo ^ U(hi1 ^ keys.key0[0]);
  const std::uint32_t a1 = lo1;
  const std::uint32_t a2 = hi0 ^ domain ^ keys.key1[0];
  const std::uint32_t a3 = lo0;
  // Round 2: the product of word 2 is lane-independent.
  U vhi0, vlo0;
  mulhilo<A>(a0, kPhiloxM0, vhi0, vlo0);
  lo1 = mulhilo_scalar(a2, kPhiloxM1, &hi1);
  const std::uint32_t b0 = hi1 ^ a1 ^ keys.key0[1];
  const std::uint32_t b1 = lo1;
  const U b2 = vhi0 ^ U(a3 ^ keys.key1[1]);
  const U b3 = vlo0;
  // Round 3: the product of word 0 is lane-independent.
  U vhi1, vlo1;
  lo0 = mulhilo_scalar(b0, kPhiloxM0, &hi0);
  mulhilo<A>(b2, kPhiloxM1, vhi1, vlo1);
  w[0] = vhi1 ^ U(b1 ^ keys.key0[2]);
  w[1] = vlo1;
  w[2] = b3 ^ U(hi0 ^ keys.key1[2]);
  w[3] = U(lo0);
  // Rounds 4 .. 10: every lane its own.
  for (int r = 3; r < kPhiloxRounds; ++r) philox_round<A>(w, U(keys.key0[r]), U(keys.key1[r]));
}

// Lane l of a uint32 batch as a counter word: first + l.
template <class A>
inline u32_batch<A> lane_counter(std::uint32_t first) {
  alignas(64) std::uint32_t lanes[u32_batch<A>::size];
  for (std::size_t l = 0; l < u32_batch<A>::size; ++l) {
    lanes[l] = first + static_cast<std::uint32_t>(l);
  }
  return u32_batch<A>::load_aligned(lanes);
}

// w * 2^-32 per lane in double, for the lower (out_low) and upper (out_high) half of the
// uint32 lanes: lifbench::uniform32 bit for bit (every step exact).
template <class A>
inline void uniforms_f64(u32_batch<A> w, xsimd::batch<double, A>& out_low,
                         xsimd::batch<double, A>& out_high) {
  const xsimd::batch<double, A> scale(1.0 / 4294967296.0);  // 2^-32
  out_low = widen_low_unsigned_f64<A>(w) * scale;
  out_high = widen_high_unsigned_f64<A>(w) * scale;
}

// The integer y of the centred uniform 2u - 1 = y 2^-31 of uniforms_f64, w - 2^31, from the
// word with bit 31 flipped (PhiloxRoundKeys::flipped_keys): read as int32 it is y exactly.
template <class A>
inline void centred_f64_flipped(u32_batch<A> w_flipped, xsimd::batch<double, A>& out_low,
                                xsimd::batch<double, A>& out_high) {
  out_low = widen_low_f64<A>(w_flipped);
  out_high = widen_high_f64<A>(w_flipped);
}

// centred_f64_flipped of a word as it is (bit 31 flipped here).
template <class A>
inline void centred_f64(u32_batch<A> w, xsimd::batch<double, A>& out_low,
                        xsimd::batch<double, A>& out_high) {
  centred_f64_flipped<A>(w ^ u32_batch<A>(0x80000000u), out_low, out_high);
}

// centred_f32 (below) from a word with bit 31 flipped: (w >> 8) - 2^23 by an arithmetic shift.
template <class A>
inline xsimd::batch<float, A> centred_f32_flipped(u32_batch<A> w_flipped) {
  return to_f32<A>(shift_right_signed<A>(w_flipped, 8));
}

// The integer y of the centred uniform 2u - 1 = y 2^-23 of uniforms_f32: (w >> 8) - 2^23,
// a signed 24-bit value, converted exactly.
template <class A>
inline xsimd::batch<float, A> centred_f32(u32_batch<A> w) {
  return to_f32<A>((w >> 8) - u32_batch<A>(8388608u));  // wraps to the signed value
}

// (w >> 8) * 2^-24 per lane: lifbench::uniform24 bit for bit.
template <class A>
inline xsimd::batch<float, A> uniforms_f32(u32_batch<A> w) {
  return to_f32<A>(w >> 8) * xsimd::batch<float, A>(1.0f / 16777216.0f);
}

}  // namespace lifbench::simd
