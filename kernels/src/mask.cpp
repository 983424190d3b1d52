// The `mask` kernel: what NumPy does with the notebook's Exercises 3-5, compiled.
//
// Time outer, population inner: every notebook statement is one pass over the neuron
// arrays, with boolean mask arrays in between, exactly as NumPy evaluates
//   v = v + dt/tau * (el - v + r*i[:, step])   spiked = v >= vth   v[spiked] = vr
//   raster[spiked, step] = 1   clamped = last_spike + t_ref > t   v[clamped] = vr
//   last_spike[spiked] = t
// The passes over memory are the point of this kernel, so they stay; each pass is a
// branch-free loop the compiler vectorizes, cloned per ISA by GCC's target_clones on x86-64 (no
// FMA: -ffp-contract=off), so each pass is as good as a compiler can make it.
#include <cstdint>
#include <vector>

#include "lifbench/isa.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/record.hpp"
#include "lifbench/streams.hpp"

// The clones are x86-64's (GCC 12 has no target_clones on aarch64, whose one table row,
// neon64, is the baseline the passes are compiled for anyway).
#define LIFBENCH_PASS \
  LIFBENCH_ISA_ROW_x86_64(__attribute__((target_clones("avx512f", "avx2", "default"))))

namespace lifbench {
namespace {

// i[:, step]: the input column of this step, kInputTile consecutive values per tile
// (kernel.hpp input_offset); `matrix` starts at a tile.
template <class T>
LIFBENCH_PASS void pass_gather_current(const T* __restrict matrix, std::int64_t steps,
                                       std::int64_t k, std::int64_t count, T* __restrict current) {
  for (std::int64_t j0 = 0; j0 < count; j0 += kInputTile) {
    const T* __restrict step_k = matrix + input_offset(j0, k, steps);
    const std::int64_t width = count - j0 < kInputTile ? count - j0 : kInputTile;
    for (std::int64_t l = 0; l < width; ++l) current[j0 + l] = step_k[l];
  }
}

// The counter-based stream's words of every neuron for the block holding global step k
// (one pass).
void pass_stream_words(Stream stream, std::uint64_t seed, std::int64_t first, std::int64_t count,
                       std::uint32_t block, CounterWords* __restrict words) {
  for (std::int64_t j = 0; j < count; ++j) {
    words[j] =
        stream_words(stream, seed, static_cast<std::uint64_t>(first + j), block, kDomainUniform);
  }
}

// The input column from the cached stream words: i_mean * (1 + noise * (2u - 1)).
template <class T>
LIFBENCH_PASS void pass_stream_current(const CounterWords* __restrict words, std::int64_t k,
                                       std::int64_t count, const Constants<T>& c,
                                       T* __restrict current) {
  for (std::int64_t j = 0; j < count; ++j) {
    current[j] = input_current(uniform_of_step<T>(words[j], k), c);
  }
}

// v = v + dt/tau * (el - v + r*i)
template <class T>
LIFBENCH_PASS void pass_euler(T* __restrict membrane_v, const T* __restrict current,
                              std::int64_t count, const Constants<T>& c) {
  for (std::int64_t j = 0; j < count; ++j)
    membrane_v[j] = euler_update(membrane_v[j], current[j], c);
}

// spiked = v >= vth
template <class T>
LIFBENCH_PASS void pass_threshold(const T* __restrict membrane_v, std::int64_t count,
                                  const Constants<T>& c, std::uint8_t* __restrict spiked) {
  for (std::int64_t j = 0; j < count; ++j) spiked[j] = crosses_threshold(membrane_v[j], c);
}

// v[mask] = vr
template <class T>
LIFBENCH_PASS void pass_reset(T* __restrict membrane_v, const std::uint8_t* __restrict mask,
                              std::int64_t count, T vr) {
  for (std::int64_t j = 0; j < count; ++j) membrane_v[j] = mask[j] ? vr : membrane_v[j];
}

// clamped = last_spike + t_ref > t
template <class T>
LIFBENCH_PASS void pass_clamped(const T* __restrict last_spike, const T* __restrict t_ref,
                                std::int64_t count, T t, std::uint8_t* __restrict clamped) {
  for (std::int64_t j = 0; j < count; ++j) clamped[j] = is_clamped(last_spike[j], t_ref[j], t);
}

// last_spike[spiked] = t
template <class T>
LIFBENCH_PASS void pass_last_spike(T* __restrict last_spike, const std::uint8_t* __restrict spiked,
                                   std::int64_t count, T t) {
  for (std::int64_t j = 0; j < count; ++j) last_spike[j] = spiked[j] ? t : last_spike[j];
}

// The current of step k (global step global_k) for every neuron of the range, from either
// stream; counter-based words are drawn once per block.
template <class T>
void pass_input(const Inputs<T>& in, std::int64_t first, std::int64_t count, std::int64_t k,
                std::vector<CounterWords>& words, T* current) {
  const std::int64_t global_k = in.first_step + k;
  if (in.stream == Stream::numpy) {
    pass_gather_current(in.current_at(first, 0), in.steps, k, count, current);
    return;
  }
  if (k == 1 || global_k % kStepsPerCounter == 0) {
    pass_stream_words(in.stream, in.seed, first, count,
                      static_cast<std::uint32_t>(global_k / kStepsPerCounter), words.data());
  }
  pass_stream_current(words.data(), global_k, count, in.c, current);
}

// Kernel entry: the range's neurons as arrays, one pass per statement, step by step.
template <class T>
void run_mask(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
              std::int64_t chunk_end, const ExecConfig&) {
  const Constants<T>& c = in.c;
  RangeRecorder<T> rec(in, out, chunk_begin, chunk_end);
  const std::int64_t first = rec.first(), count = rec.end() - rec.first();
  if (count <= 0 || in.steps <= 0) return;
  const auto size = static_cast<std::size_t>(count);
  std::vector<T> membrane_v(size), last_spike(size), t_ref(size), current(size);
  std::vector<std::uint8_t> spiked(size, 0), clamped(size, 0);
  std::vector<CounterWords> words(counter_based(in.stream) ? size : 0);
  std::vector<std::int64_t> spike_counts(size, 0);
  for (std::int64_t j = 0; j < count; ++j) {
    t_ref[j] = rec.t_ref(first + j);
    membrane_v[j] = rec.initial_v(first + j);
    last_spike[j] = rec.initial_last_spike(first + j);
  }
  rec.step(0, membrane_v.data(), spiked.data());
  for (std::int64_t k = 1; k < in.steps; ++k) {
    const T t = rec.time(k);
    pass_input(in, first, count, k, words, current.data());
    pass_euler(membrane_v.data(), current.data(), count, c);
    pass_threshold(membrane_v.data(), count, c, spiked.data());
    pass_reset(membrane_v.data(), spiked.data(), count, c.vr);
    pass_clamped(last_spike.data(), t_ref.data(), count, t, clamped.data());
    pass_reset(membrane_v.data(), clamped.data(), count, c.vr);
    pass_last_spike(last_spike.data(), spiked.data(), count, t);
    for (std::int64_t j = 0; j < count && rec.wants_spike_counts(); ++j) {
      spike_counts[j] += spiked[j];
    }
    rec.step(k, membrane_v.data(), spiked.data());
  }
  rec.neuron_totals(spike_counts.data(), last_spike.data());
}

}  // namespace

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kMaskKernel;
const Kernel kMaskKernel{
    .name = "mask",
    .description = "array-at-a-time: one pass per notebook statement with boolean masks",
    .caps = {},
    .run_f64 = run_mask<double>,
    .run_f32 = run_mask<float>,
    .preferred_batch_chunks = 1024,
};

}  // namespace lifbench
