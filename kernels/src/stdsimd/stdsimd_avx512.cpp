// The stdsimd kernel unit for the ISA row avx512 (its flags: lifbench_add_isa_units).
#include "stdsimd_block.hpp"

namespace lifbench::stdsimd {
LIFBENCH_STDSIMD_INSTANTIATE(avx512)
}  // namespace lifbench::stdsimd
