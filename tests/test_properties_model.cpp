// Properties of the model itself (SPEC section 1), checked on recorded rasters and voltages
// of the fastest kernel (the kernel-equality property ties every other kernel to it):
// the step rule cell by cell, thresholds, resets, refractoriness, monotonicity in the
// current and in t_ref, silent and saturating inputs. See docs/testing.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "property_support.hpp"

namespace lifbench::testing {
namespace {

// Scenario run on the fast kernel, everything recorded.
SimResult run_fast(const Scenario& s) { return simulate(full_request(s, fast_kernel())); }

// Replays every recorded cell from the previous one: v[k] must be the Euler step from
// v[k-1] with I[j,k], the raster the threshold test, and v = vr on a spike or a clamp under
// SPEC 1's floating-point rule, with last_spike tracked from the recorded raster.
template <class T>
void check_step_replay(const Scenario& s, const SimResult& res) {
  const Constants<T> c = Constants<T>::from(s.params);
  const std::vector<T> current = input_matrix<T>(s);
  const std::vector<T>& v = voltages<T>(res);
  const std::vector<T>& t_ref = refractory<T>(res);
  const std::int64_t steps = res.steps;
  for (std::int64_t j = 0; j < res.neurons; ++j) {
    RC_ASSERT(v[j * steps] == c.el);  // step 0 only records
    RC_ASSERT(res.raster[j * steps] == 0);
    T last_spike = -t_ref[j];
    for (std::int64_t k = 1; k < steps; ++k) {
      const T stepped = euler_update(v[j * steps + k - 1], current[j * steps + k], c);
      const bool spiked = stepped >= c.vth;
      const bool clamped = clamp_rule(last_spike, t_ref[j], k, c.dt);
      RC_ASSERT(res.raster[j * steps + k] == (spiked ? 1 : 0));
      const T expected = spiked || clamped ? c.vr : stepped;
      RC_ASSERT(std::memcmp(&v[j * steps + k], &expected, sizeof(T)) == 0);
      if (spiked) last_spike = static_cast<T>(k) * c.dt;
    }
  }
}

// Every recorded cell follows SPEC 1's step, in order and association (no FMA).
RC_GTEST_PROP(ModelProperties, EveryCellIsOneSpecStepFromThePrevious, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  with_precision(s.precision, [&](auto tag) { check_step_replay<decltype(tag)>(s, res); });
}

// After every step (k >= 1), v < vth, whatever the parameters (v = el at step 0 may not be).
RC_GTEST_PROP(ModelProperties, VoltageIsBelowThresholdAfterEveryStep, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const T vth = static_cast<T>(s.params.vth);
    const std::vector<T>& v = voltages<T>(res);
    for (std::int64_t j = 0; j < res.neurons; ++j) {
      for (std::int64_t k = 1; k < res.steps; ++k) RC_ASSERT(v[j * res.steps + k] < vth);
    }
  });
}

// v == vr exactly on every spike step and on every step clamped under the rule
// last_spike + t_ref > t_k (last_spike from the raster, in precision T).
RC_GTEST_PROP(ModelProperties, VoltageIsResetOnEverySpikeAndClampedStep, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const Constants<T> c = Constants<T>::from(s.params);
    const std::vector<T>& v = voltages<T>(res);
    const std::int64_t steps = res.steps;
    for (std::int64_t j = 0; j < res.neurons; ++j) {
      const T t_ref = refractory<T>(res)[j];
      T last_spike = -t_ref;
      for (std::int64_t k = 1; k < steps; ++k) {
        const bool spiked = res.raster[j * steps + k] != 0;
        if (spiked || clamp_rule(last_spike, t_ref, k, c.dt)) RC_ASSERT(v[j * steps + k] == c.vr);
        if (spiked) last_spike = static_cast<T>(k) * c.dt;
      }
    }
  });
}

