// ARS-7 with one neuron per uint32 lane, bit-identical to Random123's ars4x32_R<7> and to
// lifbench::ars_words (ars.hpp). docs/ars.md describes the stream and this construction.
//
// For units compiled with an ISA row's flags plus its AES flags (isa_table.def): sse2 runs
// the rounds with AES-NI on 128-bit registers, avx2 and avx512 with VAES on 256 and 512 bits,
// neon64 with the ARMv8 crypto extension's AESE and AESMC (ars_simd_aarch64.hpp).
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

// The register type of arch A's uint32 batches (__m128i, __m256i, __m512i or uint32x4_t).
template <class A>
using ars_register = typename u32_batch<A>::register_type;

}  // namespace lifbench::simd

// The AES rounds and shuffles of the family this build targets (isa.hpp): broadcast_words,
// aes_round (x86's aesenc), aes_last_round (aesenclast) and interleave (unpack).
#if defined(LIFBENCH_ISA_FAMILY_x86_64)
#include "ars_simd_x86_64.hpp"
#elif defined(LIFBENCH_ISA_FAMILY_aarch64)
#include "ars_simd_aarch64.hpp"
#endif

namespace lifbench::simd {

// Round key r in every 128-bit lane.
template <class A>
inline ars_register<A> ars_round_key(const ArsRoundKeys& keys, int r) {
  return broadcast_words<A>(keys.round_key[r]);
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
  alignas(16) const std::uint32_t first_words[4] = {block ^ k0[0], j_low ^ k0[1], j_high ^ k0[2],
                                                    domain ^ k0[3]};
  const U first(broadcast_words<A>(first_words));
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
