// The entry points every ISA unit of the ars stream compiles (ars_unit.hpp defines them,
// ars_<isa>.cpp instantiates them with the row's flags and AES flags), declared for the
// baseline code that dispatches to them (ars_dispatch.cpp).
//
// As for the xsimd kernel (entry_points.hpp), everything an ISA unit compiles is a template
// on the xsimd arch, instantiated in its unit only and declared extern everywhere else.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lifbench/ars.hpp"
#include "lifbench/isa.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// words[4 l + i] = word i of ARS (round keys `keys`) for counter {block, j_first + l,
// (j_first + l) >> 32, domain}, l < count; j_first a multiple of the uint32 lane count.
template <class Arch>
void ars_stream_lanes(const ArsKeySchedule& keys, std::uint64_t j_first, std::size_t count,
                      std::uint32_t block, std::uint32_t domain, std::uint32_t* words);

// The ars random-number floor: the uniforms u[j, k] of neurons [j_begin, j_end) x steps
// 0 .. steps-1 generated, converted to precision T and summed (j_begin a multiple of 64).
template <class Arch, class T>
double ars_floor_range(std::uint64_t seed, std::int64_t j_begin, std::int64_t j_end,
                       std::int64_t steps);

// Each ISA unit instantiates them for its arch (LIFBENCH_ARS_INSTANTIATE); every other unit
// only refers to them (the extern declarations below). ARCH is a type in a template argument
// list, where parentheses are not allowed.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LIFBENCH_ARS_ENTRY_POINTS(PREFIX, ARCH)                                          \
  PREFIX void ars_stream_lanes<ARCH>(const ArsKeySchedule&, std::uint64_t, std::size_t,  \
                                     std::uint32_t, std::uint32_t, std::uint32_t*);      \
  PREFIX double ars_floor_range<ARCH, double>(std::uint64_t, std::int64_t, std::int64_t, \
                                              std::int64_t);                             \
  PREFIX double ars_floor_range<ARCH, float>(std::uint64_t, std::int64_t, std::int64_t,  \
                                             std::int64_t);
#define LIFBENCH_ARS_INSTANTIATE(ARCH) LIFBENCH_ARS_ENTRY_POINTS(template, ARCH)
// NOLINTEND(bugprone-macro-parentheses)

#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(LIFBENCH_ARS_ENTRY_POINTS(extern template, xsimd::arch))
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

}  // namespace lifbench::simd
