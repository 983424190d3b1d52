// The ars stream's AES rounds and shuffles for the aarch64 row of the ISA table (neon64 with
// the crypto extension's AES instructions, FEAT_AES). Included by ars_simd.hpp only.
//
// ARMv8 splits an AES round differently from x86: AESE(x, k) = ShiftRows(SubBytes(x ^ k))
// adds the round key first, AESMC is MixColumns alone, whereas x86's aesenc(x, k) =
// MixColumns(ShiftRows(SubBytes(x))) ^ k adds it last. So aesenc(x, k) = AESMC(AESE(x, 0)) ^ k
// and aesenclast(x, k) = AESE(x, 0) ^ k (ShiftRows and SubBytes commute: one permutes bytes,
// the other maps each byte). The bytes of a uint32x4_t lie in memory order, as in __m128i.
#pragma once

#include <cstdint>

namespace lifbench::simd {

// The 4 words (words[0] in lane 0) in the register.
template <class A>
inline ars_register<A> broadcast_words(const std::uint32_t* words) {
  return vld1q_u32(words);
}

// One AES round as x86's aesenc: MixColumns(ShiftRows(SubBytes(x))) ^ key.
template <class A>
inline ars_register<A> aes_round(ars_register<A> x, ars_register<A> key) {
  const uint8x16_t rounded = vaesmcq_u8(vaeseq_u8(vreinterpretq_u8_u32(x), vdupq_n_u8(0)));
  return veorq_u32(vreinterpretq_u32_u8(rounded), key);
}

// The last AES round as x86's aesenclast (no MixColumns): ShiftRows(SubBytes(x)) ^ key.
template <class A>
inline ars_register<A> aes_last_round(ars_register<A> x, ars_register<A> key) {
  const uint8x16_t rounded = vaeseq_u8(vreinterpretq_u8_u32(x), vdupq_n_u8(0));
  return veorq_u32(vreinterpretq_u32_u8(rounded), key);
}

// The 32-bit (kWide false) or 64-bit halves of a and b interleaved: the low halves (kHigh
// false) or the high ones (x86's unpacklo / unpackhi).
template <class A, bool kWide, bool kHigh>
inline ars_register<A> interleave(ars_register<A> a, ars_register<A> b) {
  if constexpr (kWide) {
    const uint64x2_t a64 = vreinterpretq_u64_u32(a), b64 = vreinterpretq_u64_u32(b);
    return vreinterpretq_u32_u64(kHigh ? vzip2q_u64(a64, b64) : vzip1q_u64(a64, b64));
  } else {
    return kHigh ? vzip2q_u32(a, b) : vzip1q_u32(a, b);
  }
}

}  // namespace lifbench::simd
