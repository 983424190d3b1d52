// The ars stream (lifbench/ars.hpp, docs/ars.md) against Random123's ars4x32_R<7>: its key
// schedule, the scalar and bulk forms, the uniforms and normals, and the SIMD form of every
// ISA this CPU runs it on (lifbench/ars_lanes.hpp), lane by lane, bit for bit, including
// neurons next to j = 2^32 and blocks next to 2^32; the random-number floor's checksum.
// Compiled with -maes (tests/CMakeLists.txt) for Random123's ars.h; every test that calls AES
// code skips on a CPU without AES instructions, and says so.
#include <Random123/ars.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "lifbench/ars.hpp"
#include "lifbench/ars_lanes.hpp"
#include "lifbench/isa.hpp"

namespace lifbench {
namespace {

using Words = std::array<std::uint32_t, 4>;

// Random123's own ars4x32 with R rounds of one counter and key.
template <unsigned R>
Words random123_ars(const Words& counter, const Words& key) {
  using Ars = r123::ARS4x32_R<R>;
  const typename Ars::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const typename Ars::key_type k = {{key[0], key[1], key[2], key[3]}};
  const typename Ars::ctr_type out = Ars()(c, k);
  return {out[0], out[1], out[2], out[3]};
}

// The stream's counter and key of (seed, j, block, domain).
Words stream_counter(std::uint64_t j, std::uint32_t block, std::uint32_t domain) {
  return {block, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(j >> 32), domain};
}
Words stream_key(std::uint64_t seed) {
  return {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32), 0, 0};
}

// Word i of neuron l of a words[4 l + i] array.
Words neuron_words(const std::vector<std::uint32_t>& words, std::size_t l) {
  return {words[4 * l], words[4 * l + 1], words[4 * l + 2], words[4 * l + 3]};
}

class ArsScalar : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!cpu_has_aes()) GTEST_SKIP() << "this CPU lacks AES instructions (AES-NI)";
  }
};

// Random123's known-answer vectors (its kat_vectors file: ars4x32, 10 rounds, the only
// round count listed there) hold for the Random123 the 7-round checks below compare with.
TEST_F(ArsScalar, Random123MeetsItsKnownAnswerVectors) {
  struct Kat {
    Words counter, key, expected;
  };
  const Kat kats[] = {
      {{0, 0, 0, 0}, {0, 0, 0, 0}, {0x8d73ee19u, 0x506401efu, 0x13c2dbe4u, 0x0cbe9c0du}},
      {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
       {0xa4093822u, 0x299f31d0u, 0x082efa98u, 0xec4e6c89u},
       {0xa516e7d6u, 0x8357ad74u, 0x5b59b3ecu, 0x8763fff3u}},
      {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
       {0xffffffffu, 0xffffffffu, 0, 0},
       {0xbb3743b1u, 0x9f635551u, 0xecbc87fcu, 0xa19478a9u}},
  };
  for (const Kat& kat : kats) EXPECT_EQ(random123_ars<10>(kat.counter, kat.key), kat.expected);
}

// k0 = key, k(r+1) = k(r) + (0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B) in 64-bit halves.
TEST(ArsKeySchedule, IsRandom123sWeylSequence) {
  for (std::uint64_t seed : {0ull, 1ull, 0xffffffffffffffffull, 0x0123456789abcdefull}) {
    const ArsKeySchedule keys = ArsKeySchedule::from_seed(seed);
    for (std::uint64_t r = 0; r <= kArsRounds; ++r) {
      const std::uint64_t low = seed + r * 0x9E3779B97F4A7C15ull;
      const std::uint64_t high = r * 0xBB67AE8584CAA73Bull;
      const Words expected = {
          static_cast<std::uint32_t>(low), static_cast<std::uint32_t>(low >> 32),
          static_cast<std::uint32_t>(high), static_cast<std::uint32_t>(high >> 32)};
      const auto& k = keys.round_key[r];
      EXPECT_EQ((Words{k[0], k[1], k[2], k[3]}), expected) << "seed " << seed << " round " << r;
    }
  }
}

// flipped_keys() differs in bit 31 of the four words of the last round key only.
TEST(ArsKeySchedule, FlippedKeysFlipBit31OfTheLastRoundKey) {
  const ArsKeySchedule keys = ArsKeySchedule::from_seed(77);
  const ArsKeySchedule flipped = keys.flipped_keys();
  for (int r = 0; r <= kArsRounds; ++r) {
    for (int i = 0; i < 4; ++i) {
      const std::uint32_t flip = r == kArsRounds ? 0x80000000u : 0u;
      EXPECT_EQ(flipped.round_key[r][i], keys.round_key[r][i] ^ flip) << r << " " << i;
    }
  }
}

