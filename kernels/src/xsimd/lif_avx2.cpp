// The xsimd kernel unit for xsimd::avx2 (flags LIFBENCH_FLAGS_AVX2, kernels/CMakeLists.txt).
#include "lif_unit.hpp"

namespace lifbench::simd {
LIFBENCH_XSIMD_INSTANTIATE(xsimd::avx2)
}  // namespace lifbench::simd
