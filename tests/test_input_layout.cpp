// The materialized input's tiled layout (kernel.hpp input_offset): every cell has its own
// place, the driver stores NumPy's draw j * K + k at I[j, k]'s place and zeros in the padding,
// and every kernel on every ISA reads the matrix in place without reading past its last tile
// (the matrix ends at an unreadable page) or letting the padding into any output.
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "lifbench/execution.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/numpy_random.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"

namespace lifbench {
namespace {

// input_offset maps the cells of a rows x steps matrix one to one into input_elements, and
// the places nothing maps to are the padding rows of the last tile.
TEST(InputLayout, EveryCellHasItsOwnPlaceInWholeTiles) {
  for (std::int64_t rows : {1, 15, 16, 17, 63, 1000}) {
    for (std::int64_t steps : {1, 2, 150}) {
      const std::int64_t size = input_elements(rows, steps);
      EXPECT_EQ(size % (kInputTile * steps), 0);
      EXPECT_GE(size, rows * steps);
      EXPECT_LT(size, (rows + kInputTile) * steps);
      std::vector<int> hits(static_cast<std::size_t>(size), 0);
      for (std::int64_t j = 0; j < rows; ++j) {
        for (std::int64_t k = 0; k < steps; ++k) {
          const std::int64_t at = input_offset(j, k, steps);
          ASSERT_GE(at, 0);
          ASSERT_LT(at, size);
          ++hits[at];
          if (k > 0) {
            EXPECT_EQ(at - input_offset(j, k - 1, steps), kInputTile);
          }
          if (j % kInputTile > 0) {
            EXPECT_EQ(at - input_offset(j - 1, k, steps), 1);
          }
        }
      }
      std::int64_t unused = 0;
      for (int h : hits) {
        EXPECT_LE(h, 1);
        unused += h == 0 ? 1 : 0;
      }
      EXPECT_EQ(unused, size - rows * steps) << "rows " << rows << " steps " << steps;
    }
  }
}

// Inputs::current_at counts rows from base_neuron.
TEST(InputLayout, CurrentAtCountsRowsFromTheBaseNeuron) {
  std::vector<double> matrix(static_cast<std::size_t>(input_elements(40, 7)));
  Inputs<double> in;
  in.steps = 7;
  in.current = matrix.data();
  in.base_neuron = 2048;
  EXPECT_EQ(in.current_at(2048, 0), matrix.data());
  EXPECT_EQ(in.current_at(2048 + 17, 3), matrix.data() + input_offset(17, 3, 7));
}

// The driver's matrix: NumPy's draws in row order (u[j, k] is draw j * K + k) at I[j, k]'s
// place, zeros in the padding, 64-byte aligned; row_major() is the notebook's [n, K] matrix.
template <class T>
void check_drawn_matrix(std::int64_t n, std::int64_t steps) {
  ModelParams p;
  p.neurons = n;
  p.seed = 77;
  const NumpyInputs<T> drawn = draw_numpy_inputs<T>(p, steps);
  ASSERT_EQ(static_cast<std::int64_t>(drawn.current.size()), input_elements(n, steps));
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(drawn.current.data()) % 64, 0u);
  const Constants<T> c = Constants<T>::from(p);
  NumpyRandom rng(77);
  std::vector<bool> stored(drawn.current.size(), false);
  const std::vector<T> rows = drawn.row_major();
  for (std::int64_t j = 0; j < n; ++j) {
    for (std::int64_t k = 0; k < steps; ++k) {
      const T expected = input_current(static_cast<T>(rng.random()), c);
      ASSERT_EQ(drawn.current[input_offset(j, k, steps)], expected) << "j " << j << " k " << k;
      ASSERT_EQ(rows[j * steps + k], expected);
      stored[input_offset(j, k, steps)] = true;
    }
  }
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (!stored[i]) {
      EXPECT_EQ(drawn.current[i], T(0)) << "padding at " << i;
    }
  }
}

TEST(InputLayout, DriverStoresTheDrawsOfEachRowInItsLane) {
  check_drawn_matrix<double>(37, 11);
  check_drawn_matrix<float>(37, 11);
  check_drawn_matrix<double>(16, 3);
}

