// The baseline code of the block kernels (autovec, stdsimd): picks the ISA unit, prepares
// every block's start state from the recording layer, runs it (block_job.hpp) and records it.
//
// Two recordings: with rows (raster, v, per-neuron totals) a block's steps go to tiles that
// RangeRecorder::block records; statistics only, the block adds its lane sums and spike
// counts to the chunk's rows itself (the path benchmarks measure) and this file folds the
// lanes in the canonical order (canonical.hpp).
#pragma once

#include <algorithm>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "block_job.hpp"
#include "lifbench/canonical.hpp"
#include "lifbench/record.hpp"

namespace lifbench::blocks {

// One ISA unit's entry points.
struct BlockUnit {
  Isa isa;
  int block_neurons;
  void (*block_f64)(const BlockJob<double>&);
  void (*block_f32)(const BlockJob<float>&);
};

// The unit of `isa` among `units` (automatic: the best this CPU runs); throws if the CPU lacks it.
inline const BlockUnit& unit_for(std::span<const BlockUnit> units, Isa isa,
                                 std::string_view kernel) {
  for (const BlockUnit& e : units) {
    if ((isa == Isa::automatic || e.isa == isa) && cpu_supports(e.isa)) return e;
  }
  throw std::invalid_argument("the " + std::string(kernel) + " kernel can't run ISA " +
                              std::string(to_string(isa)) + " on this CPU");
}

// The entry's block function of precision T.
template <class T>
auto block_function(const BlockUnit& e) {
  if constexpr (sizeof(T) == 8) {
    return e.block_f64;
  } else {
    return e.block_f32;
  }
}

// The block job's share of the range's scratch: start state, tiles, the chunk's lane sums.
template <class T>
struct Scratch {
  std::vector<T> step_times, v0, last0, t_ref, last_out, v_tile, lane_sums;
  std::vector<std::uint8_t> spike_tile;
  std::vector<std::int64_t> spike_counts;  // chunk spike counts nobody asked for
};

// The range's blocks in order on one ISA unit (the RunFn of a block kernel, once its unit is
// chosen).
template <class T>
void run_range(const BlockUnit& entry, const Inputs<T>& in, const Outputs<T>& out,
               std::int64_t chunk_begin, std::int64_t chunk_end) {
  if (in.steps <= 0 || chunk_end <= chunk_begin) return;
  auto* const run_block = block_function<T>(entry);
  const std::int64_t steps = in.steps;
  const auto width_max = static_cast<std::size_t>(entry.block_neurons);
  const bool rows = out.raster || out.v || out.neuron_spikes || out.last_spike_out;
  RangeRecorder<T> rec(in, out, chunk_begin, chunk_end);
  Scratch<T> s;
  s.step_times.resize(static_cast<std::size_t>(steps));
  for (std::int64_t k = 0; k < steps; ++k) s.step_times[k] = rec.time(k);
  for (auto* v : {&s.v0, &s.last0, &s.t_ref, &s.last_out}) v->resize(width_max);
  if (rows) {
    s.v_tile.resize(static_cast<std::size_t>(steps) * width_max);
    s.spike_tile.resize(s.v_tile.size());
  } else {
    s.lane_sums.resize(static_cast<std::size_t>(steps * kSumLanes));
    s.spike_counts.resize(static_cast<std::size_t>(steps));
  }
  BlockJob<T> job{};
  job.in = &in;
  job.step_times = s.step_times.data();
  job.v0 = s.v0.data();
  job.last0 = s.last0.data();
  job.t_ref = s.t_ref.data();
  job.last_out = s.last_out.data();
  job.snapshot_slot = out.snapshot_slot;
  job.snapshot_stride = out.snapshot_stride;
  rec.for_each_block(entry.block_neurons, [&](std::int64_t j0, std::int64_t width) {
    for (std::int64_t l = 0; l < entry.block_neurons; ++l) {  // padded: v el, t_ref 0
      const bool live = l < width;
      s.v0[l] = live ? rec.initial_v(j0 + l) : in.c.el;
      s.last0[l] = live ? rec.initial_last_spike(j0 + l) : T(0);
      s.t_ref[l] = live ? rec.t_ref(j0 + l) : T(0);
    }
    job.j0 = j0;
    job.width = static_cast<int>(width);
    if (rows) {
      job.v_tile = s.v_tile.data();
      job.spike_tile = s.spike_tile.data();
      run_block(job);
      rec.block(j0, width, s.v_tile.data(), s.spike_tile.data(), s.last_out.data());
      return;
    }
    const std::int64_t chunk = j0 / kChunk;
    const std::int64_t row = (chunk - chunk_begin) * steps;
    if (j0 == chunk_first(chunk)) {  // a chunk begins: its lane sums and counts from zero
      std::fill(s.lane_sums.begin(), s.lane_sums.end(), T(0));
      job.lane_sums = s.lane_sums.data();
      job.chunk_spikes = out.chunk_spikes ? out.chunk_spikes + row : s.spike_counts.data();
      std::fill(job.chunk_spikes, job.chunk_spikes + steps, 0);
    }
    job.snapshot_column = out.snapshots ? out.snapshots + (j0 - rec.first()) : nullptr;
    run_block(job);
    if (out.chunk_vsum && j0 + width == chunk_end_neuron(chunk, in.neurons)) {
      for (std::int64_t k = 0; k < steps; ++k) {
        out.chunk_vsum[row + k] = fold_lanes(s.lane_sums.data() + k * kSumLanes);
      }
    }
  });
}

// The code paths beyond the ordinary (everything recorded) cases: statistics only.
inline constexpr KernelPath kStatisticsPaths[] = {
    {.name = "stats-only", .stream = Stream::philox},
    {.name = "stats-only-numpy", .stream = Stream::numpy},
    {.name = "stats-only-tail", .stream = Stream::philox, .partial_block = true},
};

}  // namespace lifbench::blocks
