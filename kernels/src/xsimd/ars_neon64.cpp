// The ars stream's unit for xsimd::neon64 (the row's flags and AES flags, kernels/CMakeLists.txt).
#include "ars_unit.hpp"

namespace lifbench::simd {
LIFBENCH_ARS_INSTANTIATE(xsimd::neon64)
}  // namespace lifbench::simd
