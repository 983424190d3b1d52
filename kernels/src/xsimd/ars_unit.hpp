// Everything one ISA unit of the ars stream compiles (ars_<isa>.cpp, with the row's flags and
// AES flags): the test and bench helpers, all templates on the xsimd arch
// (ars_entry_points.hpp).
#pragma once

#include "ars_entry_points.hpp"
#include "ars_helpers.hpp"
