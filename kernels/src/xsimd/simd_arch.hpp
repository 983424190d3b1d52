// The few per-ISA operations xsimd 8.1 lacks, as tiny overloads on the xsimd arch.
//
// Everything here is a template on the arch `A`, so each ISA unit (lif_sse2.cpp,
// lif_neon64.cpp, ...) instantiates its own copy with its own compile flags. Each CPU family
// of the ISA table has its file of intrinsics, the one of the family this build targets
// (isa.hpp): simd_arch_x86_64.hpp, simd_arch_aarch64.hpp. Both define:
//   - kHasMaskRegisters<A>: whether lane bits move into a mask register in one instruction
//     (mask_from_bits), what the xsimd kernel's lane-bits path needs (block_path.hpp).
//   - mulhilo: the 32x32 -> 64-bit product of every uint32 lane, split into high and low
//     words (Philox's multiply).
//   - widen_low_f64 / widen_high_f64: the lower / upper half of the uint32 lanes as
//     doubles, read as int32; widen_*_unsigned_f64 the same read as uint32 (both exact).
//   - to_f32: uint32 lanes read as int32 of magnitude below 2^24, as floats (exact).
//   - shift_right_signed: the arithmetic shift of uint32 lanes read as int32.
//   - lane_bits: a batch_bool as an integer, bit l = lane l.
//   - mask_from_bits: the inverse, where kHasMaskRegisters<A> (an integer moved into a mask
//     register).
#pragma once

#include "lifbench/isa.hpp"

#if defined(LIFBENCH_ISA_FAMILY_x86_64)
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
#elif defined(LIFBENCH_ISA_FAMILY_aarch64)
#include <arm_neon.h>

#include <xsimd/xsimd.hpp>
#else
#error "the ISA table (isa_table.def) has no rows for this CPU family"
#endif

#include <cstdint>
#include <type_traits>

namespace lifbench::simd {

template <class A>
using u32_batch = xsimd::batch<std::uint32_t, A>;

}  // namespace lifbench::simd

#if defined(LIFBENCH_ISA_FAMILY_x86_64)
#include "simd_arch_x86_64.hpp"
#elif defined(LIFBENCH_ISA_FAMILY_aarch64)
#include "simd_arch_aarch64.hpp"
#endif
