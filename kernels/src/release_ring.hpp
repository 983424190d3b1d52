// The refractory windows of the lane-bits paths (xsimd, highway): when every neuron of a range
// has the same refractory period and starts fresh, SPEC 1's `t_a + t_ref > t_k` depends only
// on the spike step a and the step k, so the windows are computed once per call and a ring of
// release slots replaces the per-lane refractory test (docs/architecture.md).
#pragma once

#include <cstdint>
#include <vector>

#include "lifbench/kernel.hpp"

namespace lifbench {

// A range's windows, or empty vectors where the lane-bits path does not apply.
struct ReleaseRing {
  std::vector<std::int64_t> clamp_end;  // [steps]: the first step e > k a spike at k is free at
  std::vector<std::uint64_t> slots;     // [a power of two]: the kernel's release ring (scratch)
};

// For a spike at local step k of a run whose neurons all have refractory period t_ref and
// start fresh, clamp_end[k] ([steps]) is the first step e > k at which SPEC 1's
// `t_k + t_ref > t_e` (model.hpp is_clamped) is false (steps if none); t_e grows with e, so
// the neuron is clamped exactly at k+1 .. e-1. Returns the smallest power of two above every
// e - k: the size of the release ring.
template <class T>
std::int64_t refractory_windows(const Inputs<T>& in, T t_ref, std::int64_t* clamp_end);

// The windows and ring of chunks [chunk_begin, chunk_end) when its neurons share one
// refractory period and start fresh, and the ring is at most 65536 slots (longer periods
// cost more clearing per block than the lane bits save); else empty.
template <class T>
ReleaseRing release_ring(const Inputs<T>& in, std::int64_t chunk_begin, std::int64_t chunk_end);

}  // namespace lifbench
