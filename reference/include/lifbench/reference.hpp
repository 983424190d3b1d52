// The reference kernel: the notebook's three forms, transcribed to be read side by side.
//
//   loop      Exercise 5 and the random-refractory demo (SPEC 1, the definition)
//   functions Exercise 6: ode_step() and spike_clamp(), clamp test `t_ref > t - last_spike`
//   klass     Exercise 7: the LIFNeurons class, `t += dt`, steps at k = 0 too
//
// Each form works on whole [n, K] matrices, time outer, population inner, as NumPy does.
#pragma once

#include <cstdint>
#include <vector>

#include "lifbench/kernel.hpp"

namespace lifbench::reference {

// The notebook's matrices for a population: v_n and raster, both [n, K] row-major.
template <class T>
struct Matrices {
  std::int64_t n = 0, steps = 0;
  std::vector<T> v_n;
  std::vector<std::uint8_t> raster;
  std::vector<T> last_spike;  // after the last step
  T& v(std::int64_t j, std::int64_t k) { return v_n[j * steps + k]; }
  std::uint8_t& spike(std::int64_t j, std::int64_t k) { return raster[j * steps + k]; }
};

// Where a loop-form run starts: fresh (step 0, v = el, last_spike = -t_ref) or continuing
// a run at global step first_step with carried v0 and last_spike0 (the stepping API).
template <class T>
struct Start {
  std::int64_t first_step = 0;
  const T* v0 = nullptr;
  const T* last_spike0 = nullptr;
};

// Runs one notebook form on neurons whose inputs are i[n*K] and t_ref[n].
template <class T>
Matrices<T> run_loop(const Constants<T>& c, std::int64_t n, std::int64_t steps, const T* i,
                     const T* t_ref, const Start<T>& start = {});
template <class T>
Matrices<T> run_functions(const Constants<T>& c, std::int64_t n, std::int64_t steps, const T* i,
                          const T* t_ref);
template <class T>
Matrices<T> run_class(const Constants<T>& c, std::int64_t n, std::int64_t steps, const T* i,
                      const T* t_ref);

// The LIFNeurons class of Exercise 7, in C++ (reference form of the stepping API).
template <class T>
class LIFNeurons {
 public:
  LIFNeurons(const Constants<T>& c, std::vector<T> t_ref);
  // One step of dt with input current i[n]: t += dt, Euler, spike, clamp.
  void ode_step(const T* i);

  std::vector<T> v;
  std::vector<std::uint8_t> spiked;
  std::vector<T> last_spike;
  std::vector<T> t_ref;
  T t = T(0);
  std::int64_t steps = 0;

 private:
  Constants<T> c_;
};

}  // namespace lifbench::reference
