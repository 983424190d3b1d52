// The ars stream's unit for xsimd::sse2 (the row's flags and AES flags, kernels/CMakeLists.txt).
#include "ars_unit.hpp"

namespace lifbench::simd {
LIFBENCH_ARS_INSTANTIATE(xsimd::sse2)
}  // namespace lifbench::simd
