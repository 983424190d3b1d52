// The code paths of the xsimd kernel's block loop, and the pure function choosing one per block.
//
// Every block of neurons (lif_shape.hpp) runs on exactly one path; the paths compute the same
// bits (SPEC 1) with different work: docs/architecture.md, "The xsimd kernel's block".
// The kernel descriptors (xsimd_kernel.cpp, openmp.cpp) declare one KernelPath per path, a run
// shape that reaches it, so `lifbench verify` and the tests compare every path with the
// reference (tests/test_kernels_xsimd.cpp checks that each shape really takes its path).
#pragma once

#include <string_view>

#include "block_inputs.hpp"  // InputForm
#include "simd_arch.hpp"     // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// The paths, in the order of the table in docs/architecture.md.
enum class BlockPath {
  tail,       // the last, partial block of a chunk: padded lanes masked out of every output
  rows,       // per-neuron rows recorded (raster, v, spike counts, last spike): output tiles
  lane_bits,  // statistics only, centred inputs, refractory test on lane bits (mask registers)
  centred,    // statistics only, centred inputs, refractory test per lane
  general,    // statistics only, uniforms (numpy stream, or noise too small to centre)
};
inline constexpr int kBlockPathCount = 5;

// The path's name as the kernel descriptors and docs spell it.
constexpr std::string_view block_path_name(BlockPath path) {
  switch (path) {
    case BlockPath::tail:
      return "tail";
    case BlockPath::rows:
      return "rows";
    case BlockPath::lane_bits:
      return "lane bits";
    case BlockPath::centred:
      return "centred";
    case BlockPath::general:
      return "general";
  }
  return "?";
}

// What the choice of a block's path depends on.
struct BlockFacts {
  bool partial;  // fewer live neurons than the block has lanes
  bool rows;     // per-neuron rows recorded
  bool centred;  // philox stream and centred_noise_is_exact (model.hpp)
  bool windows;  // one refractory period and a fresh start: refractory windows given
};

// The path of a block on arch `Arch` (a template only so that each ISA unit compiles its own).
template <class Arch>
constexpr BlockPath select_block_path(const BlockFacts& f) {
  if (f.partial) return BlockPath::tail;
  if (f.rows) return BlockPath::rows;
  if (!f.centred) return BlockPath::general;
  return kHasMaskRegisters<Arch> && f.windows ? BlockPath::lane_bits : BlockPath::centred;
}

// What a path's block loop does, fixed at compile time (lif_block.hpp).
template <BlockPath P>
struct BlockPolicy {
  static constexpr bool kPartial = P == BlockPath::tail;  // lanes beyond `valid` are padding
  static constexpr bool kRows = P == BlockPath::tail || P == BlockPath::rows;  // output tiles
  static constexpr bool kLaneBits = P == BlockPath::lane_bits;  // refractory test on lane bits
  static constexpr InputForm kInputs = P == BlockPath::lane_bits || P == BlockPath::centred
                                           ? InputForm::centred
                                           : InputForm::uniform;
  // May read the materialized matrix (numpy stream): centred inputs imply the philox stream.
  static constexpr bool kMaterialized = kInputs == InputForm::uniform;
  // Needs the block-local tiles (lif_block.hpp SegmentTiles).
  static constexpr bool kTiles = kRows;
};

}  // namespace lifbench::simd
