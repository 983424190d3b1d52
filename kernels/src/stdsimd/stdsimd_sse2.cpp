// The stdsimd kernel unit for the ISA row sse2 (its flags: lifbench_add_isa_units).
#include "stdsimd_block.hpp"

namespace lifbench::stdsimd {
LIFBENCH_STDSIMD_INSTANTIATE(sse2)
}  // namespace lifbench::stdsimd
