// The per-ISA operations of simd_arch.hpp for the aarch64 row of the ISA table (neon64:
// Advanced SIMD, 128-bit registers). Included by simd_arch.hpp only.
//   - mulhilo: vmull_u32 / vmull_high_u32 give the 64-bit products of the lower and upper
//     two lanes; vuzp2q / vuzp1q take their high and low words back into lane order.
//   - lane_bits: each lane's mask (all ones or zero) ANDed with its bit, summed across lanes.
//   - no mask registers: mask_from_bits exists for the compiler only (the lane-bits path is
//     never instantiated for NEON).
#pragma once

#include <cstdint>
#include <type_traits>

namespace lifbench::simd {

// Whether an xsimd arch is ARMv8's Advanced SIMD.
template <class A>
inline constexpr bool kIsNeon64 = std::is_base_of_v<xsimd::neon64, A>;
template <class A>
inline constexpr bool kHasMaskRegisters = false;

// x * m (m the same in every lane) as 64-bit products: hi and lo 32-bit words per lane.
template <class A>
inline void mulhilo(u32_batch<A> x, std::uint32_t m, u32_batch<A>& hi, u32_batch<A>& lo) {
  static_assert(kIsNeon64<A>, "lifbench compiles the xsimd kernel for neon64 on aarch64");
  const uint32x4_t xv = x;
  const uint32x2_t mv = vdup_n_u32(m);
  const uint32x4_t low = vreinterpretq_u32_u64(vmull_u32(vget_low_u32(xv), mv));      // lanes 0, 1
  const uint32x4_t high = vreinterpretq_u32_u64(vmull_high_u32(xv, vdupq_n_u32(m)));  // 2, 3
  // Each product is {lo word, hi word} (little-endian lanes): odd words are the high words.
  hi = vuzp2q_u32(low, high);
  lo = vuzp1q_u32(low, high);
}

// Lanes 0 and 1 of x as doubles; exact for x < 2^31 (signed conversion).
template <class A>
inline xsimd::batch<double, A> widen_low_f64(u32_batch<A> x) {
  return vcvtq_f64_s64(vmovl_s32(vget_low_s32(vreinterpretq_s32_u32(x))));
}

// Lanes 2 and 3 of x as doubles; exact for x < 2^31.
template <class A>
inline xsimd::batch<double, A> widen_high_f64(u32_batch<A> x) {
  return vcvtq_f64_s64(vmovl_high_s32(vreinterpretq_s32_u32(x)));
}

// Lanes 0 and 1 of x as doubles, read as unsigned: exact for every uint32.
template <class A>
inline xsimd::batch<double, A> widen_low_unsigned_f64(u32_batch<A> x) {
  return vcvtq_f64_u64(vmovl_u32(vget_low_u32(x)));
}

// Lanes 2 and 3 of x as doubles, read as unsigned: exact for every uint32.
template <class A>
inline xsimd::batch<double, A> widen_high_unsigned_f64(u32_batch<A> x) {
  return vcvtq_f64_u64(vmovl_high_u32(x));
}

// x >> shift per lane with the lanes read as int32 (an arithmetic shift: sign bits enter).
template <class A>
inline u32_batch<A> shift_right_signed(u32_batch<A> x, int shift) {
  // vshlq by a negative count shifts right; the count need not be a compile-time constant.
  return vreinterpretq_u32_s32(vshlq_s32(vreinterpretq_s32_u32(x), vdupq_n_s32(-shift)));
}

// x as floats, lanes read as signed int32; exact for |x| < 2^24.
template <class A>
inline xsimd::batch<float, A> to_f32(u32_batch<A> x) {
  return vcvtq_f32_s32(vreinterpretq_s32_u32(x));
}

// Bit l set where lane l of b is true.
template <class T, class A>
inline std::uint32_t lane_bits(xsimd::batch_bool<T, A> b) {
  if constexpr (sizeof(T) == 8) {
    const uint64x2_t bit = {1, 2};
    return static_cast<std::uint32_t>(vaddvq_u64(vandq_u64(b, bit)));
  } else {
    const uint32x4_t bit = {1, 2, 4, 8};
    return vaddvq_u32(vandq_u32(b, bit));
  }
}

// Declared for the compiler only: NEON has no mask registers (kHasMaskRegisters).
template <class T, class A>
inline xsimd::batch_bool<T, A> mask_from_bits(std::uint32_t /*bits*/) {
  static_assert(kHasMaskRegisters<A>, "mask registers are AVX-512's");
  return {};
}

}  // namespace lifbench::simd
