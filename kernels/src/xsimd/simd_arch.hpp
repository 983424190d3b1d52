// The few per-ISA operations xsimd 8.1 lacks, as tiny overloads on the xsimd arch.
//
// Everything here is a template on the arch `A`, so each ISA unit (lif_sse2.cpp, ...)
// instantiates its own copy with its own compile flags; `if constexpr` picks the
// intrinsics, so an arch's branch is only compiled where its flags are on.
//   - mulhilo: the 32x32 -> 64-bit product of every uint32 lane, split into high and low
//     words (Philox's multiply). Built from two `_mm*_mul_epu32` products (even lanes,
//     then the odd lanes shifted down) and recombined.
//   - widen_low_f64 / widen_high_f64: the lower / upper half of the uint32 lanes as
//     doubles, read as int32; widen_*_unsigned_f64 the same read as uint32 (both exact).
//   - to_f32: uint32 lanes read as int32 of magnitude below 2^24, as floats (exact).
//   - shift_right_signed: the arithmetic shift of uint32 lanes read as int32.
//   - lane_bits: a batch_bool as an integer, bit l = lane l (movemask / the AVX-512 mask).
//   - mask_from_bits: the inverse on AVX-512 (an integer moved into a mask register).
#pragma once

// GCC 12's AVX-512 headers trip -Wmaybe-uninitialized on their own _mm512_undefined_*
// (GCC bug 105593); the warning is reported at the header's lines, so silence it there.
// This header is included before anything else includes the intrinsics.
#if defined(__GNUC__) && !defined(__clang__)  // clang (and clang-tidy) lack this warning
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <immintrin.h>

#include <xsimd/xsimd.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

#include <cstdint>
#include <type_traits>

namespace lifbench::simd {

template <class A>
using u32_batch = xsimd::batch<std::uint32_t, A>;

// Which register family an xsimd arch belongs to.
template <class A>
inline constexpr bool kIsAvx512 = std::is_base_of_v<xsimd::avx512f, A>;
template <class A>
inline constexpr bool kIsAvx2 = !kIsAvx512<A> && std::is_base_of_v<xsimd::avx2, A>;
template <class A>
inline constexpr bool kIsSse2 = !kIsAvx512<A> && !kIsAvx2<A> && std::is_base_of_v<xsimd::sse2, A>;
// Whether an arch has mask registers that lane bits move into in one instruction
// (mask_from_bits): what the xsimd kernel's lane-bits path needs (block_path.hpp).
template <class A>
inline constexpr bool kHasMaskRegisters = kIsAvx512<A>;

// x * m (m the same in every lane) as 64-bit products: hi and lo 32-bit words per lane.
template <class A>
inline void mulhilo(u32_batch<A> x, std::uint32_t m, u32_batch<A>& hi, u32_batch<A>& lo) {
  if constexpr (kIsAvx512<A>) {
    const __m512i xv = x;
    const __m512i mv = _mm512_set1_epi32(static_cast<int>(m));
    const __m512i even = _mm512_mul_epu32(xv, mv);  // products of lanes 0, 2, 4, ...
    const __m512i odd = _mm512_mul_epu32(_mm512_srli_epi64(xv, 32), mv);  // lanes 1, 3, ...
    // hi: even lanes take word 2i+1 of `even`, odd lanes keep word 2i+1 of `odd`.
    hi = _mm512_mask_shuffle_epi32(odd, 0x5555, even, static_cast<_MM_PERM_ENUM>(0xF5));
    // lo: even lanes keep word 2i of `even`, odd lanes take word 2i of `odd`.
    lo = _mm512_mask_shuffle_epi32(even, 0xAAAA, odd, static_cast<_MM_PERM_ENUM>(0xA0));
  } else if constexpr (kIsAvx2<A>) {
    const __m256i xv = x;
    const __m256i mv = _mm256_set1_epi32(static_cast<int>(m));
    const __m256i even = _mm256_mul_epu32(xv, mv);
    const __m256i odd = _mm256_mul_epu32(_mm256_srli_epi64(xv, 32), mv);
    hi = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0xAA);
    lo = _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
  } else {
    static_assert(kIsSse2<A>, "lifbench compiles the xsimd kernel for sse2, avx2, avx512bw");
    const __m128i xv = x;
    const __m128i mv = _mm_set1_epi32(static_cast<int>(m));
    const __m128i even = _mm_mul_epu32(xv, mv);
    const __m128i odd = _mm_mul_epu32(_mm_srli_epi64(xv, 32), mv);
    const __m128i high_words = _mm_set_epi32(-1, 0, -1, 0);  // odd 32-bit positions
    hi = _mm_or_si128(_mm_srli_epi64(even, 32), _mm_and_si128(odd, high_words));
    lo = _mm_or_si128(_mm_andnot_si128(high_words, even), _mm_slli_epi64(odd, 32));
  }
}

