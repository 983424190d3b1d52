// ARS-7 in Highway ops, one neuron per uint32 lane, bit-identical to Random123's
// ars4x32_R<7> (lifbench::ars_words). docs/ars.md describes the construction.
// Per-target code: foreach_target.h includes this once per Highway target (the toggle guard
// below is Highway's convention for such headers).
//
// hn::AESRound / hn::AESLastRound in Highway 1.0.3, per target:
//   SSE4: AES-NI on 128 bits; AVX3_DL: VAES on 256 and 512 bits;
//   AVX2 and AVX3: split into 128-bit AES-NI per 128-bit block (Highway's AVX2 target never
//     uses VAES; AVX3 uses it only as AVX3_DL, a target compiled only with HWY_WANT_AVX3_DL);
//   SSSE3, EMU128, NEON without crypto: Highway's constant-time software AES (vector
//     permutes), correct but several times slower;
//   SCALAR: none (it needs 16-byte vectors). There kHasArs is false, ArsStreamWords is not
//     defined, and a kernel takes lifbench::ars_words_range instead.
#if defined(LIFBENCH_HIGHWAY_ARS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LIFBENCH_HIGHWAY_ARS_INL_H_
#undef LIFBENCH_HIGHWAY_ARS_INL_H_
#else
#define LIFBENCH_HIGHWAY_ARS_INL_H_
#endif

#include <hwy/highway.h>

#include <cstdint>

#include "lifbench/ars.hpp"

HWY_BEFORE_NAMESPACE();
namespace lifbench::highway::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Whether this target has ArsStreamWords (hn::AESRound): every target but HWY_SCALAR.
inline constexpr bool kHasArs = HWY_TARGET != HWY_SCALAR;

#if HWY_TARGET != HWY_SCALAR

// Counter word 1's offsets of register r: 4L + r in word 1 of 128-bit block L, 0 elsewhere.
template <class DU>
HWY_INLINE hn::Vec<DU> ArsCounterOffsets(DU du, std::uint32_t r) {
  HWY_ALIGN static constexpr std::uint32_t kWord1[4] = {0, ~0u, 0, 0};
  const auto four_l = hn::And(hn::Iota(du, 0), hn::Set(du, ~3u));  // 4L in every word
  return hn::And(hn::Add(four_l, hn::Set(du, r)), hn::LoadDup128(du, kWord1));
}

// x[r] (the 4 words of neuron 4L + r in 128-bit block L) transposed in every block: lane l
// of w[i] is word i of neuron l.
template <class DU>
HWY_INLINE void ArsTranspose(DU du, const hn::Vec<DU> (&x)[4], hn::Vec<DU> (&w)[4]) {
  const hn::Repartition<std::uint64_t, DU> d64;
  const auto t0 = hn::BitCast(d64, hn::InterleaveLower(du, x[0], x[1]));  // w0, w1 of 4L, 4L+1
  const auto t1 = hn::BitCast(d64, hn::InterleaveLower(du, x[2], x[3]));  // of 4L+2, 4L+3
  const auto t2 = hn::BitCast(d64, hn::InterleaveUpper(du, x[0], x[1]));  // w2, w3 of 4L, 4L+1
  const auto t3 = hn::BitCast(d64, hn::InterleaveUpper(du, x[2], x[3]));  // of 4L+2, 4L+3
  w[0] = hn::BitCast(du, hn::InterleaveLower(d64, t0, t1));
  w[1] = hn::BitCast(du, hn::InterleaveUpper(d64, t0, t1));
  w[2] = hn::BitCast(du, hn::InterleaveLower(d64, t2, t3));
  w[3] = hn::BitCast(du, hn::InterleaveUpper(d64, t2, t3));
}

// ARS words of the stream's counters {block, j, j >> 32, domain} for j = j_first + l in lane
// l: lane l of w[i] is word i of ARS with round keys `keys` (ArsKeySchedule::from_seed, or
// flipped_keys()). Precondition: j_first a multiple of the lane count. As the xsimd form
// (ars_simd.hpp): register r holds neuron 4L + r in 128-bit block L, four independent
// registers through the rounds, then the in-block transposition.
template <class DU>
HWY_INLINE void ArsStreamWords(DU du, const ArsKeySchedule& keys, std::uint32_t block,
                               std::uint64_t j_first, std::uint32_t domain, hn::Vec<DU> (&w)[4]) {
  const hn::Repartition<std::uint8_t, DU> d8;
  const std::uint32_t(&k0)[4] = keys.round_key[0];
  // Lane 0's counter XOR round key 0, in every 128-bit block.
  HWY_ALIGN const std::uint32_t first[4] = {
      block ^ k0[0], static_cast<std::uint32_t>(j_first) ^ k0[1],
      static_cast<std::uint32_t>(j_first >> 32) ^ k0[2], domain ^ k0[3]};
  const auto base = hn::LoadDup128(du, first);
  hn::Vec<decltype(d8)> x[4];
  for (std::uint32_t r = 0; r < 4; ++r) {
    x[r] = hn::BitCast(d8, hn::Xor(base, ArsCounterOffsets(du, r)));
  }
  for (int round = 1; round < kArsRounds; ++round) {
    const auto key = hn::BitCast(d8, hn::LoadDup128(du, keys.round_key[round]));
    for (auto& xr : x) xr = hn::AESRound(xr, key);
  }
  const auto last = hn::BitCast(d8, hn::LoadDup128(du, keys.round_key[kArsRounds]));
  hn::Vec<DU> out[4];
  for (int r = 0; r < 4; ++r) out[r] = hn::BitCast(du, hn::AESLastRound(x[r], last));
  ArsTranspose(du, out, w);
}

#endif  // HWY_TARGET != HWY_SCALAR

}  // namespace lifbench::highway::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // LIFBENCH_HIGHWAY_ARS_INL_H_
