// The autovec kernel unit for the ISA row sse2 (its flags: lifbench_add_isa_units).
#include "autovec_block.hpp"

namespace lifbench::autovec {
LIFBENCH_AUTOVEC_INSTANTIATE(sse2)
}  // namespace lifbench::autovec
