// The reference kernel (see reference.hpp). Written for reading, not for speed: each
// block below mirrors one statement of the notebook, with the statement in the comment.
#include "lifbench/reference.hpp"

#include <cstring>
#include <stdexcept>
#include <vector>

#include "lifbench/record.hpp"
#include "lifbench/streams.hpp"

namespace lifbench::reference {

namespace {

// v_n = el * np.ones([n, step_end]); raster = np.zeros([n, step_end])
template <class T>
Matrices<T> initial_matrices(const Constants<T>& c, std::int64_t n, std::int64_t steps) {
  Matrices<T> m;
  m.n = n;
  m.steps = steps;
  m.v_n.assign(static_cast<std::size_t>(n * steps), c.el);
  m.raster.assign(static_cast<std::size_t>(n * steps), 0);
  return m;
}

}  // namespace

// Exercise 5 and the random-refractory demo.
template <class T>
Matrices<T> run_loop(const Constants<T>& c, std::int64_t n, std::int64_t steps, const T* i,
                     const T* t_ref, const Start<T>& start) {
  Matrices<T> m = initial_matrices(c, n, steps);
  // last_spike = -t_ref * np.ones([n])
  std::vector<T> last_spike(static_cast<std::size_t>(n));
  for (std::int64_t j = 0; j < n; ++j) last_spike[j] = -t_ref[j];
  // (continuing a run: the carried state replaces the fresh one)
  for (std::int64_t j = 0; j < n && start.v0 && steps > 0; ++j) m.v(j, 0) = start.v0[j];
  for (std::int64_t j = 0; j < n && start.last_spike0; ++j) last_spike[j] = start.last_spike0[j];
  std::vector<std::uint8_t> spiked(static_cast<std::size_t>(n));

  // for step, t in enumerate(t_range): (step 0 skipped)
  for (std::int64_t step = 1; step < steps; ++step) {
    const T t = step_time(start.first_step + step, c.dt);
    // v_n[:,step] = v_n[:,step-1] + dt/tau * (el - v_n[:,step-1] + r*i[:,step])
    for (std::int64_t j = 0; j < n; ++j) {
      m.v(j, step) = euler_update(m.v(j, step - 1), i[j * steps + step], c);
    }
    // spiked = (v_n[:,step] >= vth); v_n[spiked,step] = vr; raster[spiked,step] = 1.
    for (std::int64_t j = 0; j < n; ++j) spiked[j] = crosses_threshold(m.v(j, step), c);
    for (std::int64_t j = 0; j < n; ++j) {
      if (spiked[j]) {
        m.v(j, step) = c.vr;
        m.spike(j, step) = 1;
      }
    }
    // clamped = (last_spike + t_ref > t); v_n[clamped,step] = vr
    for (std::int64_t j = 0; j < n; ++j) {
      if (is_clamped(last_spike[j], t_ref[j], t)) m.v(j, step) = c.vr;
    }
    // last_spike[spiked] = t
    for (std::int64_t j = 0; j < n; ++j) {
      if (spiked[j]) last_spike[j] = t;
    }
  }
  m.last_spike = std::move(last_spike);
  return m;
}

// Exercise 6: ode_step() then spike_clamp(v, t - last_spike).
template <class T>
Matrices<T> run_functions(const Constants<T>& c, std::int64_t n, std::int64_t steps, const T* i,
                          const T* t_ref) {
  Matrices<T> m = initial_matrices(c, n, steps);
  std::vector<T> last_spike(static_cast<std::size_t>(n));
  for (std::int64_t j = 0; j < n; ++j) last_spike[j] = -t_ref[j];
  std::vector<std::uint8_t> spiked(static_cast<std::size_t>(n));

  for (std::int64_t step = 1; step < steps; ++step) {
    const T t = step_time(step, c.dt);
    // v_n[:,step] = ode_step(v_n[:,step-1], i[:,step], dt)
    for (std::int64_t j = 0; j < n; ++j) {
      m.v(j, step) = euler_update(m.v(j, step - 1), i[j * steps + step], c);
    }
    // spike_clamp: spiked = (v >= vth); v[spiked] = vr;
    //              clamped = (t_ref > delta_spike); v[clamped] = vr
    for (std::int64_t j = 0; j < n; ++j) {
      spiked[j] = crosses_threshold(m.v(j, step), c);
      if (spiked[j]) m.v(j, step) = c.vr;
      const T delta_spike = t - last_spike[j];
      if (t_ref[j] > delta_spike) m.v(j, step) = c.vr;
    }
    // raster[spiked,step] = 1.; last_spike[spiked] = t
    for (std::int64_t j = 0; j < n; ++j) {
      if (spiked[j]) {
        m.spike(j, step) = 1;
        last_spike[j] = t;
      }
    }
  }
  return m;
}

template <class T>
LIFNeurons<T>::LIFNeurons(const Constants<T>& c, std::vector<T> t_ref_in)
    : t_ref(std::move(t_ref_in)), c_(c) {
  const std::size_t n = t_ref.size();
  // self.v = self.el * np.ones(self.n); self.spiked = self.v >= self.vth
  v.assign(n, c.el);
  spiked.assign(n, 0);
  for (std::size_t j = 0; j < n; ++j) spiked[j] = crosses_threshold(v[j], c);
  // self.last_spike = -self.t_ref * np.ones([self.n])
  last_spike.resize(n);
  for (std::size_t j = 0; j < n; ++j) last_spike[j] = -t_ref[j];
}

template <class T>
void LIFNeurons<T>::ode_step(const T* i) {
  // self.t += dt; self.steps += 1
  t = t + c_.dt;
  steps += 1;
  const std::size_t n = v.size();
  // self.v = self.v + dt / self.tau * (self.el - self.v + self.r * i)
  for (std::size_t j = 0; j < n; ++j) v[j] = euler_update(v[j], i[j], c_);
  // self.spiked = (self.v >= self.vth); v[spiked] = vr; last_spike[spiked] = t
  for (std::size_t j = 0; j < n; ++j) {
    spiked[j] = v[j] >= c_.vth;
    if (spiked[j]) {
      v[j] = c_.vr;
      last_spike[j] = t;
    }
  }
  // clamped = (self.t_ref > self.t - self.last_spike); self.v[clamped] = self.vr
  for (std::size_t j = 0; j < n; ++j) {
    if (t_ref[j] > t - last_spike[j]) v[j] = c_.vr;
  }
}

// Exercise 7: for each step (k = 0 included) neurons.ode_step(dt, i[:,step]), then
// v_n[:,step] = neurons.v; raster[neurons.spiked, step] = 1.
template <class T>
Matrices<T> run_class(const Constants<T>& c, std::int64_t n, std::int64_t steps, const T* i,
                      const T* t_ref) {
  Matrices<T> m = initial_matrices(c, n, steps);
  LIFNeurons<T> neurons(c, std::vector<T>(t_ref, t_ref + n));
  std::vector<T> column(static_cast<std::size_t>(n));
  for (std::int64_t step = 0; step < steps; ++step) {
    for (std::int64_t j = 0; j < n; ++j) column[j] = i[j * steps + step];
    neurons.ode_step(column.data());
    for (std::int64_t j = 0; j < n; ++j) {
      m.v(j, step) = neurons.v[j];
      if (neurons.spiked[j]) m.spike(j, step) = 1;
    }
  }
  return m;
}

template Matrices<double> run_loop(const Constants<double>&, std::int64_t, std::int64_t,
                                   const double*, const double*, const Start<double>&);
template Matrices<float> run_loop(const Constants<float>&, std::int64_t, std::int64_t, const float*,
                                  const float*, const Start<float>&);
template Matrices<double> run_functions(const Constants<double>&, std::int64_t, std::int64_t,
                                        const double*, const double*);
template Matrices<float> run_functions(const Constants<float>&, std::int64_t, std::int64_t,
                                       const float*, const float*);
template Matrices<double> run_class(const Constants<double>&, std::int64_t, std::int64_t,
                                    const double*, const double*);
template Matrices<float> run_class(const Constants<float>&, std::int64_t, std::int64_t,
                                   const float*, const float*);
template class LIFNeurons<double>;
template class LIFNeurons<float>;

namespace {

// The input matrix of neurons [first, last): the materialized rows, or the currents of a
// counter-based stream.
template <class T>
std::vector<T> input_rows(const Inputs<T>& in, std::int64_t first, std::int64_t last) {
  const std::int64_t steps = in.steps;
  std::vector<T> i(static_cast<std::size_t>((last - first) * steps));
  for (std::int64_t j = first; j < last; ++j) {
    for (std::int64_t k = 0; k < steps; ++k) {
      i[(j - first) * steps + k] =
          !counter_based(in.stream)
              ? *in.current_at(j, k)
              : input_current(stream_uniform<T>(in.stream, in.seed, static_cast<std::uint64_t>(j),
                                                in.first_step + k),
                              in.c);
    }
  }
  return i;
}

// Kernel entry: runs the chosen form on the range's neurons and fills the outputs.
template <class T>
void run_reference(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                   std::int64_t chunk_end, const ExecConfig& exec) {
  const std::int64_t first = chunk_first(chunk_begin);
  const std::int64_t last = chunk_end_neuron(chunk_end - 1, in.neurons);
  if (first >= last) return;
  const std::int64_t n = last - first, steps = in.steps;
  const std::vector<T> i = input_rows(in, first, last);
  const std::int64_t offset = first - in.base_neuron;  // first row in the per-neuron arrays
  const T* t_ref = in.t_ref + offset;
  const bool continuing = in.first_step != 0 || in.v0 || in.last_spike0;
  if (continuing && exec.variant != Variant::loop) {
    throw std::invalid_argument("only the loop form of the reference can continue a run");
  }
  const Start<T> start{in.first_step, in.v0 ? in.v0 + offset : nullptr,
                       in.last_spike0 ? in.last_spike0 + offset : nullptr};
  Matrices<T> m =
      exec.variant == Variant::functions ? run_functions(in.c, n, steps, i.data(), t_ref)
      : exec.variant == Variant::klass   ? run_class(in.c, n, steps, i.data(), t_ref)
                                         : run_loop(in.c, n, steps, i.data(), t_ref, start);
  if (out.last_spike_out && m.last_spike.empty()) {
    throw std::invalid_argument("variant does not report last_spike");
  }
  RangeRecorder<T> rec(in, out, chunk_begin, chunk_end);
  for (std::int64_t j = 0; j < n; ++j) {
    rec.neuron(first + j, m.v_n.data() + j * steps, m.raster.data() + j * steps,
               m.last_spike.empty() ? T(0) : m.last_spike[j]);
  }
}

}  // namespace

}  // namespace lifbench::reference

namespace lifbench {

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kReferenceKernel;
const Kernel kReferenceKernel{
    .name = "reference",
    .description =
        "the notebook transcribed: whole [n,K] matrices, time outer (loop, functions, class)",
    .caps = {.variants = true, .whole_matrices = true},
    .run_f64 = reference::run_reference<double>,
    .run_f32 = reference::run_reference<float>,
    .preferred_batch_chunks = 64,
};

}  // namespace lifbench