// Between two consecutive spikes a < b of a neuron, either b is past the refractory period
// under the floating-point rule (!(t_a + t_ref > t_b)), or the spike at b came from vr in
// one Euler step (the clamp sets v = vr but, in the notebook's code, does not suppress the
// threshold test: docs/testing.md, "refractoriness").
RC_GTEST_PROP(ModelProperties, SpikesInsideTheRefractoryPeriodOnlyComeFromVrInOneStep, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const Constants<T> c = Constants<T>::from(s.params);
    const std::vector<T> current = input_matrix<T>(s);
    const std::int64_t steps = res.steps;
    for (std::int64_t j = 0; j < res.neurons; ++j) {
      const T t_ref = refractory<T>(res)[j];
      std::int64_t previous = -1;
      for (std::int64_t k = 1; k < steps; ++k) {
        if (res.raster[j * steps + k] == 0) continue;
        if (previous >= 0 && clamp_rule(static_cast<T>(previous) * c.dt, t_ref, k, c.dt)) {
          RC_ASSERT(euler_update(c.vr, current[j * steps + k], c) >= c.vth);
        }
        previous = k;
      }
    }
  });
}

// When no input can carry v from vr to vth in one step, no two spikes of a neuron are closer
// than its refractory period: !(t_a + t_ref > t_b) in precision T, and in real numbers
// (b - a) dt >= t_ref up to the rounding of those two operations.
RC_GTEST_PROP(ModelProperties, NoTwoSpikesCloserThanTheRefractoryPeriod, ()) {
  ScenarioOptions opt;
  opt.allow_saturating = false;
  const Scenario s = pick_scenario(opt);
  RC_PRE(!one_step_can_cross(s.params));
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const Constants<T> c = Constants<T>::from(s.params);
    const double eps = std::numeric_limits<T>::epsilon();
    const std::int64_t steps = res.steps;
    for (std::int64_t j = 0; j < res.neurons; ++j) {
      const T t_ref = refractory<T>(res)[j];
      std::int64_t previous = -1;
      for (std::int64_t k = 1; k < steps; ++k) {
        if (res.raster[j * steps + k] == 0) continue;
        if (previous >= 0) {
          RC_ASSERT(!clamp_rule(static_cast<T>(previous) * c.dt, t_ref, k, c.dt));
          const double t_b = static_cast<double>(static_cast<T>(k) * c.dt);
          RC_ASSERT(static_cast<double>(k - previous) * static_cast<double>(c.dt) >=
                    static_cast<double>(t_ref) - 4 * eps * (t_b + static_cast<double>(t_ref)));
        }
        previous = k;
      }
    }
  });
}

// Input that can never reach threshold (el + r * max current below vth, a <= 1 so Euler
// does not overshoot), or vth = +inf (Exercise 1): no spike at all, and v stays between the
// lowest and highest drive el + r*I (each step is a convex combination of v and the drive).
RC_GTEST_PROP(ModelProperties, SubthresholdInputNeverSpikesAndStaysInTheDriveEnvelope, ()) {
  ScenarioOptions opt;
  opt.allow_unstable = false;
  Scenario s = pick_scenario(opt);
  ModelParams& p = s.params;
  const double headroom = p.vth - 0.001 * (p.vth - p.vr) - p.el;
  if (std::isfinite(p.vth)) {
    RC_PRE(headroom > 0);
    // Scale the current down so that the largest input stays below threshold.
    const double reach = p.r * std::max(std::abs(max_current(p)), std::abs(min_current(p)));
    if (reach > headroom) p.i_mean *= headroom / reach * pick_uniform(0.0, 1.0);
  }
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  RC_ASSERT(res.total_spikes == 0);
  RC_ASSERT(std::all_of(res.raster.begin(), res.raster.end(), [](auto x) { return x == 0; }));
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const double lo = std::min({p.el, p.el + p.r * min_current(p), p.el + p.r * max_current(p)});
    const double hi = std::max({p.el, p.el + p.r * min_current(p), p.el + p.r * max_current(p)});
    // Rounding slack: a few units in the last place of the voltage scale, in precision T.
    const double slack = 8 * std::numeric_limits<T>::epsilon() * (std::abs(lo) + std::abs(hi));
    for (T v : voltages<T>(res)) {
      RC_ASSERT(static_cast<double>(v) >= lo - slack);
      RC_ASSERT(static_cast<double>(v) <= hi + slack);
    }
  });
}

