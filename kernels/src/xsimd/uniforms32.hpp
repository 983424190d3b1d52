// The uniform conversions of one 32-bit word per neuron-step (the ars stream, docs/ars.md):
// f64 u = w 2^-32, f32 u = (w >> 8) 2^-24, both exact, lane by lane.
//
// Templates on the xsimd arch only: each ISA unit instantiates its own copy.
#pragma once

#include <cstdint>

#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// w 2^-32 per lane in double, for the lower (low) and upper (high) half of the uint32 lanes:
// the exact unsigned conversion of simd_arch.hpp (AVX-512 and NEON convert uint32 directly;
// SSE2 and AVX2 convert w - 2^31, w with bit 31 flipped read as int32, and add 2^31 back).
template <class A>
inline void uniforms32_f64(u32_batch<A> w, xsimd::batch<double, A>& low,
                           xsimd::batch<double, A>& high) {
  const xsimd::batch<double, A> scale(0x1p-32);
  low = widen_low_unsigned_f64<A>(w) * scale;
  high = widen_high_unsigned_f64<A>(w) * scale;
}

// (w >> 8) 2^-24 per lane in float (lifbench::uniform24 bit for bit).
template <class A>
inline xsimd::batch<float, A> uniforms24_f32(u32_batch<A> w) {
  return to_f32<A>(w >> 8) * xsimd::batch<float, A>(0x1p-24f);
}

}  // namespace lifbench::simd
