// The same bits on every CPU family (docs/arm64.md): the committed digests of
// reference/golden/cross_arch.txt, written by `make goldens` from the reference kernel on one
// machine, reproduced here by every execution (kernel x ISA x threads) of this build, and the
// streams' numbers, scalar and through the SIMD Philox of every ISA. Each test names the
// architecture it ran on: the parameterized tests in their names ("..._on_aarch64"), all of
// them on stdout and in the XML property "architecture".
//
// The normals go through libm's log and cos, which round differently on some machines
// (x86-64 glibc without its FMA variants, for one: about 6 in 10^4 normals differ in their last
// bit there). Where the libm probe's digest (libm_log_cos) differs, the two stream cases of
// normals are skipped, saying so; the simulations that draw normal refractory periods are
// checked everywhere (their periods matched on every machine measured, docs/arm64.md).
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "cross_arch_goldens.hpp"
#include "lifbench/ars_lanes.hpp"
#include "lifbench/execution.hpp"
#include "lifbench/philox_lanes.hpp"
#include "lifbench/streams.hpp"

namespace lifbench {
namespace {

using goldens::GoldenLine;
using goldens::RunCase;
using goldens::StreamCase;

const std::string kGoldenPath =
    std::string(LIFBENCH_SOURCE_DIR) + "/reference/golden/cross_arch.txt";

// The committed file, read once.
const std::map<std::string, GoldenLine>& golden_file() {
  static const std::map<std::string, GoldenLine> lines = goldens::read_goldens(kGoldenPath);
  return lines;
}

// The golden digests of a case, or null.
const std::map<std::string, std::string>* golden_of(const std::string& name) {
  const auto it = golden_file().find(name);
  return it == golden_file().end() ? nullptr : &it->second.digests;
}

// "aarch64, best ISA neon64": where this test runs.
std::string this_machine() {
  return std::string(goldens::architecture()) + ", best ISA " + std::string(to_string(best_isa()));
}

// Says (stdout, XML) which architecture the test runs on.
void announce(const std::string& what) {
  ::testing::Test::RecordProperty("architecture", goldens::architecture());
  std::cout << "[ on arch  ] " << what << ": " << this_machine() << std::endl;
}

// Whether this machine's libm gives the goldens' log and cos (the libm_log_cos line).
bool libm_matches_goldens() {
  static const bool matches = [] {
    const auto* golden = golden_of(goldens::kLibmProbe);
    return golden != nullptr && golden->count("sha256") &&
           golden->at("sha256") == goldens::libm_probe();
  }();
  return matches;
}

constexpr const char* kOtherLibm =
    "this machine's libm rounds log or cos differently from the machine the goldens were written "
    "on (libm_log_cos differs), so some of its normals differ in the last bit (docs/arm64.md)";

// The keys whose digests differ ("" if none), for a readable failure.
std::string differing(const std::map<std::string, std::string>& got,
                      const std::map<std::string, std::string>& want) {
  std::string keys;
  for (const auto& [key, hex] : want) {
    const auto it = got.find(key);
    if (it == got.end() || it->second != hex) keys += (keys.empty() ? "" : ", ") + key;
  }
  return keys.empty() && got.size() != want.size() ? std::string("the set of digests") : keys;
}

class CrossArchRun : public ::testing::TestWithParam<RunCase> {};

// Every execution of this build records what the reference recorded where the goldens were
// written: raster, v, t_ref and the summary statistics, bit for bit.
TEST_P(CrossArchRun, EveryExecutionReproducesTheGoldens) {
  const RunCase& c = GetParam();
  announce(c.name());
  const auto* golden = golden_of(c.name());
  ASSERT_NE(golden, nullptr) << c.name() << " is missing from " << kGoldenPath << " (make goldens)";
  if (const std::string_view why = stream_unavailable_reason(c.stream); !why.empty()) {
    GTEST_SKIP() << "the " << to_string(c.stream) << " stream " << why;
  }
  const MatrixOptions options{.include_reference = true, .thread_counts = {1, 2}};
  int runs = 0;
  for (const Execution& e : execution_matrix(options)) {
    if (c.precision == Precision::f32 && !e.kernel->caps.f32) continue;
    if (e.isa != Isa::automatic && !isa_runs_stream(e.isa, c.stream)) continue;
    const SimResult r = simulate(goldens::request_of(c, *e.kernel, e.config()));
    EXPECT_EQ(differing(goldens::digests_of(r, c.precision), *golden), "")
        << e << " on " << this_machine();
    ++runs;
  }
  EXPECT_GT(runs, 1);  // the reference and at least one other kernel
}

INSTANTIATE_TEST_SUITE_P(Goldens, CrossArchRun, ::testing::ValuesIn(goldens::run_cases()),
                         [](const ::testing::TestParamInfo<RunCase>& param_info) {
                           return param_info.param.name() + "_on_" + goldens::architecture();
                         });

class CrossArchStream : public ::testing::TestWithParam<StreamCase> {};

// The streams' numbers (scalar code: Random123, the uniform conversions, NumPy's generator).
TEST_P(CrossArchStream, GivesTheGoldenNumbers) {
  const StreamCase& c = GetParam();
  announce(c.name);
  const auto* golden = golden_of(c.name);
  ASSERT_NE(golden, nullptr) << c.name << " is missing from " << kGoldenPath << " (make goldens)";
  if (const std::string_view why = stream_unavailable_reason(c.stream); !why.empty()) {
    GTEST_SKIP() << "the " << to_string(c.stream) << " stream " << why;
  }
  if (c.uses_libm && !libm_matches_goldens()) GTEST_SKIP() << kOtherLibm;
  EXPECT_EQ(c.digest(), golden->at("sha256")) << c.name << " on " << this_machine();
}

INSTANTIATE_TEST_SUITE_P(Goldens, CrossArchStream, ::testing::ValuesIn(goldens::stream_cases()),
                         [](const ::testing::TestParamInfo<StreamCase>& param_info) {
                           return param_info.param.name + "_on_" + goldens::architecture();
                         });

// SHA-256 of the <stream>_words case computed by the SIMD code of one ISA.
std::string simd_words_digest(Stream s, Isa isa) {
  std::vector<std::uint32_t> words(static_cast<std::size_t>(4 * goldens::kWordsPerBlockDomain));
  for (std::uint32_t domain = 0; domain < 2; ++domain) {
    for (std::uint32_t block = 0; block < 2; ++block) {
      std::uint32_t* at = &words[(domain * 2 + block) * goldens::kWordsPerBlockDomain];
      const auto count = static_cast<std::size_t>(goldens::kWordsNeurons);
      if (s == Stream::ars) {
        simd_ars_stream_words(isa, goldens::kWordsSeed, 0, count, block, domain, at);
      } else {
        simd_philox_stream_words(isa, goldens::kWordsSeed, 0, count, block, domain, at);
      }
    }
  }
  return goldens::sha_of(words);
}

// SHA-256 of a philox_uniform case computed by the SIMD conversion of one ISA.
template <class T>
std::string simd_uniforms_digest(Isa isa) {
  const auto neurons = static_cast<std::size_t>(goldens::kUniformNeurons);
  const auto steps = static_cast<std::size_t>(goldens::kUniformSteps);
  std::vector<T> column(neurons), u(neurons * steps);
  for (std::size_t k = 0; k < steps; ++k) {
    simd_philox_uniforms(isa, goldens::kUniformSeed, 0, neurons, static_cast<std::int64_t>(k),
                         column.data());
    for (std::size_t j = 0; j < neurons; ++j) u[j * steps + k] = column[j];
  }
  return goldens::sha_of(u);
}

// The SIMD code of every counter-based stream on every ISA of this CPU that runs it gives the
// goldens' words (and, for philox, uniforms).
TEST(CrossArchSimdStream, EveryIsaGivesTheGoldenWords) {
  announce("SIMD streams");
  ASSERT_FALSE(supported_table_isas().empty()) << "no ISA of the table on " << this_machine();
  int checked = 0;
  for (Stream s : counter_streams_here()) {
    const std::string name(to_string(s));
    const auto* words = golden_of(name + "_words_s2020");
    ASSERT_NE(words, nullptr) << name << "_words_s2020 is missing (make goldens)";
    for (Isa isa : supported_table_isas()) {
      if (!isa_runs_stream(isa, s)) continue;
      EXPECT_EQ(simd_words_digest(s, isa), words->at("sha256")) << name << " " << to_string(isa);
      ++checked;
      if (s != Stream::philox) continue;
      EXPECT_EQ(simd_uniforms_digest<double>(isa), golden_of("philox_uniform_f64_s7")->at("sha256"))
          << to_string(isa);
      EXPECT_EQ(simd_uniforms_digest<float>(isa), golden_of("philox_uniform_f32_s7")->at("sha256"))
          << to_string(isa);
    }
  }
  EXPECT_GT(checked, 0);
}

// The goldens were written with this build's stream versions (else: make goldens).
TEST(CrossArchGoldenFile, WasWrittenWithThisBuildsStreamVersions) {
  const auto* versions = golden_of(goldens::kStreamVersions);
  ASSERT_NE(versions, nullptr) << kGoldenPath << " has no stream_versions line (make goldens)";
  for (const auto& [stream, version] : goldens::stream_versions()) {
    const auto it = versions->find(stream);
    EXPECT_TRUE(it != versions->end() && it->second == version)
        << "the goldens were written for another version of the " << stream
        << " stream than this build's " << version << ": run make goldens";
  }
  EXPECT_EQ(versions->size(), goldens::stream_versions().size());
}

// The file holds exactly the cases above: none left over from an older case list.
TEST(CrossArchGoldenFile, ListsExactlyTheCases) {
  std::map<std::string, int> expected;
  for (const RunCase& c : goldens::run_cases()) ++expected[c.name()];
  for (const StreamCase& c : goldens::stream_cases()) ++expected[c.name];
  ++expected[goldens::kLibmProbe];
  ++expected[goldens::kStreamVersions];
  for (const auto& [name, count] : expected) EXPECT_EQ(count, 1) << name << " is listed twice";
  for (const auto& [name, line] : golden_file()) {
    EXPECT_EQ(expected.count(name), 1u) << name << " is in the file but no case of the test";
  }
  EXPECT_EQ(golden_file().size(), expected.size());
}

}  // namespace
}  // namespace lifbench
