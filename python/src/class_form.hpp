// Exercise 7's LIFNeurons class, compiled: one neuron's ode_step, and whole runs of it.
//
// The class differs from the loop form every kernel implements (docs/model.md, quirk 2): it
// advances t += dt (an accumulated sum), steps at k = 0 too, sets last_spike before its
// clamp test, and writes that test as t_ref > t - last_spike. Each neuron's step depends
// only on its own state, so any order over neurons gives the class's bits.
#pragma once

#include <cstdint>

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

}  // namespace lifbench::python
