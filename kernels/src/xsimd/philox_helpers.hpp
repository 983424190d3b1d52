// The xsimd kernel's test and bench helpers (declared in entry_points.hpp): its SIMD Philox
// and uniform conversion alone, for tests against Random123 (lifbench/philox_lanes.hpp) and
// the random-number floor benchmark (lifbench/rng_floor.hpp). Not used by the kernel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "block_inputs.hpp"
#include "entry_points.hpp"
#include "lif_shape.hpp"
#include "philox_simd.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

template <class Arch, class T>
double philox_floor_range(std::uint64_t seed, std::int64_t j_begin, std::int64_t j_end,
                          std::int64_t steps) {
  using Shape = LifShape<Arch, T>;
  using Batch = typename Shape::Batch;
  constexpr int kPhiloxBatches = Shape::kPhiloxBatches;
  constexpr int kBatches = Shape::kBatches;
  constexpr int kStepsPerWords = Shape::kStepsPerWords;
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(seed);
  Batch checksum(T(0));
  const std::int64_t blocks = (steps + kStepsPerWords - 1) / kStepsPerWords;
  for (std::int64_t j0 = j_begin; j0 < j_end; j0 += Shape::kNeurons) {
    xsimd::batch<std::uint32_t, Arch> j_lo[kPhiloxBatches];
    for (int p = 0; p < kPhiloxBatches; ++p) {
      j_lo[p] = lane_counter<Arch>(static_cast<std::uint32_t>(j0 + p * Shape::kWordLanes));
    }
    const auto j_hi = static_cast<std::uint32_t>(static_cast<std::uint64_t>(j0) >> 32);
    Batch sum[kBatches];
    for (auto& s : sum) s = Batch(T(0));
    for (std::int64_t block = 0; block < blocks; ++block) {
      Batch u[kStepsPerWords][kBatches];
      block_uniforms<Arch, T>(keys, static_cast<std::uint32_t>(block), j_lo, j_hi,
                              static_cast<std::uint64_t>(j0), u);
      for (int i = 0; i < kStepsPerWords; ++i) {
        for (int b = 0; b < kBatches; ++b) sum[b] = sum[b] + u[i][b];
      }
    }
    for (int b = 0; b < kBatches; ++b) checksum = checksum + sum[b];
  }
  alignas(64) T lanes[Batch::size];
  checksum.store_aligned(lanes);
  double total = 0.0;
  for (std::size_t l = 0; l < Batch::size; ++l) total += static_cast<double>(lanes[l]);
  return total;
}

template <class Arch>
void philox_general_lanes(std::size_t count, const std::uint32_t* counters,
                          const std::uint32_t* keys, std::uint32_t* words) {
  using U = xsimd::batch<std::uint32_t, Arch>;
  constexpr std::size_t kL = U::size;
  for (std::size_t first = 0; first < count; first += kL) {
    alignas(64) std::uint32_t lanes[6][kL] = {};
    for (std::size_t l = 0; l < kL && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) lanes[i][l] = counters[(first + l) * 4 + i];
      for (int i = 0; i < 2; ++i) lanes[4 + i][l] = keys[(first + l) * 2 + i];
    }
    U x[4];
    for (int i = 0; i < 4; ++i) x[i] = U::load_aligned(lanes[i]);
    philox4x32_10<Arch>(x, U::load_aligned(lanes[4]), U::load_aligned(lanes[5]));
    for (int i = 0; i < 4; ++i) x[i].store_aligned(lanes[i]);
    for (std::size_t l = 0; l < kL && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) words[(first + l) * 4 + i] = lanes[i][l];
    }
  }
}

template <class Arch>
void philox_stream_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                         std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  using U = xsimd::batch<std::uint32_t, Arch>;
  constexpr std::size_t kL = U::size;
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(seed);
  for (std::size_t first = 0; first < count; first += kL) {
    const std::uint64_t j = j_first + first;
    U w[4];
    philox_stream_words<Arch>(keys, block, lane_counter<Arch>(static_cast<std::uint32_t>(j)),
                              static_cast<std::uint32_t>(j >> 32), domain, w);
    alignas(64) std::uint32_t lanes[4][kL];
    for (int i = 0; i < 4; ++i) w[i].store_aligned(lanes[i]);
    for (std::size_t l = 0; l < kL && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) words[(first + l) * 4 + i] = lanes[i][l];
    }
  }
}

template <class Arch, class T>
void philox_uniform_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, T* u) {
  using Shape = LifShape<Arch, T>;
  using Batch = typename Shape::Batch;
  const PhiloxRoundKeys keys = PhiloxRoundKeys::from_seed(seed);
  const auto block = static_cast<std::uint32_t>(k / Shape::kStepsPerWords);
  for (std::size_t first = 0; first < count; first += Shape::kNeurons) {
    const std::uint64_t j = j_first + first;
    xsimd::batch<std::uint32_t, Arch> j_lo[Shape::kPhiloxBatches];
    for (int p = 0; p < Shape::kPhiloxBatches; ++p) {
      j_lo[p] = lane_counter<Arch>(static_cast<std::uint32_t>(j + p * Shape::kWordLanes));
    }
    Batch step_u[Shape::kStepsPerWords][Shape::kBatches];
    block_uniforms<Arch, T>(keys, block, j_lo, static_cast<std::uint32_t>(j >> 32), j, step_u);
    alignas(64) T lanes[Shape::kNeurons];
    for (int b = 0; b < Shape::kBatches; ++b) {
      step_u[k % Shape::kStepsPerWords][b].store_aligned(lanes + b * Shape::kLanes);
    }
    for (std::size_t l = 0; l < static_cast<std::size_t>(Shape::kNeurons) && first + l < count;
         ++l) {
      u[first + l] = lanes[l];
    }
  }
}

}  // namespace lifbench::simd
