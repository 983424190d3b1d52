// The compiled loop behind lifbench.LIFNeurons.run, timed from C++ (no Python): the yardstick
// for the module's overhead (python/bench/bench_python.py runs it).
//
//   lifbench_class_bench N K THREADS REPEATS  ->  one JSON line: best seconds, ns/neuron-step
#include <omp.h>
#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <vector>

#include "class_form.hpp"
#include "lifbench/simulate.hpp"

namespace {

using lifbench::python::ClassState;
using lifbench::python::Strided;

// An uninitialized buffer allocated as NumPy allocates a large array: malloc, then
// madvise(MADV_HUGEPAGE) on its 2 MiB-aligned part (NumPy does so from 4 MiB on, Linux).
struct NumpyLikeBuffer {
  void* data;
  explicit NumpyLikeBuffer(std::size_t bytes) : data(std::malloc(bytes)) {
    if (data == nullptr) throw std::bad_alloc();
    constexpr std::uintptr_t kHuge = std::uintptr_t{1} << 21;
    // The first 2 MiB boundary inside the buffer, as a pointer into it (no int-to-pointer).
    const auto address = reinterpret_cast<std::uintptr_t>(data);
    const std::size_t skip = (kHuge - address % kHuge) % kHuge;
    if (bytes >= (std::size_t{4} << 20) && bytes > skip) {
      madvise(static_cast<char*>(data) + skip, bytes - skip, MADV_HUGEPAGE);
    }
  }
  ~NumpyLikeBuffer() { std::free(data); }
  NumpyLikeBuffer(const NumpyLikeBuffer&) = delete;
  NumpyLikeBuffer& operator=(const NumpyLikeBuffer&) = delete;
};

// One run as LIFNeurons.run does it: outputs allocated as NumPy's (uninitialized), every
// row through all steps, then last_spike written back. Returns seconds.
double one_run(const lifbench::Constants<double>& c, std::vector<double>& current,
               std::vector<double>& v0, std::vector<double>& last_spike, std::vector<double>& t_ref,
               std::int64_t n, std::int64_t steps, int threads) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<double> times(static_cast<std::size_t>(steps));
  double t = 0.0;
  for (auto& tm : times) tm = t = t + c.dt;
  const auto cells = static_cast<std::size_t>(n * steps);
  const NumpyLikeBuffer v_buffer(cells * sizeof(double)), raster_buffer(cells);
  auto* v_n = static_cast<double*>(v_buffer.data);
  auto* raster = static_cast<std::uint8_t*>(raster_buffer.data);
  std::vector<double> last_out(static_cast<std::size_t>(n));
  const auto bytes = static_cast<std::ptrdiff_t>(sizeof(double));
  const Strided<double> in{reinterpret_cast<char*>(current.data()), steps * bytes, bytes};
  const ClassState<double> s{n,
                             {reinterpret_cast<char*>(v0.data()), bytes, 0},
                             {reinterpret_cast<char*>(last_spike.data()), bytes, 0},
                             {reinterpret_cast<char*>(t_ref.data()), bytes, 0}};
  lifbench::python::class_run_rows(c, in, s, times, v_n, raster, last_out.data(), 0, n, threads);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::size_t middle = cells / 2, third = cells / 3;  // any cells will do
  volatile double sink = v_n[middle] + raster[third] + last_out[0];
  (void)sink;
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: lifbench_class_bench N K THREADS REPEATS\n");
    return 2;
  }
  const std::int64_t n = std::atoll(argv[1]), steps = std::atoll(argv[2]);
  const int threads = std::atoi(argv[3]) > 0 ? std::atoi(argv[3]) : omp_get_num_procs();
  const int repeats = std::max(1, std::atoi(argv[4]));
  lifbench::ModelParams p;
  p.neurons = n;
  p.t_max = static_cast<double>(steps) * p.dt;
  p.t_ref_sigma = 0.002;
  const auto inputs = lifbench::draw_numpy_inputs<double>(p, steps);  // the notebook's i
  std::vector<double> current = inputs.row_major(), t_ref = inputs.t_ref;
  std::vector<double> v0(static_cast<std::size_t>(n), p.el), last_spike(t_ref.size());
  for (std::size_t j = 0; j < t_ref.size(); ++j) last_spike[j] = -t_ref[j];
  const auto c = lifbench::Constants<double>::from(p);
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    best = std::min(best, one_run(c, current, v0, last_spike, t_ref, n, steps, threads));
  }
  std::printf(
      "{\"n\": %lld, \"steps\": %lld, \"threads\": %d, \"seconds\": %.6f, "
      "\"ns_per_neuron_step\": %.4f}\n",
      static_cast<long long>(n), static_cast<long long>(steps), threads, best,
      best / static_cast<double>(n * steps) * 1e9);
  return 0;
}