// The seeds, blocks, domains and first neurons the stream checks go through: both domains,
// blocks next to 0 and 2^32, neurons next to 2^32 and at a large offset.
struct StreamCase {
  std::uint64_t seed, j_first;
  std::uint32_t block, domain;
};
std::vector<StreamCase> stream_cases() {
  std::vector<StreamCase> cases;
  const std::uint64_t seeds[] = {0, 1234, 0xfedcba9876543210ull};
  const std::uint64_t firsts[] = {
      0, 64, (1ull << 32) - 64, (1ull << 32) - 16, 1ull << 32, 0x00ab'cdef'0123'4540ull};
  const std::uint32_t blocks[] = {0, 1, 37, 0xfffffff0u, 0xffffffffu};
  for (std::uint64_t seed : seeds) {
    for (std::uint64_t j_first : firsts) {
      for (std::uint32_t block : blocks) {
        for (std::uint32_t domain : {kDomainUniform, kDomainNormal}) {
          cases.push_back({seed, j_first, block, domain});
        }
      }
    }
  }
  return cases;
}

// ars_words is Random123's ARS-7 of the stream's counter and key.
TEST_F(ArsScalar, WordsAreRandom123sArs7OfTheStreamCounter) {
  for (const StreamCase& c : stream_cases()) {
    for (std::uint64_t j : {c.j_first, c.j_first + 15, c.j_first + 63}) {
      EXPECT_EQ(ars_words(c.seed, j, c.block, c.domain),
                random123_ars<kArsRounds>(stream_counter(j, c.block, c.domain), stream_key(c.seed)))
          << "seed " << c.seed << " j " << j << " block " << c.block;
    }
  }
}

// The bulk form equals ars_words for every count around its blocks in flight.
TEST_F(ArsScalar, RangeMatchesWordsEveryCount) {
  for (const StreamCase& c : stream_cases()) {
    for (std::size_t count : {0, 1, 7, 8, 9, 17, 37}) {
      std::vector<std::uint32_t> words(4 * count + 4, 0xdeadbeefu);
      ars_words_range(c.seed, c.j_first + 3, count, c.block, c.domain, words.data());
      for (std::size_t l = 0; l < count; ++l) {
        ASSERT_EQ(neuron_words(words, l), ars_words(c.seed, c.j_first + 3 + l, c.block, c.domain))
            << "count " << count << " neuron " << l << " j " << c.j_first + 3 + l;
      }
      EXPECT_EQ(neuron_words(words, count),
                (Words{0xdeadbeefu, 0xdeadbeefu, 0xdeadbeefu, 0xdeadbeefu}))
          << "wrote past count " << count;
    }
  }
}

// Any 128-bit key (from_key) through the bulk form gives Random123's words.
TEST_F(ArsScalar, RangeWithAnyKeyMatchesRandom123) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 50; ++trial) {
    const Words key = {static_cast<std::uint32_t>(rng()), static_cast<std::uint32_t>(rng()),
                       static_cast<std::uint32_t>(rng()), static_cast<std::uint32_t>(rng())};
    const std::uint64_t j = rng();
    const auto block = static_cast<std::uint32_t>(rng()),
               domain = static_cast<std::uint32_t>(rng());
    std::vector<std::uint32_t> words(4 * 9);
    ars_words_range(ArsKeySchedule::from_key(key), j, 9, block, domain, words.data());
    for (std::size_t l = 0; l < 9; ++l) {
      EXPECT_EQ(neuron_words(words, l),
                random123_ars<kArsRounds>(stream_counter(j + l, block, domain), key));
    }
  }
}

// With flipped_keys() every word of every neuron has bit 31 flipped, nothing else.
TEST_F(ArsScalar, FlippedKeysFlipBit31OfEveryWord) {
  const ArsKeySchedule keys = ArsKeySchedule::from_seed(99);
  std::vector<std::uint32_t> plain(4 * 21), flipped(4 * 21);
  ars_words_range(keys, (1ull << 32) - 5, 21, 3, kDomainUniform, plain.data());
  ars_words_range(keys.flipped_keys(), (1ull << 32) - 5, 21, 3, kDomainUniform, flipped.data());
  for (std::size_t i = 0; i < plain.size(); ++i) EXPECT_EQ(flipped[i], plain[i] ^ 0x80000000u) << i;
}

