// The ars stream's test and bench helpers (declared in ars_entry_points.hpp): its SIMD words
// alone, for tests against Random123 (lifbench/ars_lanes.hpp), and the random-number floor.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ars_entry_points.hpp"
#include "ars_simd.hpp"
#include "lifbench/philox.hpp"  // kDomainUniform (its inline functions stay unused here)
#include "simd_arch.hpp"        // first: it includes xsimd and the intrinsics
#include "uniforms32.hpp"

namespace lifbench::simd {

template <class Arch>
void ars_stream_lanes(const ArsKeySchedule& keys, std::uint64_t j_first, std::size_t count,
                      std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  using U = u32_batch<Arch>;
  constexpr std::size_t kL = U::size;
  for (std::size_t first = 0; first < count; first += kL) {
    U w[4];
    ars_stream_words<Arch>(keys, block, j_first + first, domain, w);
    alignas(64) std::uint32_t lanes[4][kL];
    for (int i = 0; i < 4; ++i) w[i].store_aligned(lanes[i]);
    for (std::size_t l = 0; l < kL && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) words[(first + l) * 4 + i] = lanes[i][l];
    }
  }
}

// The floor's shape: kGroups word batches of neurons go through the blocks together (their
// AES rounds are independent, so they overlap), each adding its uniforms into its own sums.
template <class Arch, class T>
struct ArsFloorShape {
  using Batch = xsimd::batch<T, Arch>;
  static constexpr int kGroups = 4;
  static constexpr int kWordLanes = static_cast<int>(u32_batch<Arch>::size);
  static constexpr int kNeurons = kGroups * kWordLanes;  // 64, 32, 16: divides 64
  static constexpr int kSumsPerGroup = sizeof(T) == 8 ? 2 : 1;
  static constexpr int kSums = kGroups * kSumsPerGroup;  // sum s: neurons s L .. s L + L - 1
};

// Adds the uniforms of steps 4 block .. 4 block + kWords - 1 of neurons j0 .. j0 + kNeurons - 1
// to sum (kWords < 4: the last, partial block).
template <class Arch, class T, int kWords>
inline void ars_floor_block(const ArsRoundKeys& keys, std::uint32_t block, std::uint64_t j0,
                            typename ArsFloorShape<Arch, T>::Batch* sum) {
  using S = ArsFloorShape<Arch, T>;
  u32_batch<Arch> w[S::kGroups][4];
  for (int g = 0; g < S::kGroups; ++g) {
    ars_stream_words<Arch>(keys, block, j0 + g * S::kWordLanes, kDomainUniform, w[g]);
  }
  for (int g = 0; g < S::kGroups; ++g) {
    for (int i = 0; i < kWords; ++i) {
      if constexpr (sizeof(T) == 8) {
        typename S::Batch low, high;
        uniforms32_f64<Arch>(w[g][i], low, high);
        sum[2 * g] += low;
        sum[2 * g + 1] += high;
      } else {
        sum[g] += uniforms24_f32<Arch>(w[g][i]);
      }
    }
  }
}

// The sums' lanes of neurons below j_end (sum s, lane m: neuron j0 + s L + m), in double.
template <class Arch, class T>
inline double ars_floor_total(const typename ArsFloorShape<Arch, T>::Batch* sum, std::int64_t j0,
                              std::int64_t j_end) {
  using S = ArsFloorShape<Arch, T>;
  constexpr std::int64_t kLanes = S::Batch::size;
  double total = 0.0;
  for (int s = 0; s < S::kSums; ++s) {
    alignas(64) T lanes[kLanes];
    sum[s].store_aligned(lanes);
    for (std::int64_t m = 0; m < kLanes && j0 + s * kLanes + m < j_end; ++m) {
      total += static_cast<double>(lanes[m]);
    }
  }
  return total;
}

template <class Arch, class T>
double ars_floor_range(std::uint64_t seed, std::int64_t j_begin, std::int64_t j_end,
                       std::int64_t steps) {
  using S = ArsFloorShape<Arch, T>;
  const ArsRoundKeys keys = ArsRoundKeys::from_seed(seed);
  const std::int64_t full_blocks = steps / kArsStepsPerBlock;
  const std::int64_t rest = steps % kArsStepsPerBlock;
  double checksum = 0.0;
  for (std::int64_t j0 = j_begin; j0 < j_end; j0 += S::kNeurons) {
    const auto j = static_cast<std::uint64_t>(j0);
    typename S::Batch sum[S::kSums];
    for (auto& s : sum) s = typename S::Batch(T(0));
    for (std::int64_t b = 0; b < full_blocks; ++b) {
      ars_floor_block<Arch, T, 4>(keys, static_cast<std::uint32_t>(b), j, sum);
    }
    const auto last = static_cast<std::uint32_t>(full_blocks);
    if (rest == 1) ars_floor_block<Arch, T, 1>(keys, last, j, sum);
    if (rest == 2) ars_floor_block<Arch, T, 2>(keys, last, j, sum);
    if (rest == 3) ars_floor_block<Arch, T, 3>(keys, last, j, sum);
    checksum += ars_floor_total<Arch, T>(sum, j0, j_end);
  }
  return checksum;
}

}  // namespace lifbench::simd
