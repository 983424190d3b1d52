// Everything one ISA unit of the ars stream compiles (ars_<isa>.cpp, with the row's flags and
// AES flags): the xsimd kernel's range loop on ars words and the test and bench helpers, all
// templates on the xsimd arch (ars_entry_points.hpp).
#pragma once

#include "ars_entry_points.hpp"
#include "ars_helpers.hpp"
#include "lif_range.hpp"

namespace lifbench::simd {

template <class Arch, class T>
void ars_lif_range(const RangeCall<T>& call) {
  detail::lif_range_with<Arch, T, ArsGenerator>(call);
}

}  // namespace lifbench::simd
