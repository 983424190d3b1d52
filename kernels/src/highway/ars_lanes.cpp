// ArsStreamWords (ars-inl.hpp) on every Highway target, for tests (ars_highway.hpp):
// foreach_target.h compiles this file once per target, as highway_kernel.cpp, plus AVX3_DL
// (VAES), which Highway 1.0.3 compiles only when asked to.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "highway/ars_lanes.cpp"
#ifndef HWY_WANT_AVX3_DL
#define HWY_WANT_AVX3_DL
#endif
#ifndef HWY_DISABLED_TARGETS
#define HWY_DISABLED_TARGETS (HWY_SVE | HWY_SVE2 | HWY_SVE_256 | HWY_SVE2_128)
#endif
#include <hwy/foreach_target.h>  // must come before highway.h
#include <hwy/highway.h>

#include "ars-inl.hpp"
#include "ars_highway.hpp"

HWY_BEFORE_NAMESPACE();
namespace lifbench::highway::HWY_NAMESPACE {

#if HWY_TARGET != HWY_SCALAR
// ArsTargetEntry::stream_words on this target.
void ArsStreamWordsLanes(const ArsKeySchedule& keys, std::uint64_t j_first, std::size_t count,
                         std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  const hn::ScalableTag<std::uint32_t> du;
  const std::size_t lanes = hn::Lanes(du);
  HWY_ALIGN std::uint32_t stored[4][hn::MaxLanes(du)];
  for (std::size_t first = 0; first < count; first += lanes) {
    hn::Vec<decltype(du)> w[4];
    ArsStreamWords(du, keys, block, j_first + first, domain, w);
    for (int i = 0; i < 4; ++i) hn::Store(w[i], du, stored[i]);
    for (std::size_t l = 0; l < lanes && first + l < count; ++l) {
      for (int i = 0; i < 4; ++i) words[(first + l) * 4 + i] = stored[i][l];
    }
  }
}
#endif

// This target's entry (HWY_CHOOSE_TARGET_LIST below collects them).
const ArsTargetEntry kArsEntry {
  HWY_TARGET, static_cast<int>(8 * hn::MaxLanes(hn::ScalableTag<std::uint8_t>())),
#if HWY_TARGET != HWY_SCALAR
      &ArsStreamWordsLanes
#else
      nullptr
#endif
};

}  // namespace lifbench::highway::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>

namespace lifbench::highway {
namespace {

// Every target's entry, best first, in the order of HWY_EXPORT's tables (null where Highway
// compiled no such target), then the fallback.
const ArsTargetEntry* const kArsCompiled[] = {HWY_CHOOSE_TARGET_LIST(kArsEntry),
                                              HWY_CHOOSE_FALLBACK(kArsEntry)};

}  // namespace

std::vector<const ArsTargetEntry*> ars_targets() {
  std::vector<const ArsTargetEntry*> entries;
  const std::int64_t supported = hwy::SupportedTargets();
  for (const ArsTargetEntry* e : kArsCompiled) {
    const auto same = [e](const ArsTargetEntry* other) { return other->target == e->target; };
    if (e == nullptr || (supported & e->target) == 0) continue;
    if (std::none_of(entries.begin(), entries.end(), same)) entries.push_back(e);
  }
  return entries;
}

}  // namespace lifbench::highway
#endif  // HWY_ONCE
