// The kernel registry: the one list of implementations. Tests, `lifbench verify`, the CLI,
// the benchmarks and the report find every kernel here; registry order means nothing (each
// consumer orders what it shows), and the two kernels with a role are named explicitly.
#pragma once

#include <span>
#include <string_view>

#include "lifbench/kernel.hpp"

namespace lifbench {

// Every kernel lifbench has.
std::span<const Kernel* const> registry();
// The kernel with this name, or null.
const Kernel* find_kernel(std::string_view name);
// The executable specification every other kernel is compared with.
const Kernel& reference_kernel();
// The kernel the CLI and the Python module run when none is named: the fastest.
const Kernel& default_kernel();

}  // namespace lifbench
