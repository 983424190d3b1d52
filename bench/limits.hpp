// The machine's limits, measured in the same run as the kernels.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lifbench/kernel.hpp"

namespace lifbench::bench {

// STREAM-style triad a[i] = b[i] + s * c[i] over three arrays of `elements` doubles, split
// statically over `threads` OpenMP threads (first touch by the same split).
class Triad {
 public:
  Triad(std::size_t elements, int threads);
  ~Triad();
  Triad(const Triad&) = delete;
  Triad& operator=(const Triad&) = delete;

  // One pass of the triad.
  void run();
  // Bytes one pass moves by STREAM's convention (2 reads + 1 write, no write-allocate).
  double bytes_per_pass() const { return 24.0 * static_cast<double>(elements_); }
  // a[0], so that the passes are observable.
  double first() const { return a_[0]; }

 private:
  std::size_t elements_;
  int threads_;
  double* a_;
  double* b_;
  double* c_;
};

// Whether kernels/include/lifbench/rng_floor.hpp was present at build time.
bool have_rng_floor();

// Generates the philox uniforms of n neurons x steps alone (the fused kernels' floor);
// returns a value depending on them. Only valid if have_rng_floor().
double run_rng_floor(Precision precision, std::int64_t neurons, std::int64_t steps,
                     std::uint64_t seed, Isa isa, int threads);

}  // namespace lifbench::bench