// u[j,k]: step 4b + i takes word i of block b; f64 w 2^-32, f32 (w >> 8) 2^-24.
TEST_F(ArsScalar, UniformsTakeOneWordPerStep) {
  for (std::uint64_t j : {0ull, 5ull, (1ull << 32) + 1}) {
    for (std::int64_t k = 0; k < 13; ++k) {
      const Words w = ars_words(8, j, static_cast<std::uint32_t>(k / 4), kDomainUniform);
      const std::uint32_t word = w[static_cast<std::size_t>(k % 4)];
      EXPECT_EQ(ars_uniform<double>(8, j, k), std::ldexp(static_cast<double>(word), -32));
      EXPECT_EQ(ars_uniform<float>(8, j, k), std::ldexp(static_cast<float>(word >> 8), -24));
      EXPECT_EQ(static_cast<double>(ars_uniform<float>(8, j, k)),
                std::ldexp(std::floor(std::ldexp(ars_uniform<double>(8, j, k), 24)), -24))
          << "f32 is f64's top 24 bits";
    }
  }
}

// z[j] is Box-Muller of domain 1's words, and over many neurons looks like N(0, 1).
TEST_F(ArsScalar, NormalsAreBoxMullerOfDomainOne) {
  const Words w = ars_words(3, 10, 0, kDomainNormal);
  const double u1 = uniform53(w[0], w[1]), u2 = uniform53(w[2], w[3]);
  EXPECT_EQ(ars_normal(3, 10),
            std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2));
  const int n = 40000;
  double sum = 0, sum2 = 0;
  for (int j = 0; j < n; ++j) {
    const double z = ars_normal(3, static_cast<std::uint64_t>(j));
    sum += z;
    sum2 += z * z;
  }
  EXPECT_NEAR(sum / n, 0.0, 5.0 / std::sqrt(n));  // 5 standard errors
  EXPECT_NEAR(sum2 / n, 1.0, 5.0 * std::sqrt(2.0 / n));
}

// cpu_has_aes_flags reads a row's AES flags; cpu_runs_ars combines them with the row's ISA.
TEST(ArsIsa, RowsRunArsWhereTheCpuHasTheirIsaAndAesFlags) {
  EXPECT_TRUE(cpu_has_aes_flags(""));
  EXPECT_FALSE(cpu_has_aes_flags("-mno-such-flag"));
  EXPECT_EQ(cpu_has_aes_flags("-maes"), cpu_has_aes());
#if (defined(__x86_64__) || defined(_M_X64)) && defined(__GNUC__) && !defined(__clang__)
  EXPECT_EQ(cpu_has_aes_flags("-mvaes"), __builtin_cpu_supports("vaes") != 0);  // GCC knows it
#endif
  bool any = false;
  for (const IsaInfo& row : isa_table()) {
    EXPECT_EQ(cpu_runs_ars(row.isa), row.cpu_has() && cpu_has_aes_flags(row.aes_flags)) << row.name;
    any = any || cpu_runs_ars(row.isa);
  }
  EXPECT_EQ(cpu_runs_ars(Isa::automatic), any);
  EXPECT_EQ(best_ars_isa() != Isa::automatic, any);
  if (any) {
    EXPECT_TRUE(cpu_runs_ars(best_ars_isa()));
  }
}

// What the CPU lacks is a one-line std::invalid_argument, and so are bad ranges.
TEST(ArsIsa, BadCallsThrowInvalidArgument) {
  std::vector<std::uint32_t> words(64);
  for (const IsaInfo& row : isa_table()) {
    if (cpu_runs_ars(row.isa)) {
      EXPECT_THROW(simd_ars_stream_words(row.isa, 1, 8, 4, 0, 0, words.data()),
                   std::invalid_argument);
      EXPECT_THROW(simd_ars_floor(row.isa, Precision::f64, 1, 32, 64, 4), std::invalid_argument);
      EXPECT_THROW(simd_ars_floor(row.isa, Precision::f64, 1, 0, 64, -1), std::invalid_argument);
    } else {
      EXPECT_THROW(simd_ars_floor(row.isa, Precision::f64, 1, 0, 64, 4), std::invalid_argument);
    }
  }
  if (!cpu_runs_ars(Isa::automatic)) {
    EXPECT_THROW(ars_isa(Isa::automatic), std::invalid_argument);
  }
}

// The SIMD form of one ISA row (skipped where the CPU lacks the row's ISA or AES flags).
class ArsSimd : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override {
    const IsaInfo& row = isa_info(GetParam());
    if (!row.cpu_has()) GTEST_SKIP() << "this CPU lacks " << row.name;
    if (!row.cpu_has_ars()) {
      GTEST_SKIP() << "this CPU lacks the AES instructions of " << row.name << " (" << row.aes_flags
                   << ")";
    }
  }
  Isa isa() const { return GetParam(); }
};

