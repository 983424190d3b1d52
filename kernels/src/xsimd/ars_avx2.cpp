// The ars stream's unit for xsimd::avx2 (the row's flags and AES flags, kernels/CMakeLists.txt).
#include "ars_unit.hpp"

namespace lifbench::simd {
LIFBENCH_ARS_INSTANTIATE(xsimd::avx2)
}  // namespace lifbench::simd
