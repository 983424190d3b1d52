// The `highway` kernel: Google Highway, its own dynamic dispatch (foreach_target.h,
// HWY_EXPORT, HWY_DYNAMIC_DISPATCH), every compiled target runnable one by one.
//
// foreach_target.h compiles this file once per Highway target (AVX3, AVX2, SSE4, SSSE3 and
// the SCALAR fallback with Debian's GCC 12 and Highway 1.0.3), each pass with that target's
// attributes (#pragma GCC target), so no compile flag of lifbench's ISA table is involved;
// the global flags (-ffp-contract=off, no fast-math) hold in every pass. The per-target part
// is lif_block-inl.hpp; what follows HWY_ONCE is compiled once, with the baseline flags:
// dispatch, the target table, scratch, and the registry entry.
//
// `--isa` (ExecConfig::isa): auto calls HWY_DYNAMIC_DISPATCH (Highway picks the best target
// the CPU supports); a row of the ISA table runs on the best supported target whose vectors
// are no wider than the row's registers (avx512 -> AVX3, avx2 -> AVX2, sse2 -> SSE4, else
// SSSE3, else SCALAR). docs/approaches.md ("Highway") gives the reasons.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "highway/highway_kernel.cpp"
// The block's lane counts are compile-time constants: no scalable (SVE) targets.
#ifndef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS (HWY_SVE | HWY_SVE2 | HWY_SVE_256 | HWY_SVE2_128)
#endif
#include <hwy/foreach_target.h>  // must come before highway.h
#include <hwy/highway.h>

#include "lif_block-inl.hpp"

HWY_BEFORE_NAMESPACE();
namespace lifbench::highway::HWY_NAMESPACE {

// This target's entry points, by name for HWY_EXPORT.
void LifRangeF64(const RangeCall<double>& call) { LifRange<double>(call); }
void LifRangeF32(const RangeCall<float>& call) { LifRange<float>(call); }
std::int64_t ThisTarget() { return HWY_TARGET; }

// The kernel forced to this target (RunFn).
template <class T>
void RunThisTarget(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                   std::int64_t chunk_end, const ExecConfig&) {
  run_range<T>(&LifRange<T>, in, out, chunk_begin, chunk_end);
}

// TargetEntry::stream_words: j_first a multiple of the block.
void StreamWordsLanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                      std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  using S = Shape<float>;
  const RoundKeys keys = RoundKeys::from_seed(seed, false);
  for (std::size_t first = 0; first < count; first += S::kWordLanes) {
    const std::uint64_t j = j_first + first;
    typename S::VU w[4];
    StreamWords(typename S::DU(), keys, block,
                hn::Iota(typename S::DU(), static_cast<std::uint32_t>(j)),
                static_cast<std::uint32_t>(j >> 32), domain, w);
    HWY_ALIGN std::uint32_t lanes[4][S::kWordLanes];
    for (int i = 0; i < 4; ++i) hn::Store(w[i], typename S::DU(), lanes[i]);
    for (std::size_t l = 0; l < S::kWordLanes && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) words[(first + l) * 4 + i] = lanes[i][l];
    }
  }
}

// TargetEntry::uniforms_f64 / uniforms_f32: j_first a multiple of the block.
template <class T>
void UniformLanes(std::uint64_t seed, std::uint64_t j_first, std::size_t count, std::int64_t k,
                  bool centred, T* x) {
  using S = Shape<T>;
  const RoundKeys keys = RoundKeys::from_seed(seed, centred);
  const auto block = static_cast<std::uint32_t>(k / S::kStepsPerWords);
  for (std::size_t first = 0; first < count; first += S::kNeurons) {
    const std::uint64_t j = j_first + first;
    typename S::VU j_lo[S::kPhiloxVectors];
    for (int p = 0; p < S::kPhiloxVectors; ++p) {
      j_lo[p] = hn::Iota(typename S::DU(), static_cast<std::uint32_t>(j + p * S::kWordLanes));
    }
    typename S::V inputs[S::kStepsPerWords][S::kBatches];
    const auto j_hi = static_cast<std::uint32_t>(j >> 32);
    if (centred) {
      BlockInputs<T, true>(keys, block, j_lo, j_hi, j, inputs);
    } else {
      BlockInputs<T, false>(keys, block, j_lo, j_hi, j, inputs);
    }
    HWY_ALIGN T lanes[S::kNeurons];
    for (int b = 0; b < S::kBatches; ++b) {
      hn::Store(inputs[k % S::kStepsPerWords][b], typename S::D(), lanes + b * S::kLanes);
    }
    for (std::size_t l = 0; l < S::kNeurons && first + l < count; ++l) x[first + l] = lanes[l];
  }
}

// This target's entry (HWY_CHOOSE_TARGET_LIST below collects them).
const TargetEntry kEntry{HWY_TARGET,
                         static_cast<int>(8 * hn::MaxLanes(hn::ScalableTag<std::uint8_t>())),
                         Shape<double>::kLanes,
                         Shape<float>::kLanes,
                         Shape<float>::kNeurons,
                         &LifRangeF64,
                         &LifRangeF32,
                         &RunThisTarget<double>,
                         &RunThisTarget<float>,
                         &StreamWordsLanes,
                         &UniformLanes<double>,
                         &UniformLanes<float>};
static_assert(Shape<double>::kNeurons == Shape<float>::kNeurons);

}  // namespace lifbench::highway::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "../release_ring.hpp"

