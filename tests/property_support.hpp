// Shared pieces of the RapidCheck property suite (tests/test_properties_*.cpp): a generator
// of model scenarios that reaches the edges of SPEC section 1, requests that record
// everything, and the SPEC's rules re-derived in precision T (clamp, input, Euler step) so
// that properties check recorded results against the specification rather than against the
// kernel code. docs/testing.md lists every property and what it proves.
#pragma once

#include <rapidcheck.h>

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "lifbench/execution.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"
#include "lifbench/params.hpp"
#include "lifbench/philox.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/streams.hpp"

namespace lifbench::testing {

// One simulated situation: model parameters, precision and random stream.
struct Scenario {
  ModelParams params;
  Precision precision = Precision::f64;
  Stream stream = Stream::numpy;
};

// Prints a scenario as the `lifbench simulate` flags that reproduce it (shown on failure).
inline std::ostream& operator<<(std::ostream& os, const Scenario& s) {
  os << "--precision " << to_string(s.precision) << " --rng " << to_string(s.stream);
  for (const ParamInfo& info : param_table())
    os << " " << info.flag << " " << param_text(info, s.params);
  return os << "   (K = " << step_count(s.params.t_max, s.params.dt) << ")";
}

// Restrictions a property needs on the generated scenarios.
struct ScenarioOptions {
  bool allow_unstable = true;  // a = dt/tau in (1, 2]: Euler overshoots (still bounded)
  bool allow_inf_vth = true;   // vth = +inf (Exercise 1: no threshold)
  bool allow_sigma = true;     // t_ref_sigma > 0 (per-neuron refractory periods)
  // a <= 1, el >= vr, i_mean >= 0, noise <= 1: every drive el + r*I >= vr, where the
  // monotonicity arguments of docs/testing.md hold.
  bool monotone = false;
  bool allow_saturating = true;  // currents that cross vth from vr in one step
  double max_noise = 4.0;
  std::int64_t max_neurons = 5000;
};

// RapidCheck scales gen::inRange and gen::arbitrary with the test size (size 0 gives the
// lower end), which would make the first trials all alike; these pickers draw at the full
// size so the distributions below hold on every trial. Shrinking still goes towards lo.
inline constexpr int kFullSize = 100;
// An integer generator uniform in [lo, hi).
template <class T>
rc::Gen<T> pick_in(T lo, T hi) {
  return rc::gen::resize(kFullSize, rc::gen::inRange<T>(lo, hi));
}
// A full-range arbitrary value generator.
template <class T>
rc::Gen<T> pick_arbitrary() {
  return rc::gen::resize(kFullSize, rc::gen::arbitrary<T>());
}
// One of the given values, uniformly.
template <class T, class... Ts>
rc::Gen<T> pick_element(T first, Ts... rest) {
  return rc::gen::element<T>(std::move(first), static_cast<T>(rest)...);
}
// One of the values with the given weights.
template <class T>
rc::Gen<T> pick_weighted(std::initializer_list<std::pair<std::size_t, T>> pairs) {
  return rc::gen::weightedElement<T>(pairs);
}

// A double uniform in [lo, hi] on a grid of 2^20 points (shrinks towards lo).
inline double pick_uniform(double lo, double hi) {
  const int ticks = *pick_in(0, (1 << 20) + 1);
  return lo + (hi - lo) * (static_cast<double>(ticks) / static_cast<double>(1 << 20));
}

// A double log-uniform in [lo, hi] (both positive).
inline double pick_log_uniform(double lo, double hi) {
  return std::exp(pick_uniform(std::log(lo), std::log(hi)));
}

// Time step: the notebook's 1 ms, other round values, a power of two, or log-uniform.
inline double pick_dt() {
  switch (*pick_in(0, 5)) {
    case 0:
      return 1e-3;
    case 1:
      return 1e-4;
    case 2:
      return std::ldexp(1.0, -10);
    case 3:
      return 5e-4;
    default:
      return pick_log_uniform(1e-5, 5e-3);
  }
}

// Population size and step count, mostly small, sometimes lane/chunk edges, rarely large;
// n * K stays below about 2e5 so that a trial costs milliseconds.
inline void pick_shape(std::int64_t max_neurons, std::int64_t* n, std::int64_t* steps) {
  const auto small = [](std::int64_t lo, std::int64_t hi) {
    return *pick_in<std::int64_t>(lo, hi + 1);
  };
  const int kind = *pick_weighted<int>({{40, 0}, {12, 1}, {12, 2}, {14, 3}, {6, 4}, {3, 5}});
  switch (kind) {
    case 0:
      *n = small(0, 40);
      *steps = small(1, 120);
      break;
    case 1:
      *n = small(0, 12);
      *steps = small(1, 2);
      break;  // K = 1 and 2
    case 2:
      *n = *pick_element<std::int64_t>(1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65);
      *steps = small(1, 150);
      break;
    case 3:
      *n = small(0, 400);
      *steps = small(1, 200);
      break;
    case 4:
      *n = *pick_element<std::int64_t>(1023, 1024, 1025, 2047, 2049) + small(-3, 3);
      *steps = small(1, 40);
      break;
    default:
      *n = small(3000, 5000);
      *steps = small(1, 20);
      break;
  }
  if (*n > max_neurons) *n = max_neurons;
}

// Refractory period relative to dt: 0, below dt, an exact multiple, off the grid, the
// notebook's 10 ms, or longer than the run.
inline double pick_t_ref(double dt, double t_max) {
  switch (*pick_weighted<int>({{20, 0}, {15, 1}, {25, 2}, {20, 3}, {10, 4}, {10, 5}})) {
    case 0:
      return 0.0;
    case 1:
      return dt * pick_uniform(0.01, 0.99);
    case 2:
      return static_cast<double>(*pick_in(1, 13)) * dt;
    case 3:
      return (static_cast<double>(*pick_in(0, 12)) + pick_uniform(0.05, 0.95)) * dt;
    case 4:
      return 0.010;
    default:
      return t_max * pick_uniform(1.0, 3.0);
  }
}

// Upper bound of the input current over u in [0,1): i_mean * (1 + noise) or, for negative
// i_mean, i_mean * (1 - noise).
inline double max_current(const ModelParams& p) {
  return p.i_mean >= 0 ? p.i_mean * (1 + p.noise) : p.i_mean * (1 - p.noise);
}
// Lower bound of the input current over u in [0,1).
inline double min_current(const ModelParams& p) {
  return p.i_mean >= 0 ? p.i_mean * (1 - p.noise) : p.i_mean * (1 + p.noise);
}

// Whether one Euler step from vr can reach vth for some input (then a neuron spikes even
// while clamped: the clamp sets v = vr but does not suppress threshold detection).
inline bool one_step_can_cross(const ModelParams& p) {
  const double a = p.dt / p.tau;
  const double reach = p.vr + a * ((p.el - p.vr) + p.r * max_current(p));
  return !(reach < p.vth - 1e-9 * std::abs(p.vth));
}

// A scenario reaching the edges of the model: see ScenarioOptions for restrictions.
inline Scenario pick_scenario(const ScenarioOptions& opt = {}) {
  Scenario s;
  ModelParams& p = s.params;
  s.precision = *pick_element(Precision::f64, Precision::f32);
  s.stream = *rc::gen::elementOf(streams_here());
  p.seed =
      counter_based(s.stream) ? *pick_arbitrary<std::uint64_t>() : *pick_arbitrary<std::uint32_t>();
  p.dt = pick_dt();
  std::int64_t n = 0, steps = 0;
  pick_shape(opt.max_neurons, &n, &steps);
  p.neurons = n;
  // t_max: K dt exactly or half a step short of it (ceil gives K either way, up to rounding).
  p.t_max = static_cast<double>(steps) * p.dt;
  if (steps > 1 && *pick_in(0, 4) == 0) p.t_max -= 0.5 * p.dt;

  // a = dt / tau: the notebook's 0.05, log-uniform up to 1, or an overshooting (1, 2].
  double a = 0.05;
  switch (*pick_in(0, opt.allow_unstable && !opt.monotone ? 4 : 3)) {
    case 0:
      a = 0.05;
      break;
    case 1:
      a = pick_log_uniform(0.005, 1.0);
      break;
    case 2:
      a = 1.0;
      break;
    default:
      a = pick_uniform(1.0, 2.0);
      break;
  }
  p.tau = p.dt / a;

  // Voltages: the notebook's, or vr < vth with el anywhere around them (even above vth).
  if (*pick_in(0, 2) == 0) {
    p.vr = pick_uniform(-0.080, -0.060);
    p.vth = p.vr + pick_uniform(0.0005, 0.030);
    p.el = p.vr + (p.vth - p.vr) * pick_uniform(opt.monotone ? 0.0 : -0.5, 1.2);
  }
  if (opt.allow_inf_vth && *pick_in(0, 10) == 0) {
    p.vth = std::numeric_limits<double>::infinity();
  }
  if (*pick_in(0, 3) == 0) p.r = pick_log_uniform(1e6, 1e10);

  // Noise amplitude: none, the notebook's 0.1 sqrt(t_max/dt), up to 1, or beyond 1 (the
  // current then changes sign).
  switch (*pick_weighted<int>({{25, 0}, {20, 1}, {30, 2}, {25, 3}})) {
    case 0:
      p.noise = 0.0;
      break;
    case 1:
      p.noise = notebook_noise(p.t_max, p.dt);
      break;
    case 2:
      p.noise = pick_uniform(0.0, 1.0);
      break;
    default:
      p.noise = pick_uniform(1.0, 4.0);
      break;
  }
  p.noise = std::min(p.noise, opt.monotone ? 1.0 : opt.max_noise);

  // Mean current, by regime of the drive mu = el + r i_mean.
  const double span = std::isfinite(p.vth) ? p.vth - p.vr : 0.020;
  const double vth_or = std::isfinite(p.vth) ? p.vth : p.vr + 0.020;
  int regime = *pick_weighted<int>({{15, 0}, {20, 1}, {25, 2}, {15, 3}, {10, 4}, {15, 5}});
  if (opt.monotone && regime == 4) regime = 2;
  if (!opt.allow_saturating && regime == 3) regime = 2;
  switch (regime) {
    case 0:
      p.i_mean = 2.5e-10;
      break;   // the notebook's
    case 1: {  // never reaches threshold, whatever u is
      const double headroom = vth_or - 0.1 * span - p.el;
      p.i_mean = headroom > 0 ? headroom / (p.r * (1 + p.noise)) * pick_uniform(0.0, 1.0) : 0.0;
      break;
    }
    case 2:  // mean drive near threshold
      p.i_mean = std::max(0.0, (vth_or + span * pick_uniform(-0.3, 0.5) - p.el) / p.r);
      break;
    case 3: {  // one step from vr reaches vth for every u: spikes at every step
      p.noise = std::min(p.noise, 0.5);
      const double needed = (span / a - (p.el - p.vr)) / p.r;
      p.i_mean = std::max(needed, 1e-12) * pick_uniform(1.5, 3.0) / (1 - p.noise);
      break;
    }
    case 4:
      p.i_mean = -pick_uniform(0.0, 5e-10);
      break;  // inhibitory
    default:
      p.i_mean = span * pick_uniform(0.0, 3.0) / p.r;
      break;  // drive el + [0, 3] span
  }

  p.t_ref_mu = pick_t_ref(p.dt, p.t_max);
  p.t_ref_sigma = 0.0;
  if (opt.allow_sigma && *pick_in(0, 4) == 0) {
    p.t_ref_sigma = p.t_ref_mu * pick_uniform(0.1, 2.0) + p.dt * pick_uniform(0.0, 1.0);
  }
  if (!opt.allow_saturating && one_step_can_cross(p)) {
    // Lower the current until one step from vr stays below vth for every u.
    p.noise = std::min(p.noise, 1.0);
    double room = (p.vth - p.vr) / a - (p.el - p.vr);
    if (room <= 0) {
      p.el = p.vr;
      room = (p.vth - p.vr) / a;
    }
    p.i_mean = 0.9 * room / (p.r * (1 + p.noise)) * pick_uniform(0.2, 1.0);
  }
  return s;
}

// Number of steps K of a scenario.
inline std::int64_t steps_of(const Scenario& s) { return step_count(s.params.t_max, s.params.dt); }

// A request for scenario `s` on `kernel` recording everything (raster, v, t_ref, per-neuron
// spikes, statistics and the default Exercise 1 histograms).
inline SimRequest full_request(const Scenario& s, const Kernel& kernel, ExecConfig exec = {}) {
  SimRequest req;
  req.params = s.params;
  req.precision = s.precision;
  req.stream = s.stream;
  req.kernel = &kernel;
  req.exec = exec;
  req.record = RecordSet{true, true, true, true, true};
  req.histogram = default_histogram(s.params, steps_of(s));
  return req;
}

// Runs scenario `s` on the reference kernel (loop form) recording everything.
inline SimResult run_reference(const Scenario& s) {
  return simulate(full_request(s, reference_kernel()));
}

// One way to execute a kernel: ISA and thread count.
struct Execution {
  const Kernel* kernel;
  ExecConfig exec;
  std::string label;
};

// The execution matrix (every supported kernel x supported ISA x 1..3 threads where the
// kernel uses threads, the reference included) for a precision: new kernels are covered as
// soon as they enter the registry.
inline std::vector<Execution> all_executions(Precision precision) {
  MatrixOptions m;
  m.include_reference = true;
  std::vector<Execution> all;
  for (const lifbench::Execution& e : execution_matrix(m)) {
    if (precision == Precision::f32 && !e.kernel->caps.f32) continue;
    all.push_back({e.kernel, e.config(),
                   e.kernel->name + "/" + std::string(to_string(e.isa)) + "/" +
                       std::to_string(e.threads) + "t"});
  }
  return all;
}

// The fastest kernel available for quick properties: the default kernel, else the reference.
inline const Kernel& fast_kernel() {
  const Kernel& k = default_kernel();
  return k.supported() ? k : reference_kernel();
}

// Recorded voltages of a result in precision T.
template <class T>
const std::vector<T>& voltages(const SimResult& r) {
  if constexpr (sizeof(T) == 8)
    return r.v64;
  else
    return r.v32;
}
// Recorded refractory periods of a result in precision T (what the kernel used).
template <class T>
const std::vector<T>& refractory(const SimResult& r) {
  if constexpr (sizeof(T) == 8)
    return r.t_ref64;
  else
    return r.t_ref32;
}

// The input current I[j, k] of scenario `s` in precision T, row-major [n, K], drawn as
// SPEC section 2 defines the stream.
template <class T>
std::vector<T> input_matrix(const Scenario& s) {
  const ModelParams& p = s.params;
  const std::int64_t steps = steps_of(s);
  if (s.stream == Stream::numpy) return draw_numpy_inputs<T>(p, steps).row_major();
  const Constants<T> c = Constants<T>::from(p);
  std::vector<T> i(static_cast<std::size_t>(p.neurons * steps));
  for (std::int64_t j = 0; j < p.neurons; ++j) {
    for (std::int64_t k = 0; k < steps; ++k) {
      i[j * steps + k] =
          input_current(stream_uniform<T>(s.stream, p.seed, static_cast<std::uint64_t>(j), k), c);
    }
  }
  return i;
}

// SPEC 1's clamp rule in precision T: last_spike + t_ref > t_k, with t_k = k * dt.
template <class T>
bool clamp_rule(T last_spike, T t_ref, std::int64_t k, T dt) {
  return last_spike + t_ref > static_cast<T>(k) * dt;
}

// Calls f(double{}) or f(float{}) for the precision: write properties once for both.
template <class F>
void with_precision(Precision precision, F&& f) {
  if (precision == Precision::f64)
    f(double{});
  else
    f(float{});
}

}  // namespace lifbench::testing
