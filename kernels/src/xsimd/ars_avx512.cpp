// The ars stream's unit for xsimd::avx512bw (the row's flags and AES flags,
// kernels/CMakeLists.txt).
#include "ars_unit.hpp"

namespace lifbench::simd {
LIFBENCH_ARS_INSTANTIATE(xsimd::avx512bw)
}  // namespace lifbench::simd
