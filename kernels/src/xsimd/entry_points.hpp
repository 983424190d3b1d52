// The entry points every ISA unit of the xsimd kernel compiles (lif_unit.hpp defines them,
// lif_<isa>.cpp instantiates them), declared for the baseline code that dispatches to them.
//
// Everything an ISA unit compiles is a template on the xsimd arch (the entry points are
// defined out of line and not inline, with extern template declarations below), so no
// inline function compiled with one ISA's flags can be merged into another ISA's code.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lifbench/kernel.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// One range call, plain data (scratch memory and the facts the baseline code decides come
// from the dispatcher, run_xsimd_range in xsimd_kernel.cpp).
template <class T>
struct RangeCall {
  const Inputs<T>* in;
  const Outputs<T>* out;
  std::int64_t chunk_begin;
  std::int64_t chunk_end;
  T* lane_sums;                 // scratch [steps * kSumLanes]
  T* step_times;                // scratch [steps]
  std::int64_t* spike_scratch;  // scratch [steps] (chunk spike counts nobody asked for)
  // The refractory windows (refractory_windows in dispatch.hpp) when every neuron of the
  // range has the same refractory period and starts fresh, else null.
  const std::int64_t* clamp_end;  // [steps]
  std::uint64_t* clamp_ring;      // scratch [clamp_ring_size], a power of two
  std::int64_t clamp_ring_size;
  bool centred;               // philox stream and centred_noise_is_exact(noise) (model.hpp)
  std::int64_t* block_paths;  // [kBlockPathCount] blocks run per BlockPath, added to
};

// Simulates chunks [chunk_begin, chunk_end) (the contract of RunFn in kernel.hpp).
template <class Arch, class T>
void lif_range(const RangeCall<T>& call);

// The test and bench helpers (philox_helpers.hpp).

// The Philox random-number floor: the uniforms the fused kernel consumes for neurons
// [j_begin, j_end) x steps 0 .. steps-1 (rounded up to whole Philox blocks), summed.
template <class Arch, class T>
double philox_floor_range(std::uint64_t seed, std::int64_t j_begin, std::int64_t j_end,
                          std::int64_t steps);

// words[i] = philox4x32_10(counters[i], keys[i]) for i < count (4, 2 and 4 words each).
template <class Arch>
void philox_general_lanes(std::size_t count, const std::uint32_t* counters,
                          const std::uint32_t* keys, std::uint32_t* words);

// Stream words (counter {block, j, j >> 32, domain}) of neurons j_first .. +count-1 in the
// fused kernel's form; j_first must be a multiple of the uint32 lane count.
template <class Arch>
void philox_stream_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                         std::uint32_t block, std::uint32_t domain, std::uint32_t* words);

// u[j, k] of neurons j_first .. +count-1 through the SIMD conversion (j_first a multiple of
// the block size).
template <class Arch, class T>
void philox_uniform_lanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, T* u);

// Each ISA unit instantiates the entry points for its arch (LIFBENCH_XSIMD_INSTANTIATE);
// every other unit only refers to them (the extern declarations below). ARCH is a type in a
// template argument list, where parentheses are not allowed.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define LIFBENCH_XSIMD_ENTRY_POINTS(PREFIX, ARCH)                                                 \
  PREFIX void lif_range<ARCH, double>(const RangeCall<double>&);                                  \
  PREFIX void lif_range<ARCH, float>(const RangeCall<float>&);                                    \
  PREFIX double philox_floor_range<ARCH, double>(std::uint64_t, std::int64_t, std::int64_t,       \
                                                 std::int64_t);                                   \
  PREFIX double philox_floor_range<ARCH, float>(std::uint64_t, std::int64_t, std::int64_t,        \
                                                std::int64_t);                                    \
  PREFIX void philox_general_lanes<ARCH>(std::size_t, const std::uint32_t*, const std::uint32_t*, \
                                         std::uint32_t*);                                         \
  PREFIX void philox_stream_lanes<ARCH>(std::uint64_t, std::uint64_t, std::size_t, std::uint32_t, \
                                        std::uint32_t, std::uint32_t*);                           \
  PREFIX void philox_uniform_lanes<ARCH, double>(std::uint64_t, std::uint64_t, std::size_t,       \
                                                 std::int64_t, double*);                          \
  PREFIX void philox_uniform_lanes<ARCH, float>(std::uint64_t, std::uint64_t, std::size_t,        \
                                                std::int64_t, float*);
#define LIFBENCH_XSIMD_INSTANTIATE(ARCH) LIFBENCH_XSIMD_ENTRY_POINTS(template, ARCH)
// NOLINTEND(bugprone-macro-parentheses)

#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(LIFBENCH_XSIMD_ENTRY_POINTS(extern template, xsimd::arch))
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

}  // namespace lifbench::simd
