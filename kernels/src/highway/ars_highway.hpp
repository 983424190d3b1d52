// The Highway form of the ars stream (ars-inl.hpp) one compiled target at a time, for
// tests against Random123 (tests/test_highway_ars.cpp); kernels/src/highway/ars_lanes.cpp
// compiles it for every Highway target.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "lifbench/ars.hpp"

namespace lifbench::highway {

// What one compiled Highway target provides.
struct ArsTargetEntry {
  std::int64_t target;  // the HWY_* bit
  int vector_bits;      // width of one vector of this target
  // words[4 l + i] = word i of ARS (round keys `keys`) for counter {block, j_first + l,
  // (j_first + l) >> 32, domain}, l < count; j_first a multiple of 16. Null where the target
  // has no AES rounds (HWY_SCALAR).
  void (*stream_words)(const ArsKeySchedule& keys, std::uint64_t j_first, std::size_t count,
                       std::uint32_t block, std::uint32_t domain, std::uint32_t* words);
};

// The targets ars_lanes.cpp compiled that this CPU supports, best first.
std::vector<const ArsTargetEntry*> ars_targets();

}  // namespace lifbench::highway
