// The highway kernel target by target: every Highway target that was compiled and that this
// CPU supports (AVX3, AVX2, SSE4, SSSE3, SCALAR, ...), also those no row of the ISA table
// reaches, forced one at a time and compared with the reference bit for bit (every size
// around its lanes and block, both precisions and streams, every statistics-only path,
// batches of one chunk, a continued run); its SIMD Philox against Random123 in every lane;
// and the mapping of the ISA rows onto targets (docs/approaches.md, "Highway").
#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "../kernels/src/highway/lif_highway.hpp"
#include "lifbench/philox.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/stepper.hpp"
#include "lifbench/streams.hpp"

namespace lifbench {
namespace highway {
// How a test prints a target parameter: its Highway name.
void PrintTo(const TargetEntry* e, std::ostream* os) { *os << target_name(e->target); }
}  // namespace highway

namespace {

using highway::TargetEntry;

// The highway kernel forced to one target, as a kernel descriptor the driver runs.
Kernel target_kernel(const TargetEntry& e) {
  return Kernel{.name = "highway_" + highway::target_name(e.target),
                .description = "the highway kernel on one Highway target",
                .caps = {},
                .run_f64 = e.run_f64,
                .run_f32 = e.run_f32,
                .preferred_batch_chunks = 256};
}

// Everything recorded, histograms at steps 1, K/10 and K-1.
SimRequest full_request(const ModelParams& p, Precision precision, Stream stream) {
  SimRequest req;
  req.params = p;
  req.precision = precision;
  req.stream = stream;
  req.record = RecordSet{true, true, true, true, true};
  req.histogram = default_histogram(p, step_count(p.t_max, p.dt));
  req.histogram.steps.push_back(1);
  return req;
}

// The first difference between the reference and `kernel` on `req` (empty: none).
std::string difference_from_reference(SimRequest req, const Kernel& kernel) {
  req.kernel = &reference_kernel();
  const SimResult expected = simulate(req);
  req.kernel = &kernel;
  const SimResult got = simulate(req);
  std::string diff = first_difference(expected, got);
  if (diff.empty() && expected.total_spikes != got.total_spikes) diff = "total spikes differ";
  return diff;
}

class HighwayTarget : public ::testing::TestWithParam<const TargetEntry*> {
 protected:
  const TargetEntry& entry() const { return *GetParam(); }
  const Kernel kernel_ = target_kernel(*GetParam());
};

// Sizes 0, 1, L-1, L, L+1, 5L+3 (L the target's lanes), block +-1, chunk + 1, 3001.
TEST_P(HighwayTarget, MatchesTheReferenceEverySizePrecisionAndStream) {
  for (Precision precision : {Precision::f64, Precision::f32}) {
    const std::int64_t lanes = precision == Precision::f64 ? entry().lanes_f64 : entry().lanes_f32;
    const std::int64_t block = entry().block_neurons;
    const std::set<std::int64_t> sizes = {
        0, 1, lanes - 1, lanes, lanes + 1, 5 * lanes + 3, block - 1, block + 1, kChunk + 1, 3001};
    for (std::int64_t n : sizes) {
      for (Stream stream : streams_here()) {
        ModelParams p;
        p.neurons = n;
        p.seed = 4242;
        p.t_ref_sigma = 0.004;
        EXPECT_EQ(difference_from_reference(full_request(p, precision, stream), kernel_), "")
            << "n=" << n << " " << to_string(precision) << " " << to_string(stream);
      }
    }
  }
}

// Statistics only: the lane-bits path (one period, fresh start; AVX3), centred, tail, general
// (tiny noise, numpy), spikes while clamped, a period beyond the release ring, and batches of
// one chunk (per-batch inputs: base_neuron > 0).
TEST_P(HighwayTarget, StatisticsOnlyPathsMatchTheReference) {
  struct Case {
    const char* name;
    Stream stream;
    std::int64_t neurons;
    double t_ref_mu, t_ref_sigma, i_mean, noise, t_max;
    std::int64_t batch_chunks;
  };
  const double noise = notebook_noise(0.150, 0.001);
  const Case cases[] = {
      {"one period", Stream::philox, 2 * kChunk + 128, 0.010, 0, 2.5e-10, noise, 0.150, 0},
      {"random periods", Stream::philox, 2 * kChunk + 128, 0.010, 0.004, 2.5e-10, noise, 0.150, 0},
      {"tail", Stream::philox, 1001, 0.010, 0, 2.5e-10, noise, 0.150, 0},
      {"numpy", Stream::numpy, 1001, 0.010, 0.004, 2.5e-10, noise, 0.150, 0},
      {"spikes while clamped", Stream::philox, 300, 0.005, 0, 5e-9, noise, 0.150, 0},
      {"beyond the release ring", Stream::philox, 65, 66.0, 0, 2.5e-10, noise, 66.2, 0},
      {"batches of one chunk", Stream::philox, 3001, 0.010, 0, 2.5e-10, noise, 0.150, 1}};
  for (Precision precision : {Precision::f64, Precision::f32}) {
    for (const Case& c : cases) {
      ModelParams p;
      p.neurons = c.neurons;
      p.seed = 977;
      p.t_ref_mu = c.t_ref_mu;
      p.t_ref_sigma = c.t_ref_sigma;
      p.i_mean = c.i_mean;
      p.noise = c.noise;
      p.t_max = c.t_max;
      SimRequest req = full_request(p, precision, c.stream);
      req.record = RecordSet{false, false, false, true, false};
      req.histogram.steps = {1, 17, step_count(p.t_max, p.dt) - 1};
      req.batch_chunks = c.batch_chunks;
      EXPECT_EQ(difference_from_reference(req, kernel_), "")
          << c.name << " " << to_string(precision);
    }
    ModelParams tiny;  // noise * 2^-31 (2^-23) underflows: the exact general path
    tiny.neurons = 200;
    tiny.noise = precision == Precision::f64 ? 3e-300 : 3e-35;
    tiny.i_mean = 4e-10;
    SimRequest req = full_request(tiny, precision, Stream::philox);
    req.record = RecordSet{false, false, false, true, false};
    EXPECT_EQ(difference_from_reference(req, kernel_), "") << "tiny noise " << to_string(precision);
  }
}

// A run continued in uneven pieces (Philox blocks cut anywhere) equals the reference's run.
template <class T>
void expect_continued_run_matches(const Kernel& kernel, std::int64_t n) {
  ModelParams p;
  p.neurons = n;
  p.seed = 99;
  p.t_ref_sigma = 0.004;
  SimRequest req =
      full_request(p, sizeof(T) == 8 ? Precision::f64 : Precision::f32, Stream::philox);
  req.kernel = &reference_kernel();
  const SimResult whole = simulate(req);
  const std::vector<T>& v = [&]() -> const std::vector<T>& {
    if constexpr (sizeof(T) == 8) {
      return whole.v64;
    } else {
      return whole.v32;
    }
  }();
  Stepper<T> neurons(kernel, p);
  const std::int64_t steps = whole.steps;
  for (std::int64_t piece :
       {std::int64_t{1}, std::int64_t{2}, std::int64_t{5}, std::int64_t{36}, steps - 1 - 44}) {
    neurons.advance_philox(piece);
    const std::int64_t k = neurons.step_index();
    for (std::int64_t j = 0; j < n; ++j) {
      ASSERT_EQ(neurons.v()[j], v[j * steps + k]) << kernel.name << " j=" << j << " k=" << k;
      ASSERT_EQ(neurons.spiked()[j], whole.raster[j * steps + k]) << kernel.name << " j=" << j;
    }
  }
  EXPECT_EQ(neurons.spike_counts(), whole.neuron_spikes);
}

TEST_P(HighwayTarget, ContinuedRunMatchesTheReference) {
  for (std::int64_t n :
       {std::int64_t{1}, std::int64_t{entry().block_neurons + 3}, std::int64_t{1100}}) {
    expect_continued_run_matches<double>(kernel_, n);
    expect_continued_run_matches<float>(kernel_, n);
  }
}

// Random123's known-answer vectors (philox4x32 10 rounds) in the lane whose counter they
// are, and random seeds, blocks, domains and neuron ranges (next to 2^32 boundaries of j)
// in every lane, against lifbench::philox_words (Random123).
TEST_P(HighwayTarget, CounterWordsMatchRandom123InEveryLane) {
  const std::uint64_t block_size = static_cast<std::uint64_t>(entry().block_neurons);
  struct Kat {
    std::uint64_t seed, j;
    std::uint32_t block, domain, expected[4];
  };
  const Kat kats[] = {{0, 0, 0, 0, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
                      {0x299f31d0a4093822u,
                       0x13198a2e85a308d3u,
                       0x243f6a88u,
                       0x03707344u,
                       {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}}};
  for (const Kat& kat : kats) {
    const std::uint64_t first = kat.j - kat.j % block_size;
    std::vector<std::uint32_t> words(4 * block_size);
    entry().stream_words(kat.seed, first, block_size, kat.block, kat.domain, words.data());
    for (int w = 0; w < 4; ++w) EXPECT_EQ(words[4 * (kat.j - first) + w], kat.expected[w]);
  }
  std::mt19937_64 gen(77);
  const std::uint64_t firsts[] = {0,
                                  64,
                                  (std::uint64_t{1} << 32) - 64,
                                  std::uint64_t{1} << 32,
                                  (std::uint64_t{7} << 32) + 4096,
                                  (gen() >> 8) & ~std::uint64_t{63}};
  for (std::uint64_t first : firsts) {
    for (int trial = 0; trial < 4; ++trial) {
      const std::uint64_t seed = trial == 0 ? 2020 : gen();
      const auto block = static_cast<std::uint32_t>(trial == 1 ? 0xffffffffu : gen());
      const std::uint32_t domain = trial % 2 == 0 ? kDomainUniform : kDomainNormal;
      const std::size_t count = 2 * block_size + 5;
      std::vector<std::uint32_t> words(4 * count);
      entry().stream_words(seed, first, count, block, domain, words.data());
      for (std::size_t l = 0; l < count; ++l) {
        const CounterWords expected = philox_words(seed, first + l, block, domain);
        for (int w = 0; w < 4; ++w) {
          ASSERT_EQ(words[4 * l + w], expected.w[w]) << "j " << first + l << " seed " << seed;
        }
      }
    }
  }
}

// The kernel's inputs of step k in every lane: u is philox_uniform<T>'s bits, and the
// centred integer y gives 2u - 1 = y 2^-31 (2^-23 in f32) exactly.
template <class T>
void expect_uniforms_match(const TargetEntry& e) {
  const T scale = kCentredScale<T>;  // model.hpp
  const std::size_t count = 3 * static_cast<std::size_t>(e.block_neurons) + 1;
  for (std::uint64_t first : {std::uint64_t{0}, (std::uint64_t{1} << 32) - 64}) {
    for (std::int64_t k : {0, 1, 2, 3, 4, 5, 6, 7, 149, 1000001}) {
      std::vector<T> u(count), y(count);
      if constexpr (sizeof(T) == 8) {
        e.uniforms_f64(2020, first, count, k, false, u.data());
        e.uniforms_f64(2020, first, count, k, true, y.data());
      } else {
        e.uniforms_f32(2020, first, count, k, false, u.data());
        e.uniforms_f32(2020, first, count, k, true, y.data());
      }
      for (std::size_t l = 0; l < count; ++l) {
        const T expected = philox_uniform<T>(2020, first + l, k);
        ASSERT_EQ(u[l], expected) << "j " << first + l << " k " << k;
        ASSERT_EQ(y[l] * scale, T(2) * expected - T(1)) << "j " << first + l << " k " << k;
      }
    }
  }
}

TEST_P(HighwayTarget, UniformsMatchThePhiloxStream) {
  expect_uniforms_match<double>(entry());
  expect_uniforms_match<float>(entry());
}

INSTANTIATE_TEST_SUITE_P(Compiled, HighwayTarget, ::testing::ValuesIn(highway::supported_targets()),
                         [](const ::testing::TestParamInfo<const TargetEntry*>& param_info) {
                           return highway::target_name(param_info.param->target);
                         });

// The targets: best first, each once, the first the one HWY_DYNAMIC_DISPATCH chooses; each
// ISA row on the best target no wider than its registers (so a row of a width some target
// has runs on a target of exactly that width: avx512 on AVX3, avx2 on AVX2, sse2 on SSE4 or
// SSSE3); auto on Highway's choice; and the registered kernel running on it.
TEST(HighwayTargets, RowsMapToTheBestTargetNoWiderThanTheirRegisters) {
  const std::vector<const TargetEntry*> targets = highway::supported_targets();
  ASSERT_FALSE(targets.empty());
  EXPECT_EQ(targets.front()->target, highway::dispatch_target());
  EXPECT_EQ(highway::target_for(Isa::automatic).target, highway::dispatch_target());
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    EXPECT_TRUE(seen.insert(targets[i]->target).second) << highway::target_name(targets[i]->target);
    if (i > 0) {
      EXPECT_LE(targets[i]->vector_bits, targets[i - 1]->vector_bits);
    }
  }
  for (Isa isa : supported_table_isas()) {
    const int bits = isa_info(isa).register_bits;
    const TargetEntry& mapped = highway::target_for(isa);
    EXPECT_LE(mapped.vector_bits, bits) << to_string(isa);
    for (const TargetEntry* e : targets) {
      if (e->vector_bits <= bits) {
        EXPECT_EQ(mapped.target, e->target) << to_string(isa);
        break;
      }
    }
  }
  ASSERT_NE(find_kernel("highway"), nullptr);
  EXPECT_TRUE(find_kernel("highway")->caps.isas);
}

}  // namespace
}  // namespace lifbench
