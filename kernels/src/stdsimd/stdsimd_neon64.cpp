// The stdsimd kernel unit for the ISA row neon64 (its flags: lifbench_add_isa_units).
#include "stdsimd_block.hpp"

namespace lifbench::stdsimd {
LIFBENCH_STDSIMD_INSTANTIATE(neon64)
}  // namespace lifbench::stdsimd
