// The `openmp` kernel: the chunks of a call split across OpenMP threads in static blocks,
// each thread running the xsimd kernel (kernels/src/xsimd/) on its own chunks.
//
// Every output a kernel writes is either per neuron or per chunk (kernel.hpp), and chunk
// statistics are combined by the driver in chunk order, so the results are the same bits
// for every thread count.
#include <omp.h>

#include <algorithm>
#include <exception>

#include "lifbench/kernel.hpp"
#include "lifbench/streams.hpp"
#include "xsimd/dispatch.hpp"

namespace lifbench {
namespace {

// The outputs of a sub-range that starts `chunks` chunks after the call's first chunk:
// per-chunk rows and snapshot columns move along, per-neuron arrays stay (absolute rows).
template <class T>
Outputs<T> shifted_outputs(const Outputs<T>& out, std::int64_t chunks, std::int64_t steps) {
  Outputs<T> shifted = out;
  if (out.chunk_spikes) shifted.chunk_spikes += chunks * steps;
  if (out.chunk_vsum) shifted.chunk_vsum += chunks * steps;
  if (out.snapshots) shifted.snapshots += chunks * kChunk;
  return shifted;
}

// RunFn of the openmp kernel: thread t of nt takes chunks [nc*t/nt, nc*(t+1)/nt).
template <class T>
void run_openmp(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                std::int64_t chunk_end, const ExecConfig& exec) {
  const simd::IsaEntry& entry = simd::isa_entry(isa_for_stream(exec.isa, in.stream));
  const std::int64_t chunks = chunk_end - chunk_begin;
  if (chunks <= 0) return;
  const int team = static_cast<int>(std::min<std::int64_t>(std::max(1, exec.threads), chunks));
  std::exception_ptr failure;
#pragma omp parallel num_threads(team)
  {
    const std::int64_t t = omp_get_thread_num(), nt = omp_get_num_threads();
    const std::int64_t first = chunk_begin + chunks * t / nt;
    const std::int64_t last = chunk_begin + chunks * (t + 1) / nt;
    try {
      simd::run_xsimd_range(entry, in, shifted_outputs(out, first - chunk_begin, in.steps), first,
                            last);
    } catch (...) {
#pragma omp critical(lifbench_openmp_failure)
      failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

bool has_simd() { return !simd::isa_table().empty(); }

}  // namespace

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kOpenmpKernel;
const Kernel kOpenmpKernel{
    .name = "openmp",
    .description = "the xsimd kernel on OpenMP threads, static blocks of chunks",
    .caps = {.isas = true, .threads = true},
    .run_f64 = run_openmp<double>,
    .run_f32 = run_openmp<float>,
    .supported = has_simd,
    .preferred_batch_chunks = 1024,
    .paths = simd::kBlockPaths,  // the xsimd block loop's paths
};

}  // namespace lifbench
