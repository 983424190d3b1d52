// The shared recording layer: the output contract of kernel.hpp written once.
//
// A kernel computes voltages and spike flags; a RangeRecorder writes them where the
// contract says, in the canonical order of canonical.hpp:
//   - per-neuron arrays at row j - base_neuron: raster, v ([n, K] row-major), neuron_spikes,
//     last_spike_out;
//   - per chunk of the call's range (row c - chunk_begin), per step: chunk_spikes and
//     chunk_vsum (lane j % kSumLanes, neurons in increasing j, lanes folded left to right);
//   - histogram snapshots at snapshot_slot[k] >= 0, column j - chunk_first(chunk_begin);
//   - continuation: where a neuron starts (v0 or el, last_spike0 or -t_ref) and the time of
//     local step k (global step first_step + k).
// A kernel hands over one neuron's whole run (`neuron`: per-neuron loops such as scalar), the
// whole run of a block of neurons (`block`, blocks from for_each_block) or one step of the
// whole range (`step`, steps in increasing order: array-at-a-time loops such as mask);
// one of the three per call.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "lifbench/canonical.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/streams.hpp"

namespace lifbench {

template <class T>
class RangeRecorder {
 public:
  RangeRecorder(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                std::int64_t chunk_end)
      : in_(in),
        out_(out),
        chunk_begin_(chunk_begin),
        first_(chunk_first(chunk_begin)),
        end_(chunk_end > chunk_begin ? chunk_end_neuron(chunk_end - 1, in.neurons) : first_),
        lanes_(static_cast<std::size_t>(in.steps * kSumLanes)) {}

  // Neurons of the range: [first(), end()).
  std::int64_t first() const { return first_; }
  std::int64_t end() const { return end_; }
  std::int64_t steps() const { return in_.steps; }

  // Where neuron j starts: its refractory period, voltage and last spike time.
  T t_ref(std::int64_t j) const { return in_.t_ref[j - in_.base_neuron]; }
  T initial_v(std::int64_t j) const { return in_.v0 ? in_.v0[j - in_.base_neuron] : in_.c.el; }
  T initial_last_spike(std::int64_t j) const {
    return in_.last_spike0 ? in_.last_spike0[j - in_.base_neuron] : -t_ref(j);
  }
  // Time of local step k: global step first_step + k times dt (model.hpp step_time).
  T time(std::int64_t k) const { return step_time(in_.first_step + k, in_.c.dt); }

  // Records neuron j's run: v[k] and spiked[k] (0 or 1) for k < K (k = 0: its start), and
  // its last spike time after the last step. Neurons come in increasing j.
  void neuron(std::int64_t j, const T* v, const std::uint8_t* spiked, T last_spike) {
    block(j, 1, v, spiked, &last_spike);
  }

  // Records the run of neurons [j0, j0 + width), all in one chunk: v[k * width + l] and
  // spiked[k * width + l] for neuron j0 + l at step k (step-major), last_spike[l] after the
  // last step. Blocks come in increasing j0 (for_each_block yields them so).
  void block(std::int64_t j0, std::int64_t width, const T* v, const std::uint8_t* spiked,
             const T* last_spike) {
    const std::int64_t chunk = j0 / kChunk;
    if (chunk != lane_chunk_) begin_chunk(chunk);
    const std::int64_t steps = in_.steps, row0 = j0 - in_.base_neuron;
    std::int64_t* chunk_spikes = chunk_row(out_.chunk_spikes, chunk);
    for (std::int64_t k = 0; k < steps; ++k) {
      const T* v_k = v + k * width;
      const std::uint8_t* spiked_k = spiked + k * width;
      T* lanes = lanes_.data() + k * kSumLanes;
      for (std::int64_t l = 0; l < width; ++l) {
        T& lane = lanes[(j0 + l) % kSumLanes];
        lane = lane + v_k[l];
        if (chunk_spikes) chunk_spikes[k] += spiked_k[l];
      }
      if (out_.snapshot_slot && out_.snapshot_slot[k] >= 0) {
        std::copy(v_k, v_k + width, snapshot(k) + (j0 - first_));
      }
    }
    for (std::int64_t l = 0; l < width; ++l) record_row(row0 + l, width, v + l, spiked + l);
    for (std::int64_t l = 0; l < width && out_.last_spike_out; ++l) {
      out_.last_spike_out[row0 + l] = last_spike[l];
    }
    if (j0 + width == chunk_end_neuron(chunk, in_.neurons)) end_chunk();
  }

