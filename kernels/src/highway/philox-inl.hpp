// Philox4x32-10 in Highway ops, one neuron per uint32 lane, bit-identical to Random123's
// philox4x32_10 (lifbench::philox_words), and the philox stream's uniform conversions.
// Per-target code: foreach_target.h includes this once per Highway target (the toggle guard
// below is Highway's convention for such headers).
#if defined(LIFBENCH_HIGHWAY_PHILOX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LIFBENCH_HIGHWAY_PHILOX_INL_H_
#undef LIFBENCH_HIGHWAY_PHILOX_INL_H_
#else
#define LIFBENCH_HIGHWAY_PHILOX_INL_H_
#endif

#include <hwy/highway.h>

#include <cstdint>

#include "lif_highway.hpp"

HWY_BEFORE_NAMESPACE();
namespace lifbench::highway::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Scalar 32x32 -> 64-bit product split into words (the lane-independent parts).
inline std::uint32_t MulHiLoScalar(std::uint32_t x, std::uint32_t m, std::uint32_t* hi) {
  const std::uint64_t product = std::uint64_t{x} * m;
  *hi = static_cast<std::uint32_t>(product >> 32);
  return static_cast<std::uint32_t>(product);
}

// x * m per uint32 lane as 64-bit products, split into high and low words: MulEven of the
// even lanes and of the odd lanes shifted down, recombined with OddEven.
template <class DU>
HWY_INLINE void MulHiLo(DU du, hn::Vec<DU> x, hn::Vec<DU> m, hn::Vec<DU>& hi, hn::Vec<DU>& lo) {
#if HWY_TARGET == HWY_SCALAR
  const std::uint64_t product = std::uint64_t{hn::GetLane(x)} * hn::GetLane(m);
  hi = hn::Set(du, static_cast<std::uint32_t>(product >> 32));
  lo = hn::Set(du, static_cast<std::uint32_t>(product));
#else
  const hn::Repartition<std::uint64_t, DU> du64;
  const auto even = hn::BitCast(du, hn::MulEven(x, m));  // words (lo, hi) of lanes 0, 2, ...
  const auto odd =
      hn::BitCast(du, hn::MulEven(hn::BitCast(du, hn::ShiftRight<32>(hn::BitCast(du64, x))), m));
#if HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL
  // The other product's words moved into place under a mask register: one merge-masked
  // shuffle per result (OddEven's blend with an immediate would cost a second instruction).
  const auto even_lanes = hn::MaskFromVec(hn::BitCast(du, hn::Set(du64, 0xFFFFFFFFull)));
  hi = hn::IfThenElse(even_lanes, hn::DupOdd(even), odd);
  lo = hn::IfThenElse(hn::Not(even_lanes), hn::DupEven(odd), even);
#else
  // A 64-bit shift and a blend with an immediate (OddEven) per result.
  hi = hn::OddEven(odd, hn::BitCast(du, hn::ShiftRight<32>(hn::BitCast(du64, even))));
  lo = hn::OddEven(hn::BitCast(du, hn::ShiftLeft<32>(hn::BitCast(du64, odd))), even);
#endif
#endif
}

// One Philox4x32 round on lanes with a broadcast round key.
template <class DU>
HWY_INLINE void PhiloxRound(DU du, hn::Vec<DU> (&x)[4], std::uint32_t key0, std::uint32_t key1) {
  hn::Vec<DU> hi0, lo0, hi1, lo1;
  MulHiLo(du, x[0], hn::Set(du, kPhiloxM0), hi0, lo0);
  MulHiLo(du, x[2], hn::Set(du, kPhiloxM1), hi1, lo1);
  x[0] = hn::Xor(hn::Xor(hi1, x[1]), hn::Set(du, key0));
  x[1] = lo1;
  x[2] = hn::Xor(hn::Xor(hi0, x[3]), hn::Set(du, key1));
  x[3] = lo0;
}

