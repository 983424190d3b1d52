// The SIMD Philox of the xsimd kernel (kernels/src/xsimd/philox_simd.hpp) against Random123's
// scalar philox4x32_10, lane by lane, on every ISA this CPU has: Random123's known-answer
// vectors, random counters and keys per lane, the fused kernel's stream form (counter
// {block, j, j >> 32, domain}) and its uniform conversions, bit for bit.
#include <Random123/philox.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "lifbench/kernel.hpp"
#include "lifbench/philox.hpp"
#include "lifbench/philox_lanes.hpp"
#include "lifbench/rng_floor.hpp"

namespace lifbench {
namespace {

// Random123's own philox4x32_10 of one counter and key.
std::vector<std::uint32_t> scalar_philox(const std::uint32_t* counter, const std::uint32_t* key) {
  r123::Philox4x32_R<10> rng;
  const r123::Philox4x32_R<10>::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const r123::Philox4x32_R<10>::key_type k = {{key[0], key[1]}};
  const auto out = rng(c, k);
  return {out[0], out[1], out[2], out[3]};
}

class PhiloxSimd : public ::testing::TestWithParam<Isa> {
 protected:
  void SetUp() override {
    if (!cpu_supports(GetParam())) {
      GTEST_SKIP() << "this CPU lacks " << to_string(GetParam());
    }
  }
  Isa isa() const { return GetParam(); }
};

// Random123's known-answer vectors (kat_vectors, philox4x32 10 rounds), in every lane.
TEST_P(PhiloxSimd, KnownAnswerVectorsInEveryLane) {
  struct Kat {
    std::uint32_t counter[4], key[2], expected[4];
  };
  const Kat kats[] = {
      {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
      {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
       {0xa4093822u, 0x299f31d0u},
       {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
  };
  // 37 lanes: more than two registers of every ISA, and a partial last one.
  const std::size_t count = 37;
  for (const Kat& kat : kats) {
    ASSERT_EQ(scalar_philox(kat.counter, kat.key),
              std::vector<std::uint32_t>(kat.expected, kat.expected + 4));
    std::vector<std::uint32_t> counters, keys, words(4 * count);
    for (std::size_t i = 0; i < count; ++i) {
      counters.insert(counters.end(), kat.counter, kat.counter + 4);
      keys.insert(keys.end(), kat.key, kat.key + 2);
    }
    simd_philox_words(isa(), count, counters.data(), keys.data(), words.data());
    for (std::size_t i = 0; i < count; ++i) {
      for (int w = 0; w < 4; ++w) {
        ASSERT_EQ(words[4 * i + w], kat.expected[w]) << "lane " << i << " word " << w;
      }
    }
  }
}

// Every lane its own random counter and key, compared with Random123.
TEST_P(PhiloxSimd, RandomCountersAndKeysMatchRandom123InEveryLane) {
  std::mt19937 gen(20201);
  const std::size_t count = 4 * 64 + 13;
  std::vector<std::uint32_t> counters(4 * count), keys(2 * count), words(4 * count);
  for (auto& c : counters) c = static_cast<std::uint32_t>(gen());
  for (auto& k : keys) k = static_cast<std::uint32_t>(gen());
  simd_philox_words(isa(), count, counters.data(), keys.data(), words.data());
  for (std::size_t i = 0; i < count; ++i) {
    const auto expected = scalar_philox(&counters[4 * i], &keys[2 * i]);
    for (int w = 0; w < 4; ++w) ASSERT_EQ(words[4 * i + w], expected[w]) << "lane " << i;
  }
}

// The fused kernel's form (lane-independent parts of rounds 1-3 done once) equals
// lifbench::philox_words for random seeds, blocks, domains and neuron ranges, including
// ranges next to a 2^32 boundary of the neuron index.
TEST_P(PhiloxSimd, StreamWordsMatchCounterWords) {
  std::mt19937_64 gen(77);
  const std::uint64_t firsts[] = {0,
                                  16,
                                  1008,
                                  (std::uint64_t{1} << 32) - 64,
                                  std::uint64_t{1} << 32,
                                  (std::uint64_t{7} << 32) + 4096,
                                  (gen() >> 8) & ~std::uint64_t{15}};
  for (std::uint64_t first : firsts) {
    for (int trial = 0; trial < 4; ++trial) {
      const std::uint64_t seed = trial == 0 ? 2020 : gen();
      const auto block = static_cast<std::uint32_t>(trial == 1 ? 0xffffffffu : gen());
      const std::uint32_t domain = trial % 2 == 0 ? kDomainUniform : kDomainNormal;
      const std::size_t count = 80;
      std::vector<std::uint32_t> words(4 * count);
      simd_philox_stream_words(isa(), seed, first, count, block, domain, words.data());
      for (std::size_t l = 0; l < count; ++l) {
        const CounterWords expected = philox_words(seed, first + l, block, domain);
        for (int w = 0; w < 4; ++w) {
          ASSERT_EQ(words[4 * l + w], expected.w[w])
              << "j " << first + l << " block " << block << " seed " << seed;
        }
      }
    }
  }
}

// The kernel's uniform conversion (res53 in f64, 24 bits in f32, per-ISA widening) gives
// philox_uniform<T>'s bits for every step parity and neuron.
template <class T>
void expect_uniforms_match(Isa isa) {
  std::mt19937_64 gen(5);
  for (std::uint64_t first : {std::uint64_t{0}, std::uint64_t{1024}, (std::uint64_t{1} << 32) - 128,
                              std::uint64_t{3} << 40}) {
    for (std::int64_t k : {0, 1, 2, 3, 4, 5, 6, 7, 149, 1000001}) {
      const std::uint64_t seed = gen();
      const std::size_t count = 130;
      std::vector<T> u(count);
      simd_philox_uniforms(isa, seed, first, count, k, u.data());
      for (std::size_t l = 0; l < count; ++l) {
        const T expected = philox_uniform<T>(seed, first + l, k);
        ASSERT_EQ(std::memcmp(&u[l], &expected, sizeof(T)), 0)
            << "j " << first + l << " k " << k << ": " << u[l] << " vs " << expected;
      }
    }
  }
}

TEST_P(PhiloxSimd, UniformsMatchTheScalarDefinitionF64) { expect_uniforms_match<double>(isa()); }
TEST_P(PhiloxSimd, UniformsMatchTheScalarDefinitionF32) { expect_uniforms_match<float>(isa()); }

// The random-number floor generates the kernel's uniforms: its checksum is their sum (up to
// summation order), for every thread count.
TEST_P(PhiloxSimd, FloorChecksumIsTheSumOfTheStreamUniforms) {
  const std::int64_t neurons = 192, steps = 12;  // whole blocks in both precisions
  for (Precision p : {Precision::f64, Precision::f32}) {
    double expected = 0.0;
    for (std::int64_t j = 0; j < neurons; ++j) {
      for (std::int64_t k = 0; k < steps; ++k) {
        expected += p == Precision::f64 ? philox_uniform<double>(9, j, k)
                                        : static_cast<double>(philox_uniform<float>(9, j, k));
      }
    }
    for (int threads : {1, 2, 3}) {
      const double checksum = philox_floor(p, neurons, steps, 9, isa(), threads);
      EXPECT_NEAR(checksum, expected, 1e-6 * expected) << to_string(p) << " threads " << threads;
    }
  }
}

// Every row of the ISA table, best first.
std::vector<Isa> table_isas() {
  std::vector<Isa> isas;
  for (const IsaInfo& row : isa_table()) isas.push_back(row.isa);
  return isas;
}

INSTANTIATE_TEST_SUITE_P(Isas, PhiloxSimd, ::testing::ValuesIn(table_isas()),
                         [](const ::testing::TestParamInfo<Isa>& param_info) {
                           return std::string(to_string(param_info.param));
                         });

// The lane and block shapes the tests size their tails by.
TEST(PhiloxSimdShape, LanesAndBlocksFollowTheRegisterWidth) {
  for (const IsaInfo& row : isa_table()) {
    const Isa isa = row.isa;
    if (!cpu_supports(isa)) continue;
    const int bits = row.register_bits;
    EXPECT_EQ(simd_lanes(isa, Precision::f64), bits / 64);
    EXPECT_EQ(simd_lanes(isa, Precision::f32), bits / 32);
    for (Precision p : {Precision::f64, Precision::f32}) {
      EXPECT_EQ(simd_block_neurons(isa, p) % simd_lanes(isa, p), 0);
      EXPECT_EQ(kChunk % simd_block_neurons(isa, p), 0);
    }
  }
  EXPECT_THROW(
      simd_philox_uniforms(isa_table().back().isa, 1, 3, 1, 0, static_cast<double*>(nullptr)),
      std::invalid_argument);
}

}  // namespace
}  // namespace lifbench