// Input so strong that one Euler step from vr (and from el) reaches vth for every u: the
// neuron spikes at every step k >= 1, clamped or not, and v == vr at every such step.
RC_GTEST_PROP(ModelProperties, SaturatingInputSpikesAtEveryStep, ()) {
  ScenarioOptions opt;
  opt.allow_inf_vth = false;
  opt.allow_unstable = false;
  Scenario s = pick_scenario(opt);
  ModelParams& p = s.params;
  p.noise = std::min(p.noise, 0.5);
  const double a = p.dt / p.tau;
  const double lowest_start = std::min(p.el, p.vr);
  // r * I_min >= 2 ((vth - start) / a - (el - start)) + 1 mV: a margin far above rounding.
  const double needed = 2 * ((p.vth - lowest_start) / a - (p.el - lowest_start)) + 0.001;
  p.i_mean = std::max(needed, 0.001) / p.r / (1 - p.noise) * pick_uniform(1.0, 2.0);
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const T vr = static_cast<T>(p.vr);
    for (std::int64_t j = 0; j < res.neurons; ++j) {
      RC_ASSERT(res.neuron_spikes[j] == res.steps - 1);
      for (std::int64_t k = 1; k < res.steps; ++k) {
        RC_ASSERT(res.raster[j * res.steps + k] == 1);
        RC_ASSERT(voltages<T>(res)[j * res.steps + k] == vr);
      }
    }
  });
}

// More current never gives fewer spikes, neuron by neuron, with the same stream: i_mean
// raised by any factor >= 1 (and noise <= 1, so every input I_k rises with it). Holds when
// a <= 1 and every drive el + r*I_k >= vr (el >= vr, I >= 0): docs/testing.md gives the
// argument (the k-th spike of the stronger neuron is never later than the weaker one's).
RC_GTEST_PROP(ModelProperties, MoreCurrentNeverGivesFewerSpikes, ()) {
  ScenarioOptions opt;
  opt.monotone = true;
  const Scenario weak = pick_scenario(opt);
  Scenario strong = weak;
  strong.params.i_mean = weak.params.i_mean * pick_uniform(1.0, 3.0) +
                         (*pick_in(0, 3) == 0 ? pick_uniform(0.0, 2e-10) : 0.0);
  RC_LOG() << weak << "\nstronger i_mean " << strong.params.i_mean << "\n";
  const Kernel& kernel = fast_kernel();
  const SimResult a = simulate(full_request(weak, kernel));
  const SimResult b = simulate(full_request(strong, kernel));
  for (std::int64_t j = 0; j < a.neurons; ++j) RC_ASSERT(b.neuron_spikes[j] >= a.neuron_spikes[j]);
  RC_ASSERT(b.total_spikes >= a.total_spikes);
}

// A longer refractory period never gives more spikes, neuron by neuron, with the same stream
// (t_ref_mu raised; with t_ref_sigma > 0 every neuron's t_ref = max(0, mu + sigma z_j) rises
// or stays). Same conditions and argument as the current property.
RC_GTEST_PROP(ModelProperties, LongerRefractoryPeriodNeverGivesMoreSpikes, ()) {
  ScenarioOptions opt;
  opt.monotone = true;
  const Scenario shorter = pick_scenario(opt);
  Scenario longer = shorter;
  longer.params.t_ref_mu =
      *pick_in(0, 3) == 0
          ? shorter.params.t_ref_mu + shorter.params.dt * static_cast<double>(*pick_in(1, 5))
          : shorter.params.t_ref_mu * pick_uniform(1.0, 3.0) +
                pick_uniform(0.0, 5.0) * shorter.params.dt;
  RC_LOG() << shorter << "\nlonger t_ref_mu " << longer.params.t_ref_mu << "\n";
  const Kernel& kernel = fast_kernel();
  const SimResult a = simulate(full_request(shorter, kernel));
  const SimResult b = simulate(full_request(longer, kernel));
  for (std::int64_t j = 0; j < a.neurons; ++j) RC_ASSERT(b.neuron_spikes[j] <= a.neuron_spikes[j]);
  RC_ASSERT(b.total_spikes <= a.total_spikes);
}

}  // namespace
}  // namespace lifbench::testing
