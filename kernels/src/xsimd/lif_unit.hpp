// Everything one ISA unit of the xsimd kernel compiles (lif_<isa>.cpp): the kernel's range
// loop and the test and bench helpers, all templates on the xsimd arch (entry_points.hpp).
#pragma once

#include "entry_points.hpp"
#include "lif_range.hpp"
#include "philox_helpers.hpp"