// The words of the stream's counters {block, j_lo (per lane), j_hi, domain}. Only counter
// word 1 differs between lanes, so rounds 1-3 are partly the same in every lane: those
// products are computed once in scalar code (4 of the 20 vector products saved).
template <class DU>
HWY_INLINE void StreamWords(DU du, const RoundKeys& keys, std::uint32_t block, hn::Vec<DU> j_lo,
                            std::uint32_t j_hi, std::uint32_t domain, hn::Vec<DU> (&w)[4]) {
  std::uint32_t hi0, hi1;
  // Round 1: both products are lane-independent; only word 0 picks up j_lo.
  std::uint32_t lo0 = MulHiLoScalar(block, kPhiloxM0, &hi0);
  std::uint32_t lo1 = MulHiLoScalar(j_hi, kPhiloxM1, &hi1);
  const auto a0 = hn::Xor(j_lo, hn::Set(du, hi1 ^ keys.key0[0]));
  const std::uint32_t a1 = lo1, a2 = hi0 ^ domain ^ keys.key1[0], a3 = lo0;
  // Round 2: the product of word 2 is lane-independent.
  hn::Vec<DU> vhi, vlo;
  MulHiLo(du, a0, hn::Set(du, kPhiloxM0), vhi, vlo);
  lo1 = MulHiLoScalar(a2, kPhiloxM1, &hi1);
  const std::uint32_t b0 = hi1 ^ a1 ^ keys.key0[1], b1 = lo1;
  const auto b2 = hn::Xor(vhi, hn::Set(du, a3 ^ keys.key1[1]));
  const auto b3 = vlo;
  // Round 3: the product of word 0 is lane-independent.
  lo0 = MulHiLoScalar(b0, kPhiloxM0, &hi0);
  MulHiLo(du, b2, hn::Set(du, kPhiloxM1), vhi, vlo);
  w[0] = hn::Xor(vhi, hn::Set(du, b1 ^ keys.key0[2]));
  w[1] = vlo;
  w[2] = hn::Xor(b3, hn::Set(du, hi0 ^ keys.key1[2]));
  w[3] = hn::Set(du, lo0);
  // Rounds 4 .. 10: every lane its own.
  for (int r = 3; r < kPhiloxRounds; ++r) PhiloxRound(du, w, keys.key0[r], keys.key1[r]);
}

// The int32 lanes of x as doubles (exact): the lower (kHalf 0) or upper (1) half, or all of
// them where a double vector has as many lanes (HWY_SCALAR).
template <int kHalf, class DF, class VI>
HWY_INLINE hn::Vec<DF> WidenToF64(DF df, VI x) {
#if HWY_TARGET == HWY_SCALAR
  static_assert(kHalf == 0);
  return hn::PromoteTo(df, x);
#else
  const hn::Half<hn::DFromV<VI> > dh;
  return hn::PromoteTo(df, kHalf == 0 ? hn::LowerHalf(dh, x) : hn::UpperHalf(dh, x));
#endif
}

// The f64 input of one step from word w, both halves of the uint32 lanes (x[0], x[1]; x[0]
// alone on HWY_SCALAR): u = w 2^-32 (lifbench::uniform32 bit for bit), w converted as the
// int32 w - 2^31 plus 2^31; kCentred: the integer y = w - 2^31 of 2u - 1 = y 2^-31, read
// directly from a word with bit 31 flipped (kFlipped) or flipped here. Every step exact.
template <bool kCentred, bool kFlipped, class DF, class VU>
HWY_INLINE void InputsF64(DF df, VU w, hn::Vec<DF>* x) {
  const hn::DFromV<VU> du;
  const hn::RebindToSigned<decltype(du)> di;
  const auto y = hn::BitCast(di, (kCentred && kFlipped) ? w : hn::Xor(w, hn::Set(du, 0x80000000u)));
  x[0] = WidenToF64<0>(df, y);
  if constexpr (HWY_TARGET != HWY_SCALAR) x[1] = WidenToF64<1>(df, y);
  if constexpr (!kCentred) {
    const auto offset = hn::Set(df, 2147483648.0);       // 2^31
    const auto scale = hn::Set(df, 1.0 / 4294967296.0);  // 2^-32
    x[0] = (x[0] + offset) * scale;
    if constexpr (HWY_TARGET != HWY_SCALAR) x[1] = (x[1] + offset) * scale;
  }
}

// The f32 input of one step from word w: u = (w >> 8) 2^-24 (lifbench::uniform24 bit for
// bit); kCentred: y = (w >> 8) - 2^23 of 2u - 1 = y 2^-23, from w as it is (kFlipped false)
// or with bit 31 flipped (an arithmetic shift gives the same y).
template <bool kCentred, bool kFlipped, class DF, class VU>
HWY_INLINE hn::Vec<DF> InputF32(DF df, VU w) {
  const hn::DFromV<VU> du;
  const hn::RebindToSigned<decltype(du)> di;
  if constexpr (!kCentred) {
    return hn::ConvertTo(df, hn::BitCast(di, hn::ShiftRight<8>(w))) *
           hn::Set(df, 1.0f / 16777216.0f);
  } else if constexpr (kFlipped) {
    return hn::ConvertTo(df, hn::ShiftRight<8>(hn::BitCast(di, w)));
  } else {
    return hn::ConvertTo(df, hn::BitCast(di, hn::Sub(hn::ShiftRight<8>(w), hn::Set(du, 8388608u))));
  }
}

}  // namespace lifbench::highway::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // LIFBENCH_HIGHWAY_PHILOX_INL_H_
