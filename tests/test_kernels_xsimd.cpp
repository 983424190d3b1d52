// Every registered kernel on every ISA (and the openmp kernel on 1, 2 and 3 threads) against
// the reference, bit for bit in everything recorded (raster, v, t_ref, per-neuron spikes,
// per-step spikes, mean v, histograms): both precisions, both streams, and population sizes
// around the lane width L and the block size B of the ISA (0, 1, L-1, L, L+1, B-1, B+1,
// 5L+3, 1001, chunk size +-1, and random sizes), so every tail of the vector code is hit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <ostream>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "lifbench/execution.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/philox_lanes.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/streams.hpp"
#include "lifbench/testing/xsimd_hooks.hpp"

namespace lifbench {
namespace {

// The execution matrix with every row of the ISA table (the CPU's missing ones are skipped
// at run time, so the log shows them) and 1, 2 and 3 threads for threaded kernels.
std::vector<Execution> all_executions() {
  MatrixOptions m;
  m.all_table_isas = true;
  m.only_supported_kernels = false;
  return execution_matrix(m);
}

// A run with everything recorded, histograms at three steps.
SimRequest full_request(const ModelParams& p, Precision precision, Stream stream) {
  SimRequest req;
  req.params = p;
  req.precision = precision;
  req.stream = stream;
  req.record = RecordSet{true, true, true, true, true};
  HistogramSpec h = default_histogram(p, step_count(p.t_max, p.dt));
  h.steps.push_back(1);
  req.histogram = h;
  return req;
}

// The reference result of a case, computed once per case for all executions.
const SimResult& reference_result(const ModelParams& p, Precision precision, Stream stream) {
  using Key = std::tuple<std::int64_t, std::uint64_t, double, double, double, Precision, Stream>;
  static std::map<Key, SimResult> cache;
  const Key key{p.neurons, p.seed, p.t_ref_sigma, p.noise, p.i_mean, precision, stream};
  auto it = cache.find(key);
  if (it == cache.end()) {
    SimRequest req = full_request(p, precision, stream);
    req.kernel = &reference_kernel();
    it = cache.emplace(key, simulate(req)).first;
  }
  return it->second;
}

// Population sizes that hit every tail of an ISA's lanes and blocks, plus random ones.
std::vector<std::int64_t> sizes_for(Isa isa, Precision p) {
  std::set<std::int64_t> sizes = {0, 1, 7, 17, 1001, kChunk - 1, kChunk + 1};
  if (isa != Isa::automatic) {
    const std::int64_t lanes = simd_lanes(isa, p), block = simd_block_neurons(isa, p);
    for (std::int64_t n : {lanes - 1, lanes, lanes + 1, 5 * lanes + 3, block - 1, block + 1}) {
      sizes.insert(n);
    }
  }
  std::mt19937 gen(31337);
  std::uniform_int_distribution<std::int64_t> random_size(2, 2600);
  for (int i = 0; i < 2; ++i) sizes.insert(random_size(gen));
  return {sizes.begin(), sizes.end()};
}

class KernelsMatchReference : public ::testing::TestWithParam<Execution> {
 protected:
  void SetUp() override {
    const Execution& e = GetParam();
    if (!e.kernel->supported()) {
      GTEST_SKIP() << e.kernel->name << " is not supported here";
    }
    if (e.isa != Isa::automatic && !cpu_supports(e.isa)) {
      GTEST_SKIP() << "this CPU lacks " << to_string(e.isa);
    }
  }

