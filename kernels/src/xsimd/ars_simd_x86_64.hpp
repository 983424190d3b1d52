// The ars stream's AES rounds and shuffles for the x86-64 rows of the ISA table: AES-NI on
// sse2, VAES on avx2 and avx512 (`if constexpr` on the arch picks the intrinsics). Included
// by ars_simd.hpp only.
#pragma once

#include <cstdint>

namespace lifbench::simd {

// The 4 words (words[0] in the low 32 bits) in every 128-bit lane of a register.
template <class A>
inline ars_register<A> broadcast_words(const std::uint32_t* words) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(words));
  if constexpr (kIsAvx512<A>) {
    return _mm512_broadcast_i32x4(x);
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_broadcastsi128_si256(x);
  } else {
    return x;
  }
}

// One AES round (aesenc) in every 128-bit lane.
template <class A>
inline ars_register<A> aes_round(ars_register<A> x, ars_register<A> key) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_aesenc_epi128(x, key);
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_aesenc_epi128(x, key);
  } else {
    return _mm_aesenc_si128(x, key);
  }
}

// The last AES round (aesenclast: no MixColumns) in every 128-bit lane.
template <class A>
inline ars_register<A> aes_last_round(ars_register<A> x, ars_register<A> key) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_aesenclast_epi128(x, key);
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_aesenclast_epi128(x, key);
  } else {
    return _mm_aesenclast_si128(x, key);
  }
}

// The 32-bit (kWide false) or 64-bit halves of a and b interleaved in every 128-bit lane:
// the low halves (kHigh false) or the high ones.
template <class A, bool kWide, bool kHigh>
inline ars_register<A> interleave(ars_register<A> a, ars_register<A> b) {
  if constexpr (kIsAvx512<A>) {
    if constexpr (kWide) return kHigh ? _mm512_unpackhi_epi64(a, b) : _mm512_unpacklo_epi64(a, b);
    return kHigh ? _mm512_unpackhi_epi32(a, b) : _mm512_unpacklo_epi32(a, b);
  } else if constexpr (kIsAvx2<A>) {
    if constexpr (kWide) return kHigh ? _mm256_unpackhi_epi64(a, b) : _mm256_unpacklo_epi64(a, b);
    return kHigh ? _mm256_unpackhi_epi32(a, b) : _mm256_unpacklo_epi32(a, b);
  } else {
    if constexpr (kWide) return kHigh ? _mm_unpackhi_epi64(a, b) : _mm_unpacklo_epi64(a, b);
    return kHigh ? _mm_unpackhi_epi32(a, b) : _mm_unpacklo_epi32(a, b);
  }
}

}  // namespace lifbench::simd
