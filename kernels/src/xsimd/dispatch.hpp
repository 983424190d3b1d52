// Runtime dispatch of the xsimd kernel: a table of the compiled ISAs, best first, built once.
// Used by the xsimd and openmp kernels and by the random-number floor (baseline code only).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "entry_points.hpp"
#include "lif_shape.hpp"
#include "lifbench/kernel.hpp"

namespace lifbench::simd {

// One ISA's compiled entry points.
struct IsaEntry {
  Isa isa;
  bool mask_registers;  // AVX-512's mask registers: the refractory test on lane bits
  void (*range_f64)(const RangeCall<double>&);
  void (*range_f32)(const RangeCall<float>&);
  void (*ars_range_f64)(const RangeCall<double>&);  // the ars stream (AES units)
  void (*ars_range_f32)(const RangeCall<float>&);
  double (*floor_f64)(std::uint64_t, std::int64_t, std::int64_t, std::int64_t);
  double (*floor_f32)(std::uint64_t, std::int64_t, std::int64_t, std::int64_t);
  void (*general_words)(std::size_t, const std::uint32_t*, const std::uint32_t*, std::uint32_t*);
  void (*stream_words)(std::uint64_t, std::uint64_t, std::size_t, std::uint32_t, std::uint32_t,
                       std::uint32_t*);
  void (*uniforms_f64)(std::uint64_t, std::uint64_t, std::size_t, std::int64_t, double*);
  void (*uniforms_f32)(std::uint64_t, std::uint64_t, std::size_t, std::int64_t, float*);
};

// The ISAs this CPU supports among those compiled, best first (built on first use).
const std::vector<IsaEntry>& isa_table();

// The entry of `isa` (automatic: the best); throws std::invalid_argument if the CPU lacks it.
const IsaEntry& isa_entry(Isa isa);

// The code paths of the xsimd block loop as run shapes (Kernel::paths of the xsimd and openmp
// kernels): one per BlockPath (block_path.hpp), the general path twice (numpy stream, tiny
// noise); the lane-bits path on the ISA with mask registers only.
extern const std::span<const KernelPath> kBlockPaths;

// Runs the xsimd kernel of one ISA on chunks [chunk_begin, chunk_end), with its own scratch.
template <class T>
void run_xsimd_range(const IsaEntry& entry, const Inputs<T>& in, const Outputs<T>& out,
                     std::int64_t chunk_begin, std::int64_t chunk_end);

}  // namespace lifbench::simd
