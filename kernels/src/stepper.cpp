#include "lifbench/stepper.hpp"

#include <stdexcept>

#include "lifbench/params.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/streams.hpp"

namespace lifbench {

template <class T>
Stepper<T>::Stepper(const Kernel& kernel, const ModelParams& p, ExecConfig exec,
                    std::vector<double> t_ref)
    : kernel_(kernel), params_(p), exec_(exec), c_(Constants<T>::from(p)) {
  validate(p, sizeof(T) == 4 ? Precision::f32 : Precision::f64);
  if (t_ref.empty()) t_ref = counter_refractory(p, Stream::philox);
  if (static_cast<std::int64_t>(t_ref.size()) != p.neurons) {
    throw std::invalid_argument("Stepper: t_ref must have one value per neuron");
  }
  if (!kernel.caps.continuation) {
    throw std::invalid_argument("Stepper: kernel " + kernel.name + " cannot continue a run");
  }
  if (kernel.caps.isas && exec_.isa == Isa::automatic) exec_.isa = best_isa();
  if (!kernel.caps.threads) exec_.threads = 1;
  t_ref_.assign(t_ref.begin(), t_ref.end());
  v_.assign(t_ref.size(), c_.el);
  last_spike_.resize(t_ref.size());
  for (std::size_t j = 0; j < t_ref_.size(); ++j) last_spike_[j] = -t_ref_[j];
  spiked_.assign(t_ref.size(), 0);
  spike_counts_.assign(t_ref.size(), 0);
}

// One kernel call over local steps 0..count: step 0 is the carried state.
template <class T>
void Stepper<T>::run(std::int64_t count, Stream stream, const T* matrix) {
  if (count <= 0) return;
  const std::int64_t n = neurons(), steps = count + 1;
  Inputs<T> in;
  in.neurons = n;
  in.steps = steps;
  in.c = c_;
  in.stream = stream;
  in.seed = params_.seed;
  in.t_ref = t_ref_.data();
  in.current = matrix;
  in.first_step = step_index_;
  in.v0 = v_.data();
  in.last_spike0 = last_spike_.data();

  const std::int64_t chunks = chunk_count(n);
  std::vector<std::uint8_t> raster(static_cast<std::size_t>(n * steps), 0);
  std::vector<std::int64_t> new_spikes(static_cast<std::size_t>(n), 0);
  std::vector<std::int64_t> chunk_spikes(static_cast<std::size_t>(chunks * steps));
  std::vector<double> chunk_vsum(static_cast<std::size_t>(chunks * steps));
  std::vector<std::int32_t> slot(static_cast<std::size_t>(steps), -1);
  slot[count] = 0;  // the final voltages come back as the one snapshot
  std::vector<T> final_v(static_cast<std::size_t>(n)),
      final_last_spike(static_cast<std::size_t>(n));
  Outputs<T> out;
  out.raster = raster.data();
  out.neuron_spikes = new_spikes.data();
  out.last_spike_out = final_last_spike.data();
  out.chunk_spikes = chunk_spikes.data();
  out.chunk_vsum = chunk_vsum.data();
  out.snapshot_slot = slot.data();
  out.snapshots = final_v.data();
  out.snapshot_stride = n;
  if constexpr (sizeof(T) == 8) {
    kernel_.run_f64(in, out, 0, chunks, exec_);
  } else {
    if (!kernel_.caps.f32) throw std::invalid_argument("kernel has no f32 form");
    kernel_.run_f32(in, out, 0, chunks, exec_);
  }
  v_ = std::move(final_v);
  last_spike_ = std::move(final_last_spike);
  for (std::int64_t j = 0; j < n; ++j) {
    spiked_[j] = raster[j * steps + count];
    spike_counts_[j] += new_spikes[j];
  }
  step_index_ += count;
}

template <class T>
void Stepper<T>::advance(std::int64_t count, const T* currents) {
  const std::int64_t n = neurons(), steps = count + 1;
  // The kernels read a tiled [n, count + 1] matrix (kernel.hpp input_offset) whose step 0
  // (the carried state) is unused.
  InputMatrix<T> matrix(static_cast<std::size_t>(input_elements(n, steps)), T(0));
  for (std::int64_t j = 0; j < n; ++j) {
    T* lane = matrix.data() + input_offset(j, 0, steps);
    for (std::int64_t m = 0; m < count; ++m) lane[(m + 1) * kInputTile] = currents[j * count + m];
  }
  run(count, Stream::numpy, matrix.data());
}

template <class T>
void Stepper<T>::advance_stream(Stream stream, std::int64_t count) {
  if (!counter_based(stream)) {
    throw InvalidInput("--rng", std::string(to_string(stream)) +
                                    " is not counter-based; pass its currents to advance()");
  }
  if (const std::string_view why = stream_unavailable_reason(stream); !why.empty()) {
    throw InvalidInput("--rng", std::string(to_string(stream)) + " " + std::string(why));
  }
  run(count, stream, nullptr);
}

template class Stepper<double>;
template class Stepper<float>;

}  // namespace lifbench
