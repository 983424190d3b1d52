// The xsimd kernel unit for xsimd::neon64 (its flags: lifbench_add_isa_units).
#include "lif_unit.hpp"

namespace lifbench::simd {
LIFBENCH_XSIMD_INSTANTIATE(xsimd::neon64)
}  // namespace lifbench::simd
