// The `scalar` kernel: one neuron at a time through all its steps, with branches.
//
// The honest baseline: this file is compiled with -fno-tree-vectorize (CMakeLists.txt), so
// the compiler does not turn the neuron loop into SIMD behind our back; the difference to
// the xsimd kernel, which walks neurons in the same order, is then exactly the lanes.
#include <cstdint>
#include <vector>

#include "lifbench/kernel.hpp"
#include "lifbench/record.hpp"

namespace lifbench {
namespace {

// Neuron j through all steps (SPEC 1, with branches), into its v and spike rows.
template <class T>
T simulate_neuron(const Inputs<T>& in, const RangeRecorder<T>& rec, std::int64_t j, T* v_row,
                  std::uint8_t* spike_row) {
  const Constants<T>& c = in.c;
  const T t_ref = rec.t_ref(j);
  T membrane_v = rec.initial_v(j);
  T last_spike = rec.initial_last_spike(j);
  NeuronInputs<T> inputs(in, j);
  v_row[0] = membrane_v;
  spike_row[0] = 0;
  for (std::int64_t k = 1; k < in.steps; ++k) {
    const T t = rec.time(k);
    membrane_v = euler_update(membrane_v, inputs.current(k), c);
    const bool spiked = crosses_threshold(membrane_v, c);
    if (spiked) membrane_v = c.vr;
    if (is_clamped(last_spike, t_ref, t)) membrane_v = c.vr;
    if (spiked) last_spike = t;
    v_row[k] = membrane_v;
    spike_row[k] = spiked ? 1 : 0;
  }
  return last_spike;
}

// Kernel entry: neurons in order, each through all its steps, handed to the recorder.
template <class T>
void run_scalar(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                std::int64_t chunk_end, const ExecConfig&) {
  if (in.steps <= 0) return;
  RangeRecorder<T> rec(in, out, chunk_begin, chunk_end);
  std::vector<T> v_row(static_cast<std::size_t>(in.steps));
  std::vector<std::uint8_t> spike_row(static_cast<std::size_t>(in.steps));
  for (std::int64_t j = rec.first(); j < rec.end(); ++j) {
    const T last_spike = simulate_neuron(in, rec, j, v_row.data(), spike_row.data());
    rec.neuron(j, v_row.data(), spike_row.data(), last_spike);
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