  // Records step k of every neuron of the range: v[j - first()], spiked[j - first()].
  void step(std::int64_t k, const T* v, const std::uint8_t* spiked) {
    const std::int64_t steps = in_.steps;
    for (std::int64_t c = first_ / kChunk; c * kChunk < end_; ++c) {
      T lanes[kSumLanes] = {};
      std::int64_t spikes = 0;
      for (std::int64_t j = c * kChunk; j < chunk_end_neuron(c, in_.neurons); ++j) {
        lanes[j % kSumLanes] = lanes[j % kSumLanes] + v[j - first_];
        spikes += spiked[j - first_];
      }
      if (out_.chunk_vsum) chunk_row(out_.chunk_vsum, c)[k] = fold_lanes(lanes);
      if (out_.chunk_spikes) chunk_row(out_.chunk_spikes, c)[k] = spikes;
    }
    const std::int64_t rows = first_ - in_.base_neuron;
    for (std::int64_t i = 0; i < end_ - first_ && out_.raster; ++i) {
      if (spiked[i]) out_.raster[(rows + i) * steps + k] = 1;
    }
    for (std::int64_t i = 0; i < end_ - first_ && out_.v; ++i) {
      out_.v[(rows + i) * steps + k] = v[i];
    }
    if (out_.snapshot_slot && out_.snapshot_slot[k] >= 0) {
      std::copy(v, v + (end_ - first_), snapshot(k));
    }
  }

  // After the last `step`: every neuron's spike count and last spike time ([j - first()]).
  void neuron_totals(const std::int64_t* spike_counts, const T* last_spike) {
    const std::int64_t rows = first_ - in_.base_neuron;
    for (std::int64_t i = 0; i < end_ - first_; ++i) {
      if (out_.neuron_spikes) out_.neuron_spikes[rows + i] = spike_counts[i];
      if (out_.last_spike_out) out_.last_spike_out[rows + i] = last_spike[i];
    }
  }

  // Calls f(j0, width) for the range's blocks of up to `width` neurons, in order; a block
  // never crosses a chunk boundary (the last block of a chunk may be narrower).
  template <class F>
  void for_each_block(std::int64_t width, F&& f) const {
    for (std::int64_t c = first_ / kChunk; c * kChunk < end_; ++c) {
      const std::int64_t chunk_end = chunk_end_neuron(c, in_.neurons);
      for (std::int64_t j0 = c * kChunk; j0 < chunk_end; j0 += width) {
        f(j0, std::min(width, chunk_end - j0));
      }
    }
  }

  // Whether per-neuron spike counts are wanted (a step-at-a-time kernel keeps them only then).
  bool wants_spike_counts() const { return out_.neuron_spikes != nullptr; }

 private:
  // Row of chunk c in a per-chunk output ([chunks * K]), or null if not recorded.
  template <class U>
  U* chunk_row(U* array, std::int64_t c) const {
    return array ? array + (c - chunk_begin_) * in_.steps : nullptr;
  }
  T* snapshot(std::int64_t k) const {
    return out_.snapshots + out_.snapshot_slot[k] * out_.snapshot_stride;
  }
  // One neuron's raster and v rows and spike count from its strided step values.
  void record_row(std::int64_t row, std::int64_t stride, const T* v, const std::uint8_t* spiked) {
    const std::int64_t steps = in_.steps;
    std::int64_t spikes = 0;
    std::uint8_t* raster = out_.raster ? out_.raster + row * steps : nullptr;
    T* v_row = out_.v ? out_.v + row * steps : nullptr;
    for (std::int64_t k = 0; k < steps; ++k) {
      spikes += spiked[k * stride];
      if (raster) raster[k] = spiked[k * stride];
      if (v_row) v_row[k] = v[k * stride];
    }
    if (out_.neuron_spikes) out_.neuron_spikes[row] = spikes;
  }
  void begin_chunk(std::int64_t c) {
    std::fill(lanes_.begin(), lanes_.end(), T(0));
    lane_chunk_ = c;
  }
  // The finished chunk's canonical voltage sums.
  void end_chunk() {
    double* vsum = chunk_row(out_.chunk_vsum, lane_chunk_);
    for (std::int64_t k = 0; k < in_.steps && vsum; ++k) {
      vsum[k] = fold_lanes(lanes_.data() + k * kSumLanes);
    }
    lane_chunk_ = -1;
  }

  const Inputs<T>& in_;
  const Outputs<T>& out_;
  std::int64_t chunk_begin_, first_, end_;
  std::vector<T> lanes_;  // [K * kSumLanes] of the chunk `neuron` is in
  std::int64_t lane_chunk_ = -1;
};

// The input current of one neuron, step after step, from either stream (SPEC 2): the
// materialized matrix (numpy, read through Inputs::current_at) or the words of a
// counter-based stream, drawn once per block.
template <class T>
class NeuronInputs {
 public:
  NeuronInputs(const Inputs<T>& in, std::int64_t j) : in_(in), j_(j) {}

  // I[j, k] for local step k >= 1; steps come in increasing order.
  T current(std::int64_t k) {
    if (in_.stream == Stream::numpy) return *in_.current_at(j_, k);
    const std::int64_t global_k = in_.first_step + k;
    const std::int64_t block = global_k / kStepsPerCounter;
    if (block != block_) {
      words_ = stream_words(in_.stream, in_.seed, static_cast<std::uint64_t>(j_),
                            static_cast<std::uint32_t>(block), kDomainUniform);
      block_ = block;
    }
    return input_current(uniform_of_step<T>(words_, global_k), in_.c);
  }

 private:
  const Inputs<T>& in_;
  std::int64_t j_;
  std::int64_t block_ = -1;
  CounterWords words_{};
};

}  // namespace lifbench
