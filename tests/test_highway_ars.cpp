// The Highway form of the ars stream (kernels/src/highway/ars-inl.hpp) target by target:
// every Highway target ars_lanes.cpp compiled that this CPU supports (AVX3_DL, AVX3, AVX2,
// SSE4, SSSE3, ...), against lifbench::ars_words_range (Random123's ARS-7, test_ars.cpp) in
// every lane, bit for bit: neurons next to and past 2^32, blocks next to 2^32, both domains,
// flipped keys. HWY_SCALAR has no AES rounds and is skipped, saying so.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "../kernels/src/highway/ars_highway.hpp"
#include "../kernels/src/highway/lif_highway.hpp"  // target_name
#include "lifbench/ars.hpp"

namespace lifbench {
namespace highway {
// How a test prints a target parameter: its Highway name.
void PrintTo(const ArsTargetEntry* e, std::ostream* os) { *os << target_name(e->target); }
}  // namespace highway

namespace {

using highway::ArsTargetEntry;

class HighwayArs : public ::testing::TestWithParam<const ArsTargetEntry*> {
 protected:
  void SetUp() override {
    if (!cpu_has_aes()) GTEST_SKIP() << "this CPU lacks AES instructions (AES-NI)";
    if (GetParam()->stream_words == nullptr) {
      GTEST_SKIP() << highway::target_name(GetParam()->target)
                   << " has no AES rounds: kernels take ars_words_range there";
    }
  }
  // The target's words of `count` neurons from j_first.
  std::vector<std::uint32_t> words(const ArsKeySchedule& keys, std::uint64_t j_first,
                                   std::size_t count, std::uint32_t block,
                                   std::uint32_t domain) const {
    std::vector<std::uint32_t> w(4 * count);
    GetParam()->stream_words(keys, j_first, count, block, domain, w.data());
    return w;
  }
};

// Every lane of 37 and 69 neurons equals ars_words_range for seeds, blocks next to 0 and 2^32,
// both domains, and first neurons at 0, next to and at 2^32, and at a 56-bit offset.
TEST_P(HighwayArs, StreamWordsMatchRandom123InEveryLane) {
  for (std::uint64_t seed : {0ull, 1234ull, 0xfedcba9876543210ull}) {
    const ArsKeySchedule keys = ArsKeySchedule::from_seed(seed);
    for (std::uint64_t j_first :
         {0ull, 64ull, (1ull << 32) - 64, (1ull << 32) - 16, 1ull << 32, 0x00abcdef01234540ull}) {
      for (std::uint32_t block : {0u, 1u, 37u, 0xfffffff0u, 0xffffffffu}) {
        for (std::uint32_t domain : {kDomainUniform, kDomainNormal}) {
          for (std::size_t count : {37, 69}) {
            std::vector<std::uint32_t> expected(4 * count);
            ars_words_range(keys, j_first, count, block, domain, expected.data());
            ASSERT_EQ(words(keys, j_first, count, block, domain), expected)
                << "seed " << seed << " j_first " << j_first << " block " << block << " domain "
                << domain << " count " << count;
          }
        }
      }
    }
  }
}

// Any 128-bit key and random counters, against the bulk form.
TEST_P(HighwayArs, StreamWordsWithAnyKeyMatchTheBulkForm) {
  std::mt19937_64 rng(17);
  for (int trial = 0; trial < 100; ++trial) {
    const ArsKeySchedule keys = ArsKeySchedule::from_key(
        {static_cast<std::uint32_t>(rng()), static_cast<std::uint32_t>(rng()),
         static_cast<std::uint32_t>(rng()), static_cast<std::uint32_t>(rng())});
    const std::uint64_t j_first = rng() & ~std::uint64_t{15};
    const auto block = static_cast<std::uint32_t>(rng());
    const auto domain = static_cast<std::uint32_t>(rng());
    std::vector<std::uint32_t> expected(4 * 32);
    ars_words_range(keys, j_first, 32, block, domain, expected.data());
    ASSERT_EQ(words(keys, j_first, 32, block, domain), expected) << "trial " << trial;
  }
}

// flipped_keys(): bit 31 of all four words flipped, in every lane.
TEST_P(HighwayArs, FlippedKeysFlipBit31InEveryLane) {
  const ArsKeySchedule keys = ArsKeySchedule::from_seed(4242);
  const std::uint64_t j_first = (1ull << 32) - 16;
  const std::vector<std::uint32_t> plain = words(keys, j_first, 48, 9, kDomainUniform);
  const std::vector<std::uint32_t> flipped =
      words(keys.flipped_keys(), j_first, 48, 9, kDomainUniform);
  for (std::size_t i = 0; i < plain.size(); ++i) EXPECT_EQ(flipped[i], plain[i] ^ 0x80000000u) << i;
}

INSTANTIATE_TEST_SUITE_P(Targets, HighwayArs, ::testing::ValuesIn(highway::ars_targets()),
                         [](const ::testing::TestParamInfo<const ArsTargetEntry*>& param_info) {
                           return highway::target_name(param_info.param->target);
                         });

// The targets compiled for the kernel are among those of the ars form (and so tested here).
TEST(HighwayArsTargets, CoverEveryTargetOfTheKernel) {
  std::vector<std::int64_t> ars;
  for (const ArsTargetEntry* e : highway::ars_targets()) ars.push_back(e->target);
  for (const highway::TargetEntry* e : highway::supported_targets()) {
    EXPECT_NE(std::find(ars.begin(), ars.end(), e->target), ars.end())
        << highway::target_name(e->target);
  }
}

}  // namespace
}  // namespace lifbench
