// Properties of the ars stream (lifbench/ars.hpp, docs/ars.md): on any key and counter, its
// bulk form and the SIMD form of every ISA this CPU runs it on equal Random123's
// ars4x32_R<7> in every lane. Compiled with -maes (tests/CMakeLists.txt) for Random123's
// ars.h; skipped, with a message, on a CPU without AES instructions. See docs/testing.md.
#include <Random123/ars.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <array>
#include <cstdint>
#include <vector>

#include "lifbench/ars.hpp"
#include "lifbench/ars_lanes.hpp"
#include "lifbench/isa.hpp"

namespace lifbench {
namespace {

using Words = std::array<std::uint32_t, 4>;

// Random123's ars4x32_R<7> of one counter and key.
Words random123_ars7(const Words& counter, const Words& key) {
  using Ars = r123::ARS4x32_R<kArsRounds>;
  const Ars::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const Ars::key_type k = {{key[0], key[1], key[2], key[3]}};
  const Ars::ctr_type out = Ars()(c, k);
  return {out[0], out[1], out[2], out[3]};
}

// Random key words, counter {block, j, j >> 32, domain} of 40 neurons from j_first (a
// multiple of 16 next to a random j), or with the seed's key (words 2 and 3 zero).
TEST(ArsProperties, BulkAndSimdWordsAreRandom123sOnAnyKeyAndCounter) {
  if (!cpu_has_aes()) GTEST_SKIP() << "this CPU lacks AES instructions (AES-NI)";
  EXPECT_TRUE(rc::check([] {
    const bool seed_key = *rc::gen::arbitrary<bool>();
    const std::uint64_t seed = *rc::gen::arbitrary<std::uint64_t>();
    Words key = {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32), 0, 0};
    if (!seed_key) key = *rc::gen::arbitrary<Words>();
    const std::uint64_t j_first = *rc::gen::arbitrary<std::uint64_t>() & ~std::uint64_t{15};
    const auto block = *rc::gen::arbitrary<std::uint32_t>();
    const auto domain = *rc::gen::arbitrary<std::uint32_t>();
    const ArsKeySchedule keys =
        seed_key ? ArsKeySchedule::from_seed(seed) : ArsKeySchedule::from_key(key);
    constexpr std::size_t kCount = 40;
    std::vector<std::uint32_t> bulk(4 * kCount);
    ars_words_range(keys, j_first, kCount, block, domain, bulk.data());
    for (std::size_t l = 0; l < kCount; ++l) {
      const std::uint64_t j = j_first + l;
      const Words counter = {block, static_cast<std::uint32_t>(j),
                             static_cast<std::uint32_t>(j >> 32), domain};
      const Words expected = random123_ars7(counter, key);
      RC_ASSERT((Words{bulk[4 * l], bulk[4 * l + 1], bulk[4 * l + 2], bulk[4 * l + 3]}) ==
                expected);
      if (seed_key) RC_ASSERT(ars_words(seed, j, block, domain) == expected);
    }
    for (const IsaInfo& row : isa_table()) {
      if (!cpu_runs_ars(row.isa)) continue;
      std::vector<std::uint32_t> lanes(4 * kCount);
      simd_ars_stream_words(row.isa, keys, j_first, kCount, block, domain, lanes.data());
      RC_ASSERT(lanes == bulk);
    }
  }));
}

}  // namespace
}  // namespace lifbench