namespace lifbench {
namespace highway {

HWY_EXPORT(LifRangeF64);
HWY_EXPORT(LifRangeF32);
HWY_EXPORT(ThisTarget);

namespace {

// Every target's entry, best first, in the order of HWY_EXPORT's dispatch tables (null where
// Highway compiled no such target), then the fallback.
const TargetEntry* const kCompiled[] = {HWY_CHOOSE_TARGET_LIST(kEntry),
                                        HWY_CHOOSE_FALLBACK(kEntry)};

}  // namespace

std::vector<const TargetEntry*> supported_targets() {
  static const std::vector<const TargetEntry*> targets = [] {
    std::vector<const TargetEntry*> entries;
    const std::int64_t supported = hwy::SupportedTargets();
    for (const TargetEntry* e : kCompiled) {
      const auto same = [e](const TargetEntry* other) { return other->target == e->target; };
      if (e == nullptr || (supported & e->target) == 0) continue;
      if (std::none_of(entries.begin(), entries.end(), same)) entries.push_back(e);
    }
    return entries;
  }();
  return targets;
}

std::int64_t dispatch_target() { return HWY_DYNAMIC_DISPATCH(ThisTarget)(); }

const TargetEntry& target_for(Isa isa) {
  const std::vector<const TargetEntry*>& targets = supported_targets();
  for (const TargetEntry* e : targets) {
    if (isa == Isa::automatic ? e->target == dispatch_target()
                              : e->vector_bits <= isa_info(isa).register_bits) {
      if (isa != Isa::automatic && !cpu_supports(isa)) break;
      return *e;
    }
  }
  throw std::invalid_argument("the highway kernel can't run ISA " + std::string(to_string(isa)) +
                              " on this CPU");
}

std::string target_name(std::int64_t target) { return hwy::TargetName(target); }

template <class T>
void run_range(RangeFn<T> range, const Inputs<T>& in, const Outputs<T>& out,
               std::int64_t chunk_begin, std::int64_t chunk_end) {
  if (chunk_end <= chunk_begin || in.steps <= 0) return;
  const std::int64_t steps = in.steps;
  const auto size = [](std::int64_t count) { return static_cast<std::size_t>(count); };
  std::vector<T> step_times(size(steps)), lane_sums(size(steps * kSumLanes));
  std::vector<std::int64_t> spike_scratch(size(steps));
  for (std::int64_t k = 0; k < steps; ++k)
    step_times[size(k)] = step_time<T>(in.first_step + k, in.c.dt);
  const bool rows = out.raster || out.v || out.neuron_spikes || out.last_spike_out;
  std::vector<T> v_rows;
  std::vector<std::uint8_t> spike_rows;
  if (rows) {  // one block's [K][width] tiles
    const std::int64_t range_neurons =
        chunk_end_neuron(chunk_end - 1, in.neurons) - chunk_first(chunk_begin);
    v_rows.resize(size(steps * std::min(kMaxBlock, range_neurons)));
    spike_rows.resize(v_rows.size());
  }
  ReleaseRing ring;  // the lane-bits path's windows, where it applies
  if (!rows) ring = release_ring(in, chunk_begin, chunk_end);
  const RangeCall<T> call{&in,
                          &out,
                          chunk_begin,
                          chunk_end,
                          step_times.data(),
                          lane_sums.data(),
                          spike_scratch.data(),
                          v_rows.data(),
                          spike_rows.data(),
                          ring.clamp_end.empty() ? nullptr : ring.clamp_end.data(),
                          ring.slots.data(),
                          static_cast<std::int64_t>(ring.slots.size()) - 1};
  range(call);
}
template void run_range(RangeFn<double>, const Inputs<double>&, const Outputs<double>&,
                        std::int64_t, std::int64_t);
template void run_range(RangeFn<float>, const Inputs<float>&, const Outputs<float>&, std::int64_t,
                        std::int64_t);

namespace {

// RunFn of the highway kernel: the target the ISA maps to, through HWY_DYNAMIC_DISPATCH
// when that is the target Highway's dispatch chooses (--isa auto, or the best row).
template <class T>
void run_highway(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                 std::int64_t chunk_end, const ExecConfig& exec) {
  const TargetEntry& entry = target_for(exec.isa);
  const bool chosen = entry.target == dispatch_target();
  if constexpr (sizeof(T) == 8) {
    run_range(chosen ? &HWY_DYNAMIC_DISPATCH(LifRangeF64) : entry.range_f64, in, out, chunk_begin,
              chunk_end);
  } else {
    run_range(chosen ? &HWY_DYNAMIC_DISPATCH(LifRangeF32) : entry.range_f32, in, out, chunk_begin,
              chunk_end);
  }
}

// The ISA row whose target has mask registers (the lane-bits path): the 512-bit row, mapped
// to AVX3 (target_for); automatic where the table has none (aarch64: SVE is not compiled).
constexpr Isa lane_bits_isa() {
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(if ((bits) == 512) return Isa::name;)
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
  return Isa::automatic;
}
constexpr Isa kLaneBitsIsa = lane_bits_isa();

// Code paths beyond the ordinary (all recorded) cases: statistics-only shapes.
constexpr KernelPath kHighwayPaths[] = {
    {.name = "lane bits", .only_isa = kLaneBitsIsa},  {.name = "centred", .random_t_ref = true},
    {.name = "tail", .partial_block = true},          {.name = "tiny noise", .tiny_noise = true},
    {.name = "numpy stats", .stream = Stream::numpy},
};

}  // namespace
}  // namespace highway

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kHighwayKernel;
const Kernel kHighwayKernel{
    .name = "highway",
    .description =
        "explicit SIMD (Google Highway), its own dynamic dispatch over every compiled target, "
        "a block of neurons in registers through all steps",
    .caps = {.isas = true},
    .run_f64 = highway::run_highway<double>,
    .run_f32 = highway::run_highway<float>,
    .preferred_batch_chunks = 256,
    .paths = highway::kHighwayPaths,
};

}  // namespace lifbench
#endif  // HWY_ONCE
