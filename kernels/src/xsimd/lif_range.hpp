// The xsimd kernel's range loop: chunks of a call, blocks of a chunk, one path per block.
#pragma once

#include <cstdint>

#include "block_inputs.hpp"
#include "block_path.hpp"
#include "entry_points.hpp"
#include "lif_block.hpp"
#include "lif_shape.hpp"
#include "lifbench/kernel.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {
namespace detail {

// Runs one block on `path` (the keys of the path's input form).
template <class Arch, class T, class G>
void run_block_on(BlockPath path, const BlockPlan<T>& plan, const BatchConstants<Arch, T>& bc,
                  const StreamKeys<G>& keys, std::int64_t j0, int valid) {
  switch (path) {
    case BlockPath::tail:
      run_block<Arch, T, BlockPath::tail, G>(plan, bc, keys.of(InputForm::uniform), j0, valid);
      break;
    case BlockPath::rows:
      run_block<Arch, T, BlockPath::rows, G>(plan, bc, keys.of(InputForm::uniform), j0, valid);
      break;
    case BlockPath::lane_bits:
      if constexpr (kHasMaskRegisters<Arch>) {
        run_block<Arch, T, BlockPath::lane_bits, G>(plan, bc, keys.of(InputForm::centred), j0,
                                                    valid);
      }
      break;
    case BlockPath::centred:
      run_block<Arch, T, BlockPath::centred, G>(plan, bc, keys.of(InputForm::centred), j0, valid);
      break;
    case BlockPath::general:
      run_block<Arch, T, BlockPath::general, G>(plan, bc, keys.of(InputForm::uniform), j0, valid);
      break;
  }
}

// The blocks of chunk `chunk`, each on the path select_block_path gives it (counted in
// call.block_paths).
template <class Arch, class T, class G>
void run_chunk_blocks(const RangeCall<T>& call, const BlockPlan<T>& plan,
                      const BatchConstants<Arch, T>& bc, const StreamKeys<G>& keys,
                      std::int64_t chunk) {
  using Shape = LifShape<Arch, T>;
  const std::int64_t end = chunk_end_neuron(chunk, call.in->neurons);
  for (std::int64_t j0 = chunk_first(chunk); j0 < end; j0 += Shape::kNeurons) {
    const int valid = end - j0 < Shape::kNeurons ? static_cast<int>(end - j0) : Shape::kNeurons;
    const BlockPath path = select_block_path<Arch>({.partial = valid < Shape::kNeurons,
                                                    .rows = plan.rows,
                                                    .centred = call.centred,
                                                    .windows = call.clamp_end != nullptr});
    ++call.block_paths[static_cast<int>(path)];
    run_block_on<Arch, T, G>(path, plan, bc, keys, j0, valid);
  }
}

// The chunk's voltage sums from its lane sums (canonical.hpp fold_lanes: left to right in T,
// then widened). A template on the arch like everything an ISA unit compiles (entry_points.hpp).
template <class Arch, class T>
void fold_chunk_sums(const RangeCall<T>& call, std::int64_t chunk_row) {
  const std::int64_t steps = call.in->steps;
  for (std::int64_t k = 0; k < steps; ++k) {
    T sum = T(0);
    for (std::int64_t l = 0; l < kSumLanes; ++l) sum = sum + call.lane_sums[k * kSumLanes + l];
    call.out->chunk_vsum[chunk_row * steps + k] = static_cast<double>(sum);
  }
}

// Simulates chunks [chunk_begin, chunk_end) with generator G for counter-based streams.
template <class Arch, class T, class G>
void lif_range_with(const RangeCall<T>& call) {
  const Inputs<T>& in = *call.in;
  const Outputs<T>& out = *call.out;
  const std::int64_t steps = in.steps;
  const BatchConstants<Arch, T> bc(in.c);
  const StreamKeys<G> keys(in.seed);
  for (std::int64_t k = 0; k < steps; ++k) {  // model.hpp step_time of global step first + k
    call.step_times[k] = static_cast<T>(in.first_step + k) * in.c.dt;
  }
  BlockPlan<T> plan{&in,
                    &out,
                    call.step_times,
                    call.lane_sums,
                    nullptr,
                    chunk_first(call.chunk_begin),
                    out.raster != nullptr || out.v != nullptr || out.neuron_spikes != nullptr ||
                        out.last_spike_out != nullptr,
                    call.clamp_end,
                    call.clamp_ring,
                    call.clamp_ring_size - 1};
  for (std::int64_t chunk = call.chunk_begin; chunk < call.chunk_end; ++chunk) {
    const std::int64_t chunk_row = chunk - call.chunk_begin;
    for (std::int64_t i = 0; i < steps * kSumLanes; ++i) call.lane_sums[i] = T(0);
    plan.chunk_spikes =
        out.chunk_spikes ? out.chunk_spikes + chunk_row * steps : call.spike_scratch;
    for (std::int64_t k = 0; k < steps; ++k) plan.chunk_spikes[k] = 0;
    run_chunk_blocks<Arch, T, G>(call, plan, bc, keys, chunk);
    if (out.chunk_vsum) fold_chunk_sums<Arch, T>(call, chunk_row);
  }
}

}  // namespace detail

template <class Arch, class T>
void lif_range(const RangeCall<T>& call) {
  detail::lif_range_with<Arch, T, PhiloxGenerator>(call);
}

}  // namespace lifbench::simd
