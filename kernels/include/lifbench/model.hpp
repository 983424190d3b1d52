// The LIF model of SPEC section 1: parameters, derived constants and the time grid.
//
// Kept apart in the manner of NEST's iaf_psc_delta: `ModelParams` is what the user sets
// (SI units, double), `Constants<T>` is what a kernel reads, computed once per run.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

namespace lifbench {

enum class Precision { f64, f32 };
// A random stream of the stream table (stream_table.def; streams.hpp has the rest).
enum class Stream {
#define LIFBENCH_STREAM(name, version, counter_based, summary) name,
#include "lifbench/stream_table.def"
#undef LIFBENCH_STREAM
};

// Name of a precision as the command line spells it.
std::string_view to_string(Precision p);
// Name of a stream as the command line spells it.
std::string_view to_string(Stream s);

// The noise amplitude the notebook uses: 0.1 * (t_max / dt) ** 0.5.
inline double notebook_noise(double t_max, double dt) { return 0.1 * std::pow(t_max / dt, 0.5); }

// What the user sets; defaults are the notebook's (Exercise 5).
struct ModelParams {
  double t_max = 0.150;     // s
  double dt = 0.001;        // s
  double tau = 0.020;       // s
  double el = -0.060;       // V
  double vr = -0.070;       // V
  double vth = -0.050;      // V
  double r = 1e8;           // Ohm
  double i_mean = 2.5e-10;  // A
  double noise = notebook_noise(0.150, 0.001);
  double t_ref_mu = 0.010;   // s
  double t_ref_sigma = 0.0;  // s; 0 = fixed refractory period, no normal drawn
  std::int64_t neurons = 500;
  std::uint64_t seed = 2020;
};

// Number of time steps K: len(np.arange(0, t_max, dt)) = ceil(t_max / dt) in double.
inline std::int64_t step_count(double t_max, double dt) {
  return static_cast<std::int64_t>(std::ceil(t_max / dt));
}

// Model constants in the kernel precision T: every parameter rounded to T once,
// `a = dt / tau` computed in T from the rounded values.
template <class T>
struct Constants {
  using value_type = T;
  T dt, tau, el, vr, vth, r, i_mean, noise, a;

  // Rounds the parameters to T and derives `a`.
  static Constants from(const ModelParams& p) {
    Constants c{};
    c.dt = static_cast<T>(p.dt);
    c.tau = static_cast<T>(p.tau);
    c.el = static_cast<T>(p.el);
    c.vr = static_cast<T>(p.vr);
    c.vth = static_cast<T>(p.vth);
    c.r = static_cast<T>(p.r);
    c.i_mean = static_cast<T>(p.i_mean);
    c.noise = static_cast<T>(p.noise);
    c.a = c.dt / c.tau;
    return c;
  }
};

// t_k = k * dt, one multiply (never an accumulated sum): the values np.arange holds.
template <class T>
inline T step_time(std::int64_t k, T dt) {
  return static_cast<T>(k) * dt;
}

// The model's formulas, written once for every kernel. Each is generic over the value type V:
// a scalar T with Constants<T>, or a SIMD batch with constants whose members are batches
// (the xsimd kernel's BatchConstants, kernels/src/xsimd/block_inputs.hpp) or T. One operation per
// rounding, in SPEC 1's order and association, no FMA (-ffp-contract=off): every lane of a
// batch rounds as the scalar kernels do.

// Input current from a uniform u in [0,1): i_mean * (1 + noise * ((2u) - 1)).
template <class V, class K>
inline V input_current(V u, const K& k) {
  return k.i_mean * (V(1) + k.noise * ((V(2) * u) - V(1)));
}

// Powers of two of the centred uniform: 2u - 1 = y * kCentredScale<T> with y an integer.
// u = w 2^-32 (f64, w a 32-bit word) gives 2u - 1 = (w - 2^31) 2^-31; u = m 2^-24 (f32)
// gives 2u - 1 = (m - 2^23) 2^-23. Both y and the product are exact.
template <class T>
inline constexpr T kCentredScale = sizeof(T) == 8 ? T(1.0 / 2147483648.0)  // 2^-31
                                                  : T(1.0 / 8388608.0);    // 2^-23

// Whether noise * kCentredScale is exact (no underflow): then noise * (2u - 1) equals
// (noise * kCentredScale) * y bit for bit, both being the rounding of the same real number,
// and input_current_centred gives input_current's bits.
template <class T>
inline bool centred_noise_is_exact(T noise) {
  const T scaled = noise * kCentredScale<T>;
  return scaled / kCentredScale<T> == noise;
}

// input_current from the integer y of the centred uniform (2u - 1 = y * kCentredScale), with
// k.noise_centred = noise * kCentredScale: i_mean * (1 + noise_centred * y), two operations
// fewer and the same bits when centred_noise_is_exact(noise).
template <class V, class K>
inline V input_current_centred(V y, const K& k) {
  return k.i_mean * (V(1) + k.noise_centred * y);
}

// One forward-Euler update: v + a * ((el - v) + r * i).
template <class V, class K>
inline V euler_update(V v, V i, const K& k) {
  return v + k.a * ((k.el - v) + k.r * i);
}

// The threshold test: v >= vth (a bool, or a batch_bool of the lanes that spike).
template <class V, class K>
inline auto crosses_threshold(V v, const K& k) {
  return v >= k.vth;
}

// The end of the refractory window of a spike at last_spike: last_spike + t_ref (rounded once;
// a kernel may keep it instead of last_spike).
template <class V>
inline V refractory_until(V last_spike, V t_ref) {
  return last_spike + t_ref;
}

// Whether a neuron whose refractory window ends at `until` is still refractory at time t.
template <class V>
inline auto still_refractory(V until, V t) {
  return until > t;
}

// Whether a neuron that last spiked at `last_spike` is still refractory at time t.
// The notebook's loop form: last_spike + t_ref > t (SPEC 1, quirk 1).
template <class V>
inline auto is_clamped(V last_spike, V t_ref, V t) {
  return still_refractory(refractory_until(last_spike, t_ref), t);
}

}  // namespace lifbench
