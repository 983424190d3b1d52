// Test hooks of the xsimd kernel's block loop (kernels/src/xsimd/block_path.hpp), for the
// tests only (tests/test_kernels_xsimd.cpp): which code path the blocks of a run took.
// Not part of the library's interface; nothing outside tests/ includes this header.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "lifbench/kernel.hpp"

namespace lifbench::testing {

// The KernelPath list of the kernels that run the xsimd block loop (the xsimd and openmp
// kernels' Kernel::paths point at it).
std::span<const KernelPath> xsimd_declared_paths();

// The block path a declared path's run shape is meant to reach ("tail", "rows", "lane bits",
// "centred", "general"); throws std::invalid_argument for a path not in the list above.
std::string_view xsimd_block_path_of(const KernelPath& declared);

// Blocks the xsimd block loop ran on one path.
struct BlockPathCount {
  std::string_view path;  // as xsimd_block_path_of names it
  std::int64_t blocks;
};

// Blocks run on every path since the last reset, all threads and ISAs together, in the
// order of the paths. The blocks of a call are counted in its scratch and added to these
// totals once per call (nothing per step, one increment per block).
std::vector<BlockPathCount> xsimd_block_path_counts();
void reset_xsimd_block_path_counts();

}  // namespace lifbench::testing
