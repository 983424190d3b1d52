// The `xsimd` kernel's dispatcher (baseline flags): picks the ISA unit, owns the scratch.
#include <array>
#include <atomic>
#include <stdexcept>
#include <string>
#include <vector>

#include "../release_ring.hpp"
#include "block_path.hpp"
#include "dispatch.hpp"
#include "lifbench/philox_lanes.hpp"
#include "lifbench/rng_floor.hpp"
#include "lifbench/streams.hpp"
#include "lifbench/testing/xsimd_hooks.hpp"

namespace lifbench {
namespace simd {
namespace {

// The entry points of one arch.
template <class Arch>
IsaEntry entry_for(Isa isa) {
  return IsaEntry{isa,
                  kHasMaskRegisters<Arch>,
                  &lif_range<Arch, double>,
                  &lif_range<Arch, float>,
                  &philox_floor_range<Arch, double>,
                  &philox_floor_range<Arch, float>,
                  &philox_general_lanes<Arch>,
                  &philox_stream_lanes<Arch>,
                  &philox_uniform_lanes<Arch, double>,
                  &philox_uniform_lanes<Arch, float>};
}

}  // namespace

const std::vector<IsaEntry>& isa_table() {
  static const std::vector<IsaEntry> table = [] {
    std::vector<IsaEntry> entries;
    // Every row of the ISA table, best first; the rows this CPU supports.
    for (const IsaEntry& e : {
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(entry_for<xsimd::arch>(Isa::name), )
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
         }) {
      if (cpu_supports(e.isa)) entries.push_back(e);
    }
    return entries;
  }();
  return table;
}

const IsaEntry& isa_entry(Isa isa) {
  for (const IsaEntry& e : isa_table()) {
    if (isa == Isa::automatic || e.isa == isa) return e;
  }
  throw std::invalid_argument("the xsimd kernel can't run ISA " + std::string(to_string(isa)) +
                              " on this CPU");
}

namespace {

// The ISA of the table whose arch has mask registers (the lane-bits path), automatic if none.
constexpr Isa mask_register_isa() {
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(if (kHasMaskRegisters<xsimd::arch>) return Isa::name;)
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
  return Isa::automatic;
}

// A run shape (the cases `lifbench verify` builds from it) and the block path it reaches.
struct DeclaredPath {
  BlockPath block_path;
  KernelPath shape;
};

constexpr std::array kDeclaredPaths{
    DeclaredPath{BlockPath::tail,
                 {.name = block_path_name(BlockPath::tail), .partial_block = true}},
    DeclaredPath{BlockPath::rows, {.name = block_path_name(BlockPath::rows), .records_rows = true}},
    DeclaredPath{BlockPath::lane_bits,  // a fixed refractory period, statistics only, philox
                 {.name = block_path_name(BlockPath::lane_bits), .only_isa = mask_register_isa()}},
    DeclaredPath{BlockPath::centred,
                 {.name = block_path_name(BlockPath::centred), .random_t_ref = true}},
    DeclaredPath{BlockPath::general,
                 {.name = block_path_name(BlockPath::general), .stream = Stream::numpy}},
    DeclaredPath{BlockPath::general, {.name = "tiny noise", .tiny_noise = true}},
};

// Without an ISA that has mask registers the lane-bits path does not exist.
constexpr bool kLaneBitsExist = mask_register_isa() != Isa::automatic;

constexpr auto kPathShapes = [] {
  std::array<KernelPath, kDeclaredPaths.size() - (kLaneBitsExist ? 0 : 1)> shapes{};
  std::size_t i = 0;
  for (const DeclaredPath& d : kDeclaredPaths) {
    if (kLaneBitsExist || d.block_path != BlockPath::lane_bits) shapes[i++] = d.shape;
  }
  return shapes;
}();

}  // namespace

constexpr std::span<const KernelPath> kBlockPaths{kPathShapes};

namespace {

// Blocks run per BlockPath since the last reset (the test hook xsimd_block_path_counts).
std::array<std::atomic<std::int64_t>, kBlockPathCount> g_block_paths{};

// Adds one call's block counts to the totals.
void add_block_paths(const std::int64_t (&blocks)[kBlockPathCount]) {
  for (int p = 0; p < kBlockPathCount; ++p) {
    if (blocks[p] != 0) g_block_paths[p].fetch_add(blocks[p], std::memory_order_relaxed);
  }
}

}  // namespace

template <class T>
void run_xsimd_range(const IsaEntry& entry, const Inputs<T>& in, const Outputs<T>& out,
                     std::int64_t chunk_begin, std::int64_t chunk_end) {
  if (chunk_end <= chunk_begin) return;
  std::vector<T> scratch(static_cast<std::size_t>(in.steps * (kSumLanes + 1)));
  std::vector<std::int64_t> spike_scratch(static_cast<std::size_t>(in.steps));
  std::int64_t block_paths[kBlockPathCount] = {};
  // The refractory windows, when one refractory period serves the whole range, for the
  // only path that reads them (mask registers, philox stream, fresh start).
  ReleaseRing ring;
  if (entry.mask_registers && counter_based(in.stream)) {
    ring = release_ring(in, chunk_begin, chunk_end);
  }
  const RangeCall<T> call{&in,
                          &out,
                          chunk_begin,
                          chunk_end,
                          scratch.data(),
                          scratch.data() + in.steps * kSumLanes,
                          spike_scratch.data(),
                          ring.clamp_end.empty() ? nullptr : ring.clamp_end.data(),
                          ring.slots.data(),
                          static_cast<std::int64_t>(ring.slots.size()),
                          counter_based(in.stream) && centred_noise_is_exact(in.c.noise),
                          block_paths};
  if constexpr (sizeof(T) == 8) {
    entry.range_f64(call);
  } else {
    entry.range_f32(call);
  }
  add_block_paths(block_paths);
}
template void run_xsimd_range(const IsaEntry&, const Inputs<double>&, const Outputs<double>&,
                              std::int64_t, std::int64_t);
template void run_xsimd_range(const IsaEntry&, const Inputs<float>&, const Outputs<float>&,
                              std::int64_t, std::int64_t);

}  // namespace simd

namespace testing {

std::span<const KernelPath> xsimd_declared_paths() { return simd::kBlockPaths; }

std::string_view xsimd_block_path_of(const KernelPath& declared) {
  for (const simd::DeclaredPath& d : simd::kDeclaredPaths) {
    if (d.shape.name == declared.name) return simd::block_path_name(d.block_path);
  }
  throw std::invalid_argument("not a path of the xsimd block loop: " + std::string(declared.name));
}

std::vector<BlockPathCount> xsimd_block_path_counts() {
  std::vector<BlockPathCount> counts;
  counts.reserve(simd::kBlockPathCount);
  for (int p = 0; p < simd::kBlockPathCount; ++p) {
    counts.push_back({simd::block_path_name(static_cast<simd::BlockPath>(p)),
                      simd::g_block_paths[p].load(std::memory_order_relaxed)});
  }
  return counts;
}

void reset_xsimd_block_path_counts() {
  for (auto& blocks : simd::g_block_paths) blocks.store(0, std::memory_order_relaxed);
}

}  // namespace testing

namespace {

// RunFn of the xsimd kernel: the whole range on one thread.
template <class T>
void run_xsimd(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
               std::int64_t chunk_end, const ExecConfig& exec) {
  simd::run_xsimd_range(simd::isa_entry(exec.isa), in, out, chunk_begin, chunk_end);
}

bool has_simd() { return !simd::isa_table().empty(); }

// The concrete ISA an `isa` argument means here.
Isa resolved(Isa isa) { return simd::isa_entry(isa).isa; }

// Throws unless `first` is a multiple of `multiple`.
void require_multiple(std::uint64_t first, std::uint64_t multiple, const char* what) {
  if (first % multiple != 0) {
    throw std::invalid_argument(std::string(what) + ": j_first must be a multiple of " +
                                std::to_string(multiple));
  }
}

}  // namespace

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kXsimdKernel;
const Kernel kXsimdKernel{
    .name = "xsimd",
    .description =
        "explicit SIMD (xsimd), one source per ISA, runtime dispatch, "
        "a block of neurons in registers through all steps",
    .caps = {.isas = true},
    .run_f64 = run_xsimd<double>,
    .run_f32 = run_xsimd<float>,
    .supported = has_simd,
    .preferred_batch_chunks = 256,
    .paths = simd::kBlockPaths,
};

int simd_lanes(Isa isa, Precision p) {
  return lanes_of(isa_info(resolved(isa)), p == Precision::f64 ? 8 : 4);
}

int simd_block_neurons(Isa isa, Precision /*p*/) { return simd::block_neurons(resolved(isa)); }

void simd_philox_words(Isa isa, std::size_t count, const std::uint32_t* counters,
                       const std::uint32_t* keys, std::uint32_t* words) {
  simd::isa_entry(isa).general_words(count, counters, keys, words);
}

void simd_philox_stream_words(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                              std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  require_multiple(j_first, 16, "simd_philox_stream_words");
  simd::isa_entry(isa).stream_words(seed, j_first, count, block, domain, words);
}

void simd_philox_uniforms(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, double* u) {
  require_multiple(j_first, 64, "simd_philox_uniforms");
  simd::isa_entry(isa).uniforms_f64(seed, j_first, count, k, u);
}

void simd_philox_uniforms(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, float* u) {
  require_multiple(j_first, 64, "simd_philox_uniforms");
  simd::isa_entry(isa).uniforms_f32(seed, j_first, count, k, u);
}

}  // namespace lifbench
