// The `scalar` kernel: one neuron at a time through all its steps, with branches.
//
// The honest baseline: this file is compiled with -fno-tree-vectorize (CMakeLists.txt), so
// the compiler does not turn the neuron loop into SIMD behind our back; the difference to
// the xsimd kernel, which walks neurons in the same order, is then exactly the lanes.
#include <vector>

#include "lifbench/canonical.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/philox.hpp"

namespace lifbench {
namespace {

// Simulates neuron j through all steps, recording into `out` and the chunk's lane sums.
template <class T>
void simulate_neuron(const Inputs<T>& in, const Outputs<T>& out, std::int64_t j,
                     std::int64_t range_first, std::int64_t chunk_row,
                     const ChunkLaneSums<T>& lane_sums) {
  const Constants<T>& c = in.c;
  const std::int64_t steps = in.steps;
  const std::int64_t row = j - in.base_neuron;  // index into the per-neuron arrays
  const T t_ref = in.t_ref[row];
  T membrane_v = in.v0 ? in.v0[row] : c.el;
  T last_spike = in.last_spike0 ? in.last_spike0[row] : -t_ref;
  std::int64_t spikes = 0;
  PhiloxWords words{};

  for (std::int64_t k = 0; k < steps; ++k) {
    bool spiked = false;
    if (k > 0) {
      T current;
      if (in.stream == Stream::numpy) {
        current = in.current[row * steps + k];
      } else {
        const std::int64_t global_k = in.first_step + k;
        if (k == 1 || global_k % kStepsPerBlock<T> == 0) {
          words = philox_words(in.seed, static_cast<std::uint64_t>(j),
                               static_cast<std::uint32_t>(global_k / kStepsPerBlock<T>),
                               kDomainUniform);
        }
        current = input_current(uniform_of_step<T>(words, global_k), c);
      }
      const T t = step_time(in.first_step + k, c.dt);
      membrane_v = euler_update(membrane_v, current, c);
      spiked = membrane_v >= c.vth;
      if (spiked) membrane_v = c.vr;
      if (is_clamped(last_spike, t_ref, t)) membrane_v = c.vr;
      if (spiked) last_spike = t;
    }
    // Record step k.
    if (spiked) {
      ++spikes;
      if (out.raster) out.raster[row * steps + k] = 1;
      if (out.chunk_spikes) ++out.chunk_spikes[chunk_row * steps + k];
    }
    if (out.v) out.v[row * steps + k] = membrane_v;
    if (out.snapshot_slot && out.snapshot_slot[k] >= 0) {
      out.snapshots[out.snapshot_slot[k] * out.snapshot_stride + (j - range_first)] = membrane_v;
    }
    lane_sums.add(k, j, membrane_v);
  }
  if (out.neuron_spikes) out.neuron_spikes[row] = spikes;
  if (out.last_spike_out) out.last_spike_out[row] = last_spike;
}

// Kernel entry: chunks in order, neurons in order within each chunk.
template <class T>
void run_scalar(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                std::int64_t chunk_end, const ExecConfig&) {
  const std::int64_t steps = in.steps;
  std::vector<T> lanes(static_cast<std::size_t>(steps * kSumLanes));
  const std::int64_t range_first = chunk_first(chunk_begin);
  for (std::int64_t chunk = chunk_begin; chunk < chunk_end; ++chunk) {
    std::fill(lanes.begin(), lanes.end(), T(0));
    const ChunkLaneSums<T> lane_sums{lanes.data()};
    const std::int64_t row = chunk - chunk_begin;
    for (std::int64_t j = chunk_first(chunk); j < chunk_end_neuron(chunk, in.neurons); ++j) {
      simulate_neuron(in, out, j, range_first, row, lane_sums);
    }
    if (out.chunk_vsum) {
      for (std::int64_t k = 0; k < steps; ++k) {
        out.chunk_vsum[row * steps + k] = fold_lanes(lanes.data() + k * kSumLanes);
      }
    }
  }
}

}  // namespace

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kScalarKernel;
const Kernel kScalarKernel{
    .name = "scalar",
    .description = "per-neuron loop with branches, auto-vectorization disabled",
    .caps = {},
    .run_f64 = run_scalar<double>,
    .run_f32 = run_scalar<float>,
    .preferred_batch_chunks = 64,
};

}  // namespace lifbench
