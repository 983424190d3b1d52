// A population you drive yourself, step by step, in the spirit of the notebook's
// LIFNeurons class (Exercise 7), over any registered kernel:
//
//   lifbench::Stepper<double> neurons(*lifbench::find_kernel("xsimd"), params);
//   neurons.step(current.data());        // one step with your current i[n]
//   neurons.advance_philox(100);         // or 100 steps of the philox stream
//   use(neurons.v(), neurons.spiked(), neurons.time());
//
// Unlike the class of Exercise 7 (which accumulates t += dt and steps at k = 0), the state
// follows SPEC section 1: step k has time k * dt, and a run split into several advance()
// calls equals one run of the driver, bit for bit.
#pragma once

#include <cstdint>
#include <vector>

#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"

namespace lifbench {

template <class T>
class Stepper {
 public:
  // Neurons start at v = el, last_spike = -t_ref. `t_ref` (seconds, [n]) defaults to the
  // philox stream's refractory periods for `p` (all t_ref_mu when t_ref_sigma == 0).
  // Throws InvalidInput if validate(p) refuses the parameters (in T's precision).
  Stepper(const Kernel& kernel, const ModelParams& p, ExecConfig exec = {},
          std::vector<double> t_ref = {});

  // Advances `count` steps; currents[j * count + m] is neuron j's current at the m-th.
  void advance(std::int64_t count, const T* currents);
  // Advances one step with current[j] for neuron j.
  void step(const T* current) { advance(1, current); }
  // Advances `count` steps drawing the input from a counter-based stream (seed, j, global
  // step); throws InvalidInput for the numpy stream or one this CPU cannot run.
  void advance_stream(Stream stream, std::int64_t count);
  // advance_stream(Stream::philox, count).
  void advance_philox(std::int64_t count) { advance_stream(Stream::philox, count); }

  std::int64_t neurons() const { return static_cast<std::int64_t>(v_.size()); }
  // Global step index of the current state (0 before any step).
  std::int64_t step_index() const { return step_index_; }
  // Time of the current state: step_index * dt.
  T time() const { return step_time(step_index_, c_.dt); }
  const std::vector<T>& v() const { return v_; }
  const std::vector<T>& last_spike() const { return last_spike_; }
  const std::vector<T>& t_ref() const { return t_ref_; }
  // Which neurons spiked in the last step.
  const std::vector<std::uint8_t>& spiked() const { return spiked_; }
  // Spikes per neuron since construction.
  const std::vector<std::int64_t>& spike_counts() const { return spike_counts_; }

 private:
  void run(std::int64_t count, Stream stream, const T* matrix);

  const Kernel& kernel_;
  ModelParams params_;
  ExecConfig exec_;
  Constants<T> c_;
  std::vector<T> t_ref_, v_, last_spike_;
  std::vector<std::uint8_t> spiked_;
  std::vector<std::int64_t> spike_counts_;
  std::int64_t step_index_ = 0;
};

extern template class Stepper<double>;
extern template class Stepper<float>;

}  // namespace lifbench
