// The canonical order of the per-step voltage reduction (docs/model.md, "Reductions").
//
// Within a chunk of kChunk neurons, neuron j adds to lane j % kSumLanes in increasing j,
// every lane starting at T(0); the chunk's sum folds the lanes left to right in T, then
// widens to double. The driver adds chunk sums in chunk order into a super-chunk sum
// (kSuperChunk chunks, starting from 0.0), and super-chunk sums in super-chunk order into
// the total (starting from 0.0), all in double. Every kernel follows this order, so mean v
// never depends on kernel, ISA, threads, streaming batch size or MPI ranks.
#pragma once

#include <cstdint>

#include "lifbench/kernel.hpp"

namespace lifbench {

// Folds one step's lanes left to right in T and widens the result to double.
template <class T>
inline double fold_lanes(const T* lanes) {
  T sum = T(0);
  for (std::int64_t l = 0; l < kSumLanes; ++l) sum = sum + lanes[l];
  return static_cast<double>(sum);
}

}  // namespace lifbench
