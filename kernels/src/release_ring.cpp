// The refractory windows of the lane-bits paths (release_ring.hpp).
#include "release_ring.hpp"

#include <optional>

namespace lifbench {
namespace {

// The refractory period every neuron of chunks [chunk_begin, chunk_end) has, if they share one.
template <class T>
std::optional<T> common_refractory_period(const Inputs<T>& in, std::int64_t chunk_begin,
                                          std::int64_t chunk_end) {
  const std::int64_t first = chunk_first(chunk_begin) - in.base_neuron;
  const std::int64_t end = chunk_end_neuron(chunk_end - 1, in.neurons) - in.base_neuron;
  for (std::int64_t row = first + 1; row < end; ++row) {
    if (!(in.t_ref[row] == in.t_ref[first])) return std::nullopt;
  }
  return in.t_ref[first];
}

// Release rings longer than this (refractory periods of more than 65535 steps) are not worth
// the clearing per block: the kernels keep refractory_until per lane instead.
constexpr std::int64_t kMaxClampRing = std::int64_t{1} << 16;

}  // namespace

template <class T>
std::int64_t refractory_windows(const Inputs<T>& in, T t_ref, std::int64_t* clamp_end) {
  std::int64_t end = 1;
  std::int64_t widest = 1;
  for (std::int64_t k = 0; k < in.steps; ++k) {
    const T spike_time = step_time<T>(in.first_step + k, in.c.dt);
    if (end < k + 1) end = k + 1;
    // The end only moves forward: a later spike is clamped at least as long.
    while (end < in.steps &&
           is_clamped<T>(spike_time, t_ref, step_time<T>(in.first_step + end, in.c.dt))) {
      ++end;
    }
    clamp_end[k] = end;
    if (end - k > widest) widest = end - k;
  }
  std::int64_t ring = 1;
  while (ring <= widest) ring *= 2;
  return ring;
}

template <class T>
ReleaseRing release_ring(const Inputs<T>& in, std::int64_t chunk_begin, std::int64_t chunk_end) {
  ReleaseRing r;
  if (in.steps <= 0 || in.last_spike0 != nullptr || chunk_end <= chunk_begin) return r;
  const std::optional<T> t_ref = common_refractory_period(in, chunk_begin, chunk_end);
  if (!t_ref) return r;
  r.clamp_end.resize(static_cast<std::size_t>(in.steps));
  const std::int64_t ring = refractory_windows(in, *t_ref, r.clamp_end.data());
  if (ring <= kMaxClampRing) {
    r.slots.resize(static_cast<std::size_t>(ring));
  } else {
    r.clamp_end.clear();
  }
  return r;
}

template std::int64_t refractory_windows(const Inputs<double>&, double, std::int64_t*);
template std::int64_t refractory_windows(const Inputs<float>&, float, std::int64_t*);
template ReleaseRing release_ring(const Inputs<double>&, std::int64_t, std::int64_t);
template ReleaseRing release_ring(const Inputs<float>&, std::int64_t, std::int64_t);

}  // namespace lifbench
