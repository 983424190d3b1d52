// Exercise 7's LIFNeurons class, compiled: one neuron's ode_step, and whole runs of it.
//
// The class differs from the loop form every kernel implements (docs/model.md, quirk 2): it
// advances t += dt (an accumulated sum), steps at k = 0 too, sets last_spike before its
// clamp test, and writes that test as t_ref > t - last_spike. Each neuron's step depends
// only on its own state, so any order over neurons gives the class's bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "lifbench/model.hpp"

namespace lifbench::python {

// One neuron's share of LIFNeurons.ode_step at the advanced time t; returns `spiked`.
template <class T>
inline bool class_step(T& v, T& last_spike, T i, T t_ref, T t, const Constants<T>& c) {
  // self.v = self.v + dt / self.tau * (self.el - self.v + self.r * i)
  v = euler_update(v, i, c);
  // self.spiked = (self.v >= self.vth); self.v[self.spiked] = self.vr
  // self.last_spike[self.spiked] = self.t
  const bool spiked = v >= c.vth;
  if (spiked) {
    v = c.vr;
    last_spike = t;
  }
  // clamped = (self.t_ref > self.t - self.last_spike); self.v[clamped] = self.vr
  if (t_ref > t - last_spike) v = c.vr;
  return spiked;
}

// Model constants of one ode_step(dt, i) call, from the object's attributes.
template <class T>
Constants<T> class_constants(double dt, double tau, double el, double vr, double vth, double r) {
  ModelParams p;
  p.dt = dt;
  p.tau = tau;
  p.el = el;
  p.vr = vr;
  p.vth = vth;
  p.r = r;
  return Constants<T>::from(p);
}

// Elements of an array read through byte strides (any layout and alignment, as NumPy's).
template <class T>
struct Strided {
  char* data = nullptr;
  std::ptrdiff_t row = 0;     // bytes between neurons (0: one value for all)
  std::ptrdiff_t column = 0;  // bytes between steps
  T get(std::int64_t j, std::int64_t m = 0) const {
    T x;
    std::memcpy(&x, data + j * row + m * column, sizeof(T));
    return x;
  }
  void set(std::int64_t j, T x) const { std::memcpy(data + j * row, &x, sizeof(T)); }
};

// The class's per-neuron state: v, last_spike and t_ref of n neurons.
template <class T>
struct ClassState {
  std::int64_t n;
  Strided<T> v, last_spike, t_ref;
};

// Rows [first, last) of a run of K ode_steps (times[m]: t after step m): each neuron through
// all steps, v_n and raster [n, K] row-major, the final last_spike into last_out [n].
template <class T>
void class_run_rows(const Constants<T>& c, const Strided<T>& current, const ClassState<T>& s,
                    const std::vector<T>& times, T* v_n, std::uint8_t* raster, T* last_out,
                    std::int64_t first, std::int64_t last, int threads) {
  const auto steps = static_cast<std::int64_t>(times.size());
#pragma omp parallel for schedule(static) num_threads(threads)
  for (std::int64_t j = first; j < last; ++j) {
    T v = s.v.get(j), last_spike = s.last_spike.get(j);
    const T t_ref = s.t_ref.get(j);
    for (std::int64_t m = 0; m < steps; ++m) {
      raster[j * steps + m] = class_step(v, last_spike, current.get(j, m), t_ref, times[m], c);
      v_n[j * steps + m] = v;
    }
    last_out[j] = last_spike;
  }
}

}  // namespace lifbench::python