// Every lane of 37 and 69 neurons (whole registers and partial ones) equals ars_words and
// Random123, for every stream case (blocks next to 2^32, neurons next to and past 2^32).
TEST_P(ArsSimd, StreamWordsMatchRandom123InEveryLane) {
  for (const StreamCase& c : stream_cases()) {
    for (std::size_t count : {37, 69}) {
      std::vector<std::uint32_t> words(4 * count), expected(4 * count);
      simd_ars_stream_words(isa(), c.seed, c.j_first, count, c.block, c.domain, words.data());
      ars_words_range(c.seed, c.j_first, count, c.block, c.domain, expected.data());
      ASSERT_EQ(words, expected) << "seed " << c.seed << " j_first " << c.j_first << " block "
                                 << c.block << " domain " << c.domain;
      for (std::size_t l = 0; l < count; l += 9) {
        const std::uint64_t j = c.j_first + l;
        EXPECT_EQ(
            neuron_words(words, l),
            random123_ars<kArsRounds>(stream_counter(j, c.block, c.domain), stream_key(c.seed)))
            << "j " << j;
      }
    }
  }
}

// Any 128-bit key, random counters per call, against Random123.
TEST_P(ArsSimd, StreamWordsWithAnyKeyMatchRandom123) {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 100; ++trial) {
    const Words key = {static_cast<std::uint32_t>(rng()), static_cast<std::uint32_t>(rng()),
                       static_cast<std::uint32_t>(rng()), static_cast<std::uint32_t>(rng())};
    const std::uint64_t j_first = rng() & ~std::uint64_t{15};
    const auto block = static_cast<std::uint32_t>(rng()),
               domain = static_cast<std::uint32_t>(rng());
    std::vector<std::uint32_t> words(4 * 16);
    simd_ars_stream_words(isa(), ArsKeySchedule::from_key(key), j_first, 16, block, domain,
                          words.data());
    for (std::size_t l = 0; l < 16; ++l) {
      ASSERT_EQ(neuron_words(words, l),
                random123_ars<kArsRounds>(stream_counter(j_first + l, block, domain), key))
          << "trial " << trial << " lane " << l;
    }
  }
}

// flipped_keys() through the SIMD form: bit 31 of all four words flipped, in every lane.
TEST_P(ArsSimd, FlippedKeysFlipBit31InEveryLane) {
  const ArsKeySchedule keys = ArsKeySchedule::from_seed(4242);
  std::vector<std::uint32_t> plain(4 * 48), flipped(4 * 48);
  const std::uint64_t j_first = (1ull << 32) - 16;
  simd_ars_stream_words(isa(), keys, j_first, 48, 9, kDomainUniform, plain.data());
  simd_ars_stream_words(isa(), keys.flipped_keys(), j_first, 48, 9, kDomainUniform, flipped.data());
  for (std::size_t i = 0; i < plain.size(); ++i) EXPECT_EQ(flipped[i], plain[i] ^ 0x80000000u) << i;
}

// The floor's checksum is the sum of ars_uniform<T> over its neurons and steps: exactly in
// f64 (every partial sum is a multiple of 2^-32 below 2^21), to float rounding in f32.
TEST_P(ArsSimd, FloorIsTheSumOfTheStreamUniforms) {
  struct Range {
    std::int64_t j_begin, j_end, steps;
  };
  const Range ranges[] = {{0, 64, 4},  {64, 64 + 150, 11}, {128, 129, 1},
                          {0, 200, 0}, {192, 192, 8},      {(1ll << 32) - 64, (1ll << 32) + 70, 6}};
  for (const Range& r : ranges) {
    double f64 = 0, f32 = 0;
    for (std::int64_t j = r.j_begin; j < r.j_end; ++j) {
      for (std::int64_t k = 0; k < r.steps; ++k) {
        f64 += ars_uniform<double>(21, static_cast<std::uint64_t>(j), k);
        f32 += static_cast<double>(ars_uniform<float>(21, static_cast<std::uint64_t>(j), k));
      }
    }
    const std::string where = "neurons [" + std::to_string(r.j_begin) + ", " +
                              std::to_string(r.j_end) + ") steps " + std::to_string(r.steps);
    EXPECT_EQ(simd_ars_floor(isa(), Precision::f64, 21, r.j_begin, r.j_end, r.steps), f64) << where;
    EXPECT_NEAR(simd_ars_floor(isa(), Precision::f32, 21, r.j_begin, r.j_end, r.steps), f32,
                1e-6 * f32)
        << where;
  }
}

// Every row of the ISA table, best first.
std::vector<Isa> table_isas() {
  std::vector<Isa> isas;
  for (const IsaInfo& row : isa_table()) isas.push_back(row.isa);
  return isas;
}

INSTANTIATE_TEST_SUITE_P(Isas, ArsSimd, ::testing::ValuesIn(table_isas()),
                         [](const ::testing::TestParamInfo<Isa>& param_info) {
                           return std::string(to_string(param_info.param));
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ArsSimd);  // a CPU family without table rows

}  // namespace
}  // namespace lifbench
