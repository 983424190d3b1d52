// The xsimd kernel unit for xsimd::sse2 (flags LIFBENCH_FLAGS_SSE2, kernels/CMakeLists.txt).
#include "lif_unit.hpp"

namespace lifbench::simd {
LIFBENCH_XSIMD_INSTANTIATE(xsimd::sse2)
}  // namespace lifbench::simd
