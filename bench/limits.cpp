#include "limits.hpp"

#include <omp.h>

#include <cstdlib>
#include <new>
#include <type_traits>

#if __has_include("lifbench/rng_floor.hpp")
#include "lifbench/rng_floor.hpp"
#define LIFBENCH_HAVE_RNG_FLOOR 1
#else
#define LIFBENCH_HAVE_RNG_FLOOR 0
#endif

namespace lifbench::bench {

namespace {

// A page-aligned array of doubles.
double* allocate_doubles(std::size_t n) {
  void* p = std::aligned_alloc(4096, ((n * sizeof(double) + 4095) / 4096) * 4096);
  if (p == nullptr) throw std::bad_alloc();
  return static_cast<double*>(p);
}

}  // namespace

Triad::Triad(std::size_t elements, int threads)
    : elements_(elements),
      threads_(threads),
      a_(allocate_doubles(elements)),
      b_(allocate_doubles(elements)),
      c_(allocate_doubles(elements)) {
  const auto n = static_cast<std::int64_t>(elements_);
#pragma omp parallel for schedule(static) num_threads(threads_)
  for (std::int64_t i = 0; i < n; ++i) {
    a_[i] = 1.0;
    b_[i] = 2.0;
    c_[i] = 0.5;
  }
}

Triad::~Triad() {
  std::free(a_);
  std::free(b_);
  std::free(c_);
}

void Triad::run() {
  const auto n = static_cast<std::int64_t>(elements_);
  const double scalar = 3.0;
  double* __restrict a = a_;
  const double* __restrict b = b_;
  const double* __restrict c = c_;
#pragma omp parallel for schedule(static) num_threads(threads_)
  for (std::int64_t i = 0; i < n; ++i) a[i] = b[i] + scalar * c[i];
}

bool have_rng_floor() { return LIFBENCH_HAVE_RNG_FLOOR != 0; }

#if LIFBENCH_HAVE_RNG_FLOOR
// Calls philox_floor whatever it returns (void or a checksum).
double run_rng_floor(Precision precision, std::int64_t neurons, std::int64_t steps,
                     std::uint64_t seed, Isa isa, int threads) {
  using Result = decltype(philox_floor(precision, neurons, steps, seed, isa, threads));
  if constexpr (std::is_void_v<Result>) {
    philox_floor(precision, neurons, steps, seed, isa, threads);
    return 0.0;
  } else {
    return static_cast<double>(philox_floor(precision, neurons, steps, seed, isa, threads));
  }
}
#else
double run_rng_floor(Precision, std::int64_t, std::int64_t, std::uint64_t, Isa, int) { return 0.0; }
#endif

}  // namespace lifbench::bench