// A tiled matrix that ends where the readable memory ends: the next page is PROT_NONE, so a
// read past the last tile faults. The padding holds NaN, so padding that leaks into any
// output shows.
template <class T>
class GuardedMatrix {
 public:
  GuardedMatrix(const NumpyInputs<T>& drawn, std::int64_t n, std::int64_t steps) {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const std::size_t bytes = drawn.current.size() * sizeof(T);
    mapped_ = (bytes + page - 1) / page * page + page;
    void* base = mmap(nullptr, mapped_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) throw std::runtime_error("mmap failed");
    base_ = static_cast<char*>(base);
    char* guard = base_ + mapped_ - page;
    if (mprotect(guard, page, PROT_NONE) != 0) throw std::runtime_error("mprotect failed");
    data_ = reinterpret_cast<T*>(guard - bytes);
    std::memcpy(data_, drawn.current.data(), bytes);
    const std::int64_t padded_rows = input_elements(n, steps) / steps;
    for (std::int64_t j = n; j < padded_rows; ++j) {
      for (std::int64_t k = 0; k < steps; ++k) {
        data_[input_offset(j, k, steps)] = std::numeric_limits<T>::quiet_NaN();
      }
    }
  }
  ~GuardedMatrix() { munmap(base_, mapped_); }
  GuardedMatrix(const GuardedMatrix&) = delete;
  GuardedMatrix& operator=(const GuardedMatrix&) = delete;
  const T* data() const { return data_; }

 private:
  char* base_ = nullptr;
  std::size_t mapped_ = 0;
  T* data_ = nullptr;
};

// What one kernel call records, statistics and rows.
template <class T>
struct Recorded {
  std::vector<std::int64_t> chunk_spikes;
  std::vector<double> chunk_vsum;
  std::vector<std::uint8_t> raster;
  std::vector<T> v;
};

// One kernel call on the guarded matrix; rows recorded or statistics only.
template <class T>
Recorded<T> run_on(const Execution& e, const Inputs<T>& in, bool rows) {
  const std::int64_t n = in.neurons, steps = in.steps, chunks = chunk_count(n);
  Recorded<T> r;
  r.chunk_spikes.assign(static_cast<std::size_t>(chunks * steps), 0);
  r.chunk_vsum.assign(static_cast<std::size_t>(chunks * steps), 0.0);
  Outputs<T> out;
  out.chunk_spikes = r.chunk_spikes.data();
  out.chunk_vsum = r.chunk_vsum.data();
  if (rows) {
    r.raster.assign(static_cast<std::size_t>(n * steps), 0);
    r.v.assign(static_cast<std::size_t>(n * steps), T(0));
    out.raster = r.raster.data();
    out.v = r.v.data();
  }
  if constexpr (sizeof(T) == 8) {
    e.kernel->run_f64(in, out, 0, chunks, e.config());
  } else {
    e.kernel->run_f32(in, out, 0, chunks, e.config());
  }
  return r;
}

// Every execution (kernel x ISA x threads) on the guarded matrix equals the reference.
template <class T>
void check_reads_in_place(std::int64_t n) {
  ModelParams p;
  p.neurons = n;
  p.seed = 2020;
  const std::int64_t steps = step_count(p.t_max, p.dt);
  const NumpyInputs<T> drawn = draw_numpy_inputs<T>(p, steps);
  const GuardedMatrix<T> matrix(drawn, n, steps);
  const std::vector<T> t_ref(drawn.t_ref.begin(), drawn.t_ref.end());
  Inputs<T> in;
  in.neurons = n;
  in.steps = steps;
  in.c = Constants<T>::from(p);
  in.stream = Stream::numpy;
  in.t_ref = t_ref.data();
  in.current = matrix.data();
  const Execution reference{&reference_kernel()};
  for (bool rows : {false, true}) {
    const Recorded<T> expected = run_on(reference, in, rows);
    for (const Execution& e : execution_matrix()) {
      if (sizeof(T) == 4 && !e.kernel->caps.f32) continue;
      SCOPED_TRACE(e.name() + " n " + std::to_string(n) + (rows ? " rows" : " statistics"));
      const Recorded<T> got = run_on(e, in, rows);
      EXPECT_EQ(got.chunk_spikes, expected.chunk_spikes);
      EXPECT_EQ(0, std::memcmp(got.chunk_vsum.data(), expected.chunk_vsum.data(),
                               got.chunk_vsum.size() * sizeof(double)));
      EXPECT_EQ(got.raster, expected.raster);
      EXPECT_EQ(0, std::memcmp(got.v.data(), expected.v.data(), got.v.size() * sizeof(T)));
    }
  }
}

// Sizes whose last block of 64, 32 or 16 neurons reaches past the last tile, or fills it.
TEST(InputLayout, EveryKernelReadsInPlaceAndNoFurther) {
  for (std::int64_t n : {1, 17, 1000, 1040, 1072}) {
    check_reads_in_place<double>(n);
    check_reads_in_place<float>(n);
  }
}

}  // namespace
}  // namespace lifbench
