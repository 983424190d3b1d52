// The xsimd kernel unit for xsimd::avx512bw (flags LIFBENCH_FLAGS_AVX512, kernels/CMakeLists.txt).
#include "lif_unit.hpp"

namespace lifbench::simd {
LIFBENCH_XSIMD_INSTANTIATE(xsimd::avx512bw)
}  // namespace lifbench::simd
