// The random-number floor (rng_floor.hpp): the fused kernels' Philox work alone.
#include "lifbench/rng_floor.hpp"

#include <omp.h>

#include <algorithm>
#include <vector>

#include "dispatch.hpp"

namespace lifbench {

double philox_floor(Precision precision, std::int64_t neurons, std::int64_t steps,
                    std::uint64_t seed, Isa isa, int threads) {
  const simd::IsaEntry& entry = simd::isa_entry(isa);
  const auto floor_range = precision == Precision::f64 ? entry.floor_f64 : entry.floor_f32;
  // Threads take static runs of 64-neuron units (a multiple of every block size).
  constexpr std::int64_t kUnit = 64;
  const std::int64_t units = (std::max<std::int64_t>(neurons, 0) + kUnit - 1) / kUnit;
  const int team = std::max(1, threads);
  std::vector<double> partial(static_cast<std::size_t>(team), 0.0);
#pragma omp parallel num_threads(team)
  {
    const std::int64_t t = omp_get_thread_num(), nt = omp_get_num_threads();
    const std::int64_t first = units * t / nt * kUnit;
    const std::int64_t last = std::min(units * (t + 1) / nt * kUnit, neurons);
    if (first < last) partial[static_cast<std::size_t>(t)] = floor_range(seed, first, last, steps);
  }
  double checksum = 0.0;
  for (double p : partial) checksum += p;
  return checksum;
}

}  // namespace lifbench