  // Runs the execution on one case and compares with the reference.
  void expect_case(const ModelParams& p, Precision precision, Stream stream) {
    const Execution& e = GetParam();
    SimRequest req = full_request(p, precision, stream);
    req.kernel = e.kernel;
    req.exec.isa = e.isa;
    req.exec.threads = e.threads;
    const SimResult got = simulate(req);
    const SimResult& expected = reference_result(p, precision, stream);
    EXPECT_EQ(first_difference(expected, got), "")
        << "n=" << p.neurons << " " << to_string(precision) << " " << to_string(stream)
        << " seed=" << p.seed << " t_ref_sigma=" << p.t_ref_sigma << " noise=" << p.noise;
    if (e.kernel->caps.isas) {
      EXPECT_EQ(got.isa_used, e.isa);
    }
    EXPECT_EQ(got.total_spikes, expected.total_spikes);
  }
};

// The notebook's model with random refractory periods, every size, precision and stream.
TEST_P(KernelsMatchReference, EverySizePrecisionAndStream) {
  for (Precision precision : {Precision::f64, Precision::f32}) {
    if (precision == Precision::f32 && !GetParam().kernel->caps.f32) continue;
    for (std::int64_t n : sizes_for(GetParam().isa, precision)) {
      for (Stream stream : streams_here()) {
        ModelParams p;
        p.neurons = n;
        p.seed = 4242;
        p.t_ref_sigma = 0.004;
        expect_case(p, precision, stream);
      }
    }
  }
}

// A noise amplitude so small that the kernel's centred-uniform shortcut would round
// differently (noise * 2^-31 or 2^-23 underflows): the exact general path must take over.
TEST_P(KernelsMatchReference, TinyNoiseTakesTheExactPath) {
  for (Precision precision : {Precision::f64, Precision::f32}) {
    if (precision == Precision::f32 && !GetParam().kernel->caps.f32) continue;
    ModelParams p;
    p.neurons = 200;
    p.seed = 5;
    p.noise = precision == Precision::f64 ? 3e-300 : 3e-35;
    p.i_mean = 4e-10;  // spikes without the noise
    expect_case(p, precision, Stream::philox);
  }
}

// Statistics only (per-step spikes, mean v, histograms), the philox stream (and the numpy
// stream for the first two cases): the recording the fast paths serve (on AVX-512, the
// refractory test on lane bits; segments as long as the run). Cases: the notebook's
// fixed period (its quirk-1 steps included), none, one longer than the run, one where
// clamped neurons cross the threshold again (a big mean current) with a short and with a
// long period, random periods (the per-lane path), and a period too long for the release
// ring (the per-lane path again).
TEST_P(KernelsMatchReference, StatisticsOnlyRuns) {
  struct Case {
    const char* name;
    double t_ref_mu, t_ref_sigma, i_mean, t_max;
  };
  static const Case cases[] = {{"notebook", 0.010, 0.0, 2.5e-10, 0.150},
                               {"no refractory period", 0.0, 0.0, 2.5e-10, 0.150},
                               {"longer than the run", 0.2, 0.0, 4e-10, 0.150},
                               {"spikes while clamped", 0.005, 0.0, 5e-9, 0.150},
                               {"long, spikes while clamped", 1.0, 0.0, 5e-9, 1.2},
                               {"random periods", 0.010, 0.004, 2.5e-10, 0.150},
                               {"beyond the release ring", 66.0, 0.0, 2.5e-10, 66.2}};
  for (Precision precision : {Precision::f64, Precision::f32}) {
    if (precision == Precision::f32 && !GetParam().kernel->caps.f32) continue;
    for (const Case& c : cases) {
      for (Stream stream : {Stream::philox, Stream::numpy}) {
        if (stream == Stream::numpy && &c - cases >= 2) continue;
        const bool huge = c.t_max > 10;
        ModelParams p;
        p.neurons = huge ? 65 : 3001;
        p.seed = 977;
        p.t_ref_mu = c.t_ref_mu;
        p.t_ref_sigma = c.t_ref_sigma;
        p.i_mean = c.i_mean;
        p.t_max = c.t_max;
        SimRequest req = full_request(p, precision, stream);
        req.record = RecordSet{false, false, false, true, false};  // statistics only
        req.histogram.steps = {1, 17, step_count(p.t_max, p.dt) - 1};
        // The reference result of a case, computed once for all executions.
        static std::map<std::tuple<const Case*, Precision, Stream>, SimResult> references;
        auto it = references.find({&c, precision, stream});
        if (it == references.end()) {
          req.kernel = &reference_kernel();
          it = references.emplace(std::make_tuple(&c, precision, stream), simulate(req)).first;
        }
        const SimResult& expected = it->second;
        req.kernel = GetParam().kernel;
        req.exec.isa = GetParam().isa;
        req.exec.threads = GetParam().threads;
        const SimResult got = simulate(req);
        EXPECT_EQ(first_difference(expected, got), "")
            << c.name << " " << to_string(precision) << " " << to_string(stream);
        EXPECT_GT(expected.total_spikes, 0) << c.name;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, KernelsMatchReference, ::testing::ValuesIn(all_executions()),
                         [](const ::testing::TestParamInfo<Execution>& param_info) {
                           return param_info.param.name();
                         });

// The run `lifbench verify` builds for a declared code path (apps/lifbench/verify.cpp,
// path_cases; its first seed): whole blocks of every ISA unless the path is the partial block,
// everything recorded unless the path is statistics only.
SimRequest declared_path_request(const KernelPath& path, Precision precision) {
  ModelParams p;
  p.neurons = path.partial_block ? 1001 : 2 * kChunk + 128;
  p.seed = 2020;
  p.t_ref_sigma = path.random_t_ref ? 0.004 : 0.0;
  if (path.tiny_noise) {  // noise * 2^-31 (2^-23 in f32) underflows; spikes from i_mean alone
    p.noise = precision == Precision::f64 ? 3e-300 : 3e-35;
    p.i_mean = 4e-10;
  }
  SimRequest req;
  req.params = p;
  req.precision = precision;
  req.stream = path.stream;
  req.record = path.records_rows ? RecordSet{true, true, true, true, true}
                                 : RecordSet{false, false, false, true, false};
  req.histogram = default_histogram(p, step_count(p.t_max, p.dt));
  return req;
}

// The executions of the kernels that run the xsimd block loop (they declare its paths).
std::vector<Execution> block_loop_executions() {
  std::vector<Execution> chosen;
  for (const Execution& e : all_executions()) {
    if (e.kernel->paths.data() == testing::xsimd_declared_paths().data()) chosen.push_back(e);
  }
  return chosen;
}

class XsimdBlockPaths : public KernelsMatchReference {};

// Each declared path's verify case really runs its blocks on that path (all of them, but for
// the partial block's case, whose full blocks take another), and matches the reference.
TEST_P(XsimdBlockPaths, EachDeclaredPathIsTakenByItsVerifyCase) {
  const Execution& e = GetParam();
  for (Precision precision : precisions_of(*e.kernel)) {
    for (const KernelPath& path : e.kernel->paths) {
      if (path.only_isa != Isa::automatic && path.only_isa != e.isa) continue;
      SimRequest req = declared_path_request(path, precision);
      SimRequest expected_req = req;
      expected_req.kernel = &reference_kernel();
      req.kernel = e.kernel;
      req.exec = e.config();
      testing::reset_xsimd_block_path_counts();
      const SimResult got = simulate(req);
      const std::string_view target = testing::xsimd_block_path_of(path);
      std::int64_t on_target = -1, total = 0;
      for (const testing::BlockPathCount& c : testing::xsimd_block_path_counts()) {
        if (c.path == target) on_target = c.blocks;
        total += c.blocks;
      }
      const std::string what = std::string(path.name) + " " + std::string(to_string(precision));
      EXPECT_GT(on_target, 0) << what << ": no block ran on path " << target;
      if (!path.partial_block) {
        EXPECT_EQ(on_target, total) << what;
      }
      EXPECT_EQ(first_difference(simulate(expected_req), got), "") << what;
    }
  }
}

// Every path of the block loop is declared (so `lifbench verify` reaches it); the lane-bits
// path exists on x86-64 (AVX-512's mask registers).
TEST(XsimdBlockPathTable, EveryPathIsDeclared) {
  std::set<std::string_view> declared;
  for (const KernelPath& path : testing::xsimd_declared_paths()) {
    declared.insert(testing::xsimd_block_path_of(path));
  }
  for (const testing::BlockPathCount& c : testing::xsimd_block_path_counts()) {
#if !defined(__x86_64__)
    if (c.path == "lane bits") continue;
#endif
    EXPECT_TRUE(declared.count(c.path)) << "path " << c.path << " is not declared";
  }
  EXPECT_THROW(testing::xsimd_block_path_of(KernelPath{.name = "no such path"}),
               std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(BlockLoop, XsimdBlockPaths, ::testing::ValuesIn(block_loop_executions()),
                         [](const ::testing::TestParamInfo<Execution>& param_info) {
                           return param_info.param.name();
                         });

// Constants for the centred-current check: the members model.hpp's formulas read.
template <class T>
struct CentredCheckConstants {
  T a, i_mean, noise, noise_centred;
};

// The bits of a value.
template <class T>
std::uint64_t bits_of(T x) {
  std::uint64_t b = 0;
  std::memcpy(&b, &x, sizeof x);
  return b;
}

// model.hpp's centred shortcut: for u = m 2^-32 (f64, m a word) or m 2^-24 (f32), the current
// from the integer y = m - 2^31 (m - 2^23) equals the current from u bit for bit whenever
// centred_noise_is_exact(noise), which holds for ordinary amplitudes and fails where
// noise * 2^-31 (2^-23) underflows.
template <class T>
void expect_centred_current_exact() {
  constexpr int kBits = sizeof(T) == 8 ? 32 : 24;
  std::mt19937_64 gen(99);
  for (const double noise : {1.2247448713915892, 0.1, 3.0, 1e-3, 7.5e-20}) {
    const CentredCheckConstants<T> k{T(0.05), T(2.5e-10), T(noise), T(noise) * kCentredScale<T>};
    ASSERT_TRUE(centred_noise_is_exact(k.noise)) << noise;
    for (int trial = 0; trial < 20000; ++trial) {
      const std::uint64_t m =
          trial < 2 ? (trial == 0 ? 0 : (std::uint64_t{1} << kBits) - 1) : gen() >> (64 - kBits);
      const T u = static_cast<T>(m) * (T(1) / static_cast<T>(std::uint64_t{1} << kBits));
      const T y = static_cast<T>(static_cast<std::int64_t>(m) -
                                 static_cast<std::int64_t>(std::uint64_t{1} << (kBits - 1)));
      ASSERT_EQ(bits_of(input_current(u, k)), bits_of(input_current_centred(y, k)))
          << "noise " << noise << " m " << m;
    }
  }
  EXPECT_FALSE(centred_noise_is_exact(sizeof(T) == 8 ? T(3e-300) : T(3e-35)));
}

TEST(ModelFormulas, CentredCurrentEqualsTheCurrentWhereExact) {
  expect_centred_current_exact<double>();
  expect_centred_current_exact<float>();
}

// The registry's roles and descriptors: names are unique, the reference is the one kernel
// with the notebook's variants, the default kernel honours threads and ISAs (the fastest),
// and every descriptor's f32 capability matches its entry points.
TEST(KernelRegistry, RolesAndCapabilitiesAreConsistent) {
  std::set<std::string> names;
  for (const Kernel* k : registry()) {
    EXPECT_TRUE(names.insert(k->name).second) << "duplicate kernel name " << k->name;
    EXPECT_EQ(find_kernel(k->name), k);
    EXPECT_NE(k->run_f64, nullptr) << k->name;
    EXPECT_EQ(k->caps.f32, k->run_f32 != nullptr) << k->name;
    EXPECT_EQ(k->caps.variants, k == &reference_kernel()) << k->name;
    EXPECT_FALSE(k->description.empty()) << k->name;
  }
  EXPECT_NE(find_kernel(reference_kernel().name), nullptr);
  EXPECT_NE(find_kernel(default_kernel().name), nullptr);
  EXPECT_TRUE(default_kernel().caps.threads && default_kernel().caps.isas);
  EXPECT_GT(default_kernel().preferred_batch_chunks, 0);
  EXPECT_EQ(find_kernel("no such kernel"), nullptr);
}

// The execution matrix: each kernel once per ISA it honours and thread count, reference left
// out unless asked for, names unique.
TEST(ExecutionMatrix, CoversEveryKernelIsaAndThreadCount) {
  MatrixOptions m;
  m.all_table_isas = true;
  m.only_supported_kernels = false;
  m.thread_counts = {1, 4};
  std::set<std::string> names;
  std::size_t expected = 0;
  for (const Kernel* k : registry()) {
    if (k == &reference_kernel()) continue;
    expected += (k->caps.isas ? isa_table().size() : 1) * (k->caps.threads ? 2 : 1);
  }
  const std::vector<Execution> matrix = execution_matrix(m);
  EXPECT_EQ(matrix.size(), expected);
  for (const Execution& e : matrix) {
    EXPECT_TRUE(names.insert(e.name()).second) << e.name();
    EXPECT_NE(e.kernel, &reference_kernel());
    EXPECT_EQ(e.isa == Isa::automatic, !e.kernel->caps.isas) << e.name();
  }
  m.include_reference = true;
  EXPECT_EQ(execution_matrix(m).size(), expected + 1);
}

}  // namespace
}  // namespace lifbench
