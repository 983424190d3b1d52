// The uniform conversions of one 32-bit word per neuron-step (the ars stream, docs/ars.md):
// f64 u = w 2^-32, f32 u = (w >> 8) 2^-24, both exact, lane by lane.
//
// Templates on the xsimd arch only: each ISA unit instantiates its own copy.
#pragma once

#include <cstdint>

#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// w 2^-32 per lane in double, for the lower (low) and upper (high) half of the uint32 lanes.
// AVX-512 converts uint32 directly; the others convert w - 2^31 (w with bit 31 flipped, read
// as int32) and add 2^31 back: every step exact.
template <class A>
inline void uniforms32_f64(u32_batch<A> w, xsimd::batch<double, A>& low,
                           xsimd::batch<double, A>& high) {
  using D = xsimd::batch<double, A>;
  const D scale(0x1p-32);
  if constexpr (kIsAvx512<A>) {
    low = D(_mm512_cvtepu32_pd(_mm512_castsi512_si256(w))) * scale;
    high = D(_mm512_cvtepu32_pd(_mm512_extracti64x4_epi64(w, 1))) * scale;
  } else {
    const u32_batch<A> centred = w ^ u32_batch<A>(0x80000000u);
    const D offset(2147483648.0);  // 2^31
    low = (widen_low_f64<A>(centred) + offset) * scale;
    high = (widen_high_f64<A>(centred) + offset) * scale;
  }
}

// (w >> 8) 2^-24 per lane in float (lifbench::uniform24 bit for bit).
template <class A>
inline xsimd::batch<float, A> uniforms24_f32(u32_batch<A> w) {
  return to_f32<A>(w >> 8) * xsimd::batch<float, A>(0x1p-24f);
}

}  // namespace lifbench::simd
