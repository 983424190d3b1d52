// ARS-7 with one neuron per uint32 lane, bit-identical to Random123's ars4x32_R<7> and to
// lifbench::ars_words (ars.hpp). docs/ars.md describes the stream and this construction.
//
// For units compiled with an ISA row's flags plus its AES flags (isa_table.def): sse2 runs
// the rounds with AES-NI on 128-bit registers, avx2 and avx512 with VAES on 256 and 512 bits.
// Templates on the xsimd arch only: each ISA unit instantiates its own copy.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lifbench/ars.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// The 8 round keys of one seed as 128-bit values (ArsKeySchedule::from_seed, and
// flipped_keys(): every output word with bit 31 flipped). Its functions are compiled once,
// out of line with the baseline flags (kernels/src/ars.cpp), so no ISA unit's copy of them
// can stand in for another's.
using ArsRoundKeys = ArsKeySchedule;

// The register type of arch A's uint32 batches (__m128i, __m256i or __m512i).
template <class A>
using ars_register = typename u32_batch<A>::register_type;

// A 128-bit value in every 128-bit lane of a register.
template <class A>
inline ars_register<A> broadcast_128(__m128i x) {
  if constexpr (kIsAvx512<A>) {
    return _mm512_broadcast_i32x4(x);
  } else if constexpr (kIsAvx2<A>) {
    return _mm256_broadcastsi128_si256(x);
  } else {
    return x;
  }
}

// Round key r in every 128-bit lane.
template <class A>
inline ars_register<A> ars_round_key(const ArsRoundKeys& keys, int r) {
  return broadcast_128<A>(_mm_load_si128(reinterpret_cast<const __m128i*>(keys.round_key[r])));
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

// Counter word 1's offsets of register r: 4L + r in word 1 of 128-bit lane L, 0 elsewhere.
template <class A>
inline ars_register<A> ars_counter_offsets(std::uint32_t r) {
  constexpr std::size_t kWords = u32_batch<A>::size;
  alignas(64) std::uint32_t lanes[kWords];
  for (std::size_t l = 0; l < kWords; ++l) {
    lanes[l] = l % 4 == 1 ? static_cast<std::uint32_t>(l - 1) + r : 0u;  // l - 1 = 4L
  }
  return u32_batch<A>::load_aligned(lanes);
}

// x[r], holding the 4 words of neuron 4L + r in 128-bit lane L, transposed in every 128-bit
// lane: w[i] holds word i of neurons 4L .. 4L + 3 there, i.e. lane l has word i of neuron l.
template <class A>
inline void ars_transpose(const ars_register<A> (&x)[4], u32_batch<A> (&w)[4]) {
  const ars_register<A> t0 = interleave<A, false, false>(x[0], x[1]);  // w0, w1 of 4L, 4L + 1
  const ars_register<A> t1 = interleave<A, false, false>(x[2], x[3]);  // of 4L + 2, 4L + 3
  const ars_register<A> t2 = interleave<A, false, true>(x[0], x[1]);   // w2, w3 of 4L, 4L + 1
  const ars_register<A> t3 = interleave<A, false, true>(x[2], x[3]);   // of 4L + 2, 4L + 3
  w[0] = interleave<A, true, false>(t0, t1);
  w[1] = interleave<A, true, true>(t0, t1);
  w[2] = interleave<A, true, false>(t2, t3);
  w[3] = interleave<A, true, true>(t2, t3);
}

// ARS words of the stream's counters {block, j, j >> 32, domain} for j = j_first + l in lane
// l: lane l of w[i] is word i of ars_words(seed, j_first + l, block, domain). Precondition:
// j_first is a multiple of the lane count (every lane then has the same j >> 32, and adding
// 4L + r to j's low word is an XOR).
//
// The W lanes hold W / 4 AES blocks per register: register r holds neuron 4L + r in 128-bit
// lane L, the four registers go through the rounds independently, then ars_transpose.
template <class A>
inline void ars_stream_words(const ArsRoundKeys& keys, std::uint32_t block, std::uint64_t j_first,
                             std::uint32_t domain, u32_batch<A> (&w)[4]) {
  using R = ars_register<A>;
  using U = u32_batch<A>;
  const std::uint32_t(&k0)[4] = keys.round_key[0];
  const auto j_low = static_cast<std::uint32_t>(j_first);
  const auto j_high = static_cast<std::uint32_t>(j_first >> 32);
  // Lane 0's counter XOR round key 0, in every 128-bit lane; each register's offsets on top.
  const U first(broadcast_128<A>(
      _mm_set_epi32(static_cast<int>(domain ^ k0[3]), static_cast<int>(j_high ^ k0[2]),
                    static_cast<int>(j_low ^ k0[1]), static_cast<int>(block ^ k0[0]))));
  R x[4];
  for (std::uint32_t r = 0; r < 4; ++r) x[r] = first ^ U(ars_counter_offsets<A>(r));
  for (int round = 1; round < kArsRounds; ++round) {
    const R key = ars_round_key<A>(keys, round);
    for (R& xr : x) xr = aes_round<A>(xr, key);
  }
  const R last = ars_round_key<A>(keys, kArsRounds);
  for (R& xr : x) xr = aes_last_round<A>(xr, last);
  ars_transpose<A>(x, w);
}

}  // namespace lifbench::simd