// Lanes 0 .. size/2 - 1 of x as doubles; exact for x < 2^31 (signed conversion).
template <class A>
inline xsimd::batch<double, A> widen_low_f64(u32_batch<A> x) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_cvtepi32_pd(_mm512_castsi512_si256(x));
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_cvtepi32_pd(_mm256_castsi256_si128(x));
  } else {
    return _mm_cvtepi32_pd(x);
  }
}

// Lanes size/2 .. size - 1 of x as doubles; exact for x < 2^31.
template <class A>
inline xsimd::batch<double, A> widen_high_f64(u32_batch<A> x) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(x, 1));
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_cvtepi32_pd(_mm256_extracti128_si256(x, 1));
  } else {
    const __m128i xv = x;
    return _mm_cvtepi32_pd(_mm_unpackhi_epi64(xv, xv));
  }
}

// Lanes 0 .. size/2 - 1 of x as doubles, read as unsigned: exact for every uint32.
template <class A>
inline xsimd::batch<double, A> widen_low_unsigned_f64(u32_batch<A> x) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_cvtepu32_pd(_mm512_castsi512_si256(x));
  } else {  // (x - 2^31) as int32, plus 2^31: both steps exact
    return widen_low_f64<A>(x ^ u32_batch<A>(0x80000000u)) + xsimd::batch<double, A>(2147483648.0);
  }
}

// Lanes size/2 .. size - 1 of x as doubles, read as unsigned: exact for every uint32.
template <class A>
inline xsimd::batch<double, A> widen_high_unsigned_f64(u32_batch<A> x) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_cvtepu32_pd(_mm512_extracti64x4_epi64(x, 1));
  } else {
    return widen_high_f64<A>(x ^ u32_batch<A>(0x80000000u)) + xsimd::batch<double, A>(2147483648.0);
  }
}

// x >> shift per lane with the lanes read as int32 (an arithmetic shift: sign bits enter).
template <class A>
inline u32_batch<A> shift_right_signed(u32_batch<A> x, int shift) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_srai_epi32(x, static_cast<unsigned>(shift));
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_srai_epi32(x, shift);
  } else {
    return _mm_srai_epi32(x, shift);
  }
}

// x as floats, lanes read as signed int32; exact for |x| < 2^24.
template <class A>
inline xsimd::batch<float, A> to_f32(u32_batch<A> x) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_cvtepi32_ps(x);
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_cvtepi32_ps(x);
  } else {
    return _mm_cvtepi32_ps(x);
  }
}

// Bit l set where lane l of b is true.
template <class T, class A>
inline std::uint32_t lane_bits(xsimd::batch_bool<T, A> b) {
  if constexpr (kIsAvx512<A>) {
    using Mask = typename xsimd::batch_bool<T, A>::register_type;  // __mmask8 / __mmask16
    return static_cast<std::uint32_t>(static_cast<Mask>(b));
  } else if constexpr (kIsAvx2<A>) {
    if constexpr (sizeof(T) == 8) {
      return static_cast<std::uint32_t>(_mm256_movemask_pd(b));
    } else {
      return static_cast<std::uint32_t>(_mm256_movemask_ps(b));
    }
  } else {
    if constexpr (sizeof(T) == 8) {
      return static_cast<std::uint32_t>(_mm_movemask_pd(b));
    } else {
      return static_cast<std::uint32_t>(_mm_movemask_ps(b));
    }
  }
}

// The batch_bool whose lane l is bit l of `bits` (AVX-512 only: one kmov into a mask register).
template <class T, class A>
inline xsimd::batch_bool<T, A> mask_from_bits(std::uint32_t bits) {
  static_assert(kHasMaskRegisters<A>, "mask registers are AVX-512's");
  using Mask = typename xsimd::batch_bool<T, A>::register_type;  // __mmask8 / __mmask16
  return xsimd::batch_bool<T, A>(static_cast<Mask>(bits));
}

}  // namespace lifbench::simd
