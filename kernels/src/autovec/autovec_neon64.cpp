// The autovec kernel unit for the ISA row neon64 (its flags: lifbench_add_isa_units).
#include "autovec_block.hpp"

namespace lifbench::autovec {
LIFBENCH_AUTOVEC_INSTANTIATE(neon64)
}  // namespace lifbench::autovec
