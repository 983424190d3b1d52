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

// Per-step lane accumulators of one chunk: lanes[k * kSumLanes + l].
template <class T>
struct ChunkLaneSums {
  T* lanes;  // [K * kSumLanes], zeroed by the caller

  // Adds neuron j's voltage at step k to its lane.
  void add(std::int64_t k, std::int64_t j, T v) const {
    T& lane = lanes[k * kSumLanes + (j % kSumLanes)];
    lane = lane + v;
  }
};

// Folds one step's lanes left to right in T and widens the result to double.
template <class T>
inline double fold_lanes(const T* lanes) {
  T sum = T(0);
  for (std::int64_t l = 0; l < kSumLanes; ++l) sum = sum + lanes[l];
  return static_cast<double>(sum);
}

// Canonical chunk sums [chunks*K] for chunks [chunk_begin, chunk_end) from a row-major
// voltage matrix whose row 0 is neuron chunk_first(chunk_begin) and whose last row is
// neuron n - 1 or the range's end: how the reference derives its statistics.
template <class T>
void chunk_vsums_from_matrix(const T* v, std::int64_t n, std::int64_t steps,
                             std::int64_t chunk_begin, std::int64_t chunk_end, double* chunk_vsum) {
  const std::int64_t first = chunk_begin * kChunk;
  T lanes[kSumLanes];
  for (std::int64_t c = chunk_begin; c < chunk_end; ++c) {
    const std::int64_t j_end = (c + 1) * kChunk < n ? (c + 1) * kChunk : n;
    for (std::int64_t k = 0; k < steps; ++k) {
      for (auto& lane : lanes) lane = T(0);
      for (std::int64_t j = c * kChunk; j < j_end; ++j) {
        T& lane = lanes[j % kSumLanes];
        lane = lane + v[(j - first) * steps + k];
      }
      chunk_vsum[(c - chunk_begin) * steps + k] = fold_lanes(lanes);
    }
  }
}

}  // namespace lifbench
