// The philox generators the autovec and stdsimd kernels write themselves, against Random123:
// autovec's plain C++ transcription of philox4x32_10 (one lane), and stdsimd's SIMD rounds
// in std::experimental::simd operations (its 32x32 -> 64-bit product from 64-bit lanes, and
// the stream's counters {block, j, j >> 32, 0} with the lane-independent rounds in scalar
// code), both for Random123's known answers and random counters and keys, bit for bit.
// Here they run with this file's flags; every ISA unit's own copy is compared with the
// reference end to end by the registry's tests (KernelsMatchReference, the philox stream).
#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "../kernels/src/autovec/autovec_block.hpp"
#include "../kernels/src/stdsimd/stdsimd_block.hpp"
#include "lifbench/philox.hpp"

namespace lifbench {
namespace {

// Random123's philox4x32_10 of one counter and key.
r123::Philox4x32_R<10>::ctr_type random123(const std::uint32_t (&counter)[4], std::uint32_t key0,
                                           std::uint32_t key1) {
  r123::Philox4x32_R<10> rng;
  const r123::Philox4x32_R<10>::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const r123::Philox4x32_R<10>::key_type k = {{key0, key1}};
  return rng(c, k);
}

// One 32-bit draw.
std::uint32_t draw(std::mt19937& gen) { return static_cast<std::uint32_t>(gen()); }

// autovec's transcription of one counter and key.
void autovec_philox(std::uint32_t (&x)[4], std::uint32_t key0, std::uint32_t key1) {
  autovec::detail::philox4x32_10<Isa::automatic>(x, key0, key1);
}

TEST(AutovecPhilox, KnownAnswers) {
  std::uint32_t zero[4] = {0, 0, 0, 0};
  autovec_philox(zero, 0, 0);
  EXPECT_EQ(zero[0], 0x6627e8d5u);
  EXPECT_EQ(zero[1], 0xe169c58du);
  EXPECT_EQ(zero[2], 0xbc57ac4cu);
  EXPECT_EQ(zero[3], 0x9b00dbd8u);
  std::uint32_t pi[4] = {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u};
  autovec_philox(pi, 0xa4093822u, 0x299f31d0u);
  EXPECT_EQ(pi[0], 0xd16cfe09u);
  EXPECT_EQ(pi[1], 0x94fdccebu);
  EXPECT_EQ(pi[2], 0x5001e420u);
  EXPECT_EQ(pi[3], 0x24126ea1u);
}

TEST(AutovecPhilox, RandomCountersAndKeysMatchRandom123) {
  std::mt19937 gen(2024);
  for (int trial = 0; trial < 2000; ++trial) {
    std::uint32_t counter[4] = {draw(gen), draw(gen), draw(gen), draw(gen)};
    const std::uint32_t key0 = draw(gen), key1 = draw(gen);
    const auto expected = random123(counter, key0, key1);
    autovec_philox(counter, key0, key1);
    for (int i = 0; i < 4; ++i) ASSERT_EQ(counter[i], expected[i]) << "trial " << trial;
  }
}

// The simd types stdsimd's philox reads from its shape, at this file's native width.
struct NativeWords {
  using Words = stdsimd::stdx::native_simd<std::uint32_t>;
  using Words64 = stdsimd::stdx::native_simd<std::uint64_t>;
};
using Words = NativeWords::Words;
constexpr int kLanes = static_cast<int>(Words::size());

TEST(StdsimdPhilox, ProductFromSixtyFourBitLanesIsExact) {
  std::mt19937 gen(7);
  for (int trial = 0; trial < 500; ++trial) {
    Words x([&](auto) { return draw(gen); });
    if (trial == 0) x = Words(0xFFFFFFFFu);  // the largest product
    for (const std::uint32_t m : {stdsimd::detail::kPhiloxM0, stdsimd::detail::kPhiloxM1}) {
      Words hi, lo;
      stdsimd::detail::mulhilo<Isa::automatic, Words, NativeWords::Words64>(x, m, hi, lo);
      for (int l = 0; l < kLanes; ++l) {
        const std::uint64_t product = std::uint64_t{x[l]} * m;
        ASSERT_EQ(hi[l], static_cast<std::uint32_t>(product >> 32)) << "lane " << l;
        ASSERT_EQ(lo[l], static_cast<std::uint32_t>(product)) << "lane " << l;
      }
    }
  }
}

TEST(StdsimdPhilox, StreamWordsMatchRandom123InEveryLane) {
  std::mt19937_64 gen(11);
  const std::uint64_t firsts[] = {0, 1024, (std::uint64_t{1} << 32) - kLanes,
                                  std::uint64_t{1} << 32, (std::uint64_t{5} << 32) + 64};
  for (int trial = 0; trial < 200; ++trial) {
    const std::uint64_t seed = trial == 0 ? 0 : gen();
    const auto block = static_cast<std::uint32_t>(trial < 100 ? trial : gen());
    const std::uint64_t j0 = firsts[trial % 5];
    const auto keys = stdsimd::detail::RoundKeys<Isa::automatic>::from_seed(seed);
    const Words j_lo([&](auto i) { return static_cast<std::uint32_t>(j0 + i); });
    Words w[4];
    stdsimd::detail::philox_words<Isa::automatic, NativeWords>(
        keys, block, j_lo, static_cast<std::uint32_t>(j0 >> 32), w);
    for (int l = 0; l < kLanes; ++l) {
      const CounterWords expected = philox_words(seed, j0 + l, block, kDomainUniform);
      for (int i = 0; i < 4; ++i) {
        ASSERT_EQ(w[i][l], expected.w[i]) << "trial " << trial << " lane " << l << " word " << i;
      }
    }
  }
}

}  // namespace
}  // namespace lifbench
