// The `skeleton` kernel: the template for a new kernel (docs/adding_a_kernel.md).
//
// It is complete and registered, so the whole suite tests it and the benchmarks measure it:
// a block of kWidth neurons at a time goes through all steps, in plain arrays, with the
// model's formulas (model.hpp) and branch-free selects. Everything around the arithmetic
// comes from the shared layers: where neurons start and the time of each step (continuing a
// run included), the input current of either stream (NeuronInputs), and every output in
// the canonical order (RangeRecorder). To write a new kernel, copy this file, change the
// inner loops, set the name and the capabilities, and add one line to suite/src/registry.cpp.
#include <cstdint>
#include <vector>

#include "lifbench/kernel.hpp"
#include "lifbench/record.hpp"

namespace lifbench {
namespace {

// Neurons per block: the rows of one set of plain arrays (kChunk must be a multiple).
constexpr std::int64_t kWidth = 16;

// One block's state (SPEC 1): voltage, last spike time and refractory period per neuron.
template <class T>
struct BlockState {
  T membrane_v[kWidth], last_spike[kWidth], t_ref[kWidth];
};

// Neurons [j0, j0 + width) through all steps; v and spiked are step-major [K][width].
template <class T>
void run_block(const Inputs<T>& in, const RangeRecorder<T>& rec, std::int64_t j0,
               std::int64_t width, T* v, std::uint8_t* spiked, T* last_spike_out) {
  const Constants<T>& c = in.c;
  BlockState<T> s;
  std::vector<NeuronInputs<T>> inputs;
  for (std::int64_t l = 0; l < width; ++l) {
    s.t_ref[l] = rec.t_ref(j0 + l);
    s.membrane_v[l] = rec.initial_v(j0 + l);
    s.last_spike[l] = rec.initial_last_spike(j0 + l);
    inputs.emplace_back(in, j0 + l);
    v[l] = s.membrane_v[l];
    spiked[l] = 0;
  }
  for (std::int64_t k = 1; k < in.steps; ++k) {
    const T t = rec.time(k);
    T current[kWidth];
    for (std::int64_t l = 0; l < width; ++l) current[l] = inputs[l].current(k);
    for (std::int64_t l = 0; l < width; ++l) {
      const T updated = euler_update(s.membrane_v[l], current[l], c);
      const bool spike = crosses_threshold(updated, c);
      const bool clamped = is_clamped(s.last_spike[l], s.t_ref[l], t);
      s.membrane_v[l] = spike || clamped ? c.vr : updated;
      s.last_spike[l] = spike ? t : s.last_spike[l];
      v[k * width + l] = s.membrane_v[l];
      spiked[k * width + l] = spike ? 1 : 0;
    }
  }
  for (std::int64_t l = 0; l < width; ++l) last_spike_out[l] = s.last_spike[l];
}

// Kernel entry (RunFn): the range's blocks in order, each handed to the recorder.
template <class T>
void run_skeleton(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                  std::int64_t chunk_end, const ExecConfig&) {
  if (in.steps <= 0) return;
  RangeRecorder<T> rec(in, out, chunk_begin, chunk_end);
  std::vector<T> v(static_cast<std::size_t>(in.steps * kWidth));
  std::vector<std::uint8_t> spiked(v.size());
  T last_spike[kWidth];
  rec.for_each_block(kWidth, [&](std::int64_t j0, std::int64_t width) {
    run_block(in, rec, j0, width, v.data(), spiked.data(), last_spike);
    rec.block(j0, width, v.data(), spiked.data(), last_spike);
  });
}

}  // namespace

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kSkeletonKernel;
const Kernel kSkeletonKernel{
    .name = "skeleton",
    .description =
        "the template for a new kernel: blocks of 16 neurons in plain arrays, "
        "the shared input and recording layers (docs/adding_a_kernel.md)",
    .caps = {},  // no ISAs, no threads; f32 and continuation: yes (the defaults)
    .run_f64 = run_skeleton<double>,
    .run_f32 = run_skeleton<float>,
    .preferred_batch_chunks = 64,
};

}  // namespace lifbench
