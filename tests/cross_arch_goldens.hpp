// The cross-architecture goldens (reference/golden/cross_arch.txt): what each case records,
// hashed with SHA-256, so that a build on any CPU family can be checked against the digests
// another family wrote. Shared by the test (test_cross_arch.cpp) and the generator
// (cross_arch_goldens_main.cpp, `make goldens`), which prints the file from the reference.
//
// A digest hashes the bytes of the recorded arrays as this machine stores them (little-endian
// IEEE doubles and floats, int64 counts): the same bytes on x86-64 and aarch64.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <map>
#include <numbers>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "lifbench/isa.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"
#include "lifbench/numpy_random.hpp"
#include "lifbench/philox.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/streams.hpp"
#include "sha256.hpp"

namespace lifbench::goldens {

static_assert(std::endian::native == std::endian::little, "the digests hash little-endian bytes");

// The CPU family this build targets (the ISA table's family, isa.hpp).
inline const char* architecture() { return LIFBENCH_ISA_FAMILY; }

// One golden simulation: the model's defaults (the notebook's) except these.
struct RunCase {
  Stream stream;
  Precision precision;
  std::uint64_t seed;
  std::int64_t neurons;
  double t_max;
  double t_ref_sigma;  // > 0: refractory periods drawn from normals (libm's log and cos)

  // "f64_philox_s2020_n500_k150_fixed": the case's line in the file and its test name.
  std::string name() const {
    std::ostringstream os;
    os << to_string(precision) << '_' << to_string(stream) << "_s" << seed << "_n" << neurons
       << "_k" << step_count(t_max, 0.001) << (t_ref_sigma > 0 ? "_random_t_ref" : "_fixed");
    return os.str();
  }

  ModelParams params() const {
    ModelParams p;
    p.seed = seed;
    p.neurons = neurons;
    p.t_max = t_max;
    p.noise = 1.2247448713915892;  // the notebook's 0.1 * sqrt(150), written out: no libm pow
    p.t_ref_sigma = t_ref_sigma;
    return p;
  }
};

// How gtest prints a case: its name.
inline void PrintTo(const RunCase& c, std::ostream* os) { *os << c.name(); }

// Every golden simulation: sizes 1 (one partial block), 37 (odd, across blocks), 129 and 500
// (the notebook's), fixed and random refractory periods, both precisions, every stream of the
// stream table.
inline std::vector<RunCase> run_cases() {
  struct Shape {
    std::uint64_t seed;
    std::int64_t neurons;
    double t_max, t_ref_sigma;
  };
  const Shape shapes[] = {{2020, 500, 0.150, 0.0},
                          {2020, 500, 0.150, 0.007},
                          {7, 37, 0.150, 0.0},
                          {7, 1, 0.400, 0.002},
                          {123456789, 129, 0.064, 0.007}};
  std::vector<RunCase> cases;
  for (const StreamInfo& stream : stream_table()) {
    for (Precision precision : {Precision::f64, Precision::f32}) {
      for (const Shape& s : shapes) {
        cases.push_back({stream.stream, precision, s.seed, s.neurons, s.t_max, s.t_ref_sigma});
      }
    }
  }
  return cases;
}

// The request of a case for one execution, recording everything the digests hold.
inline SimRequest request_of(const RunCase& c, const Kernel& kernel, const ExecConfig& exec) {
  SimRequest req;
  req.params = c.params();
  req.precision = c.precision;
  req.stream = c.stream;
  req.kernel = &kernel;
  req.exec = exec;
  req.record = {.raster = true, .v = true, .t_ref = true, .stats = true};
  req.histogram = default_histogram(req.params, step_count(req.params.t_max, req.params.dt));
  return req;
}

// SHA-256 of the bytes of a vector's values.
template <class T>
std::string sha_of(const std::vector<T>& values) {
  return lifbench_test::sha256_hex(values.data(), values.size() * sizeof(T));
}

// The digests of a run: raster, v, t_ref and the summary statistics (total spikes, spikes
// per step, mean v per step, the histograms' steps and counts), in this order.
inline std::map<std::string, std::string> digests_of(const SimResult& r, Precision precision) {
  lifbench_test::Sha256 summary;
  const auto add = [&summary](const auto& values) {
    summary.update(values.data(), values.size() * sizeof(values[0]));
  };
  summary.update(&r.total_spikes, sizeof r.total_spikes);
  add(r.spikes_per_step);
  add(r.mean_v);
  for (const Histogram& h : r.histograms) {
    const std::int64_t edges[] = {h.step, h.below, h.above};
    summary.update(edges, sizeof edges);
    add(h.counts);
  }
  const bool f64 = precision == Precision::f64;
  return {{"raster", sha_of(r.raster)},
          {"v", f64 ? sha_of(r.v64) : sha_of(r.v32)},
          {"t_ref", f64 ? sha_of(r.t_ref64) : sha_of(r.t_ref32)},
          {"summary", summary.hex()}};
}

// One golden stream: the numbers a stream gives for fixed arguments, without a simulation.
struct StreamCase {
  std::string name;
  Stream stream;
  bool uses_libm;  // its numbers go through libm's log and cos (the normals)
  std::function<std::string()> digest;
};

inline void PrintTo(const StreamCase& c, std::ostream* os) { *os << c.name; }

// The line of the libm probe (libm_probe below) in the file.
inline constexpr const char* kLibmProbe = "libm_log_cos";

// SHA-256 of f(i) for i < count (values of one type).
template <class F>
std::string digest_of_values(std::int64_t count, F f) {
  std::vector<decltype(f(std::int64_t{0}))> values;
  values.reserve(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) values.push_back(f(i));
  return sha_of(values);
}

// The libm functions the normals go through, on the inputs the philox normals give them:
// log(1 - u1) and cos(2 pi u2) for seed 2020, neurons 0 .. 65535. A machine whose libm rounds
// them differently (docs/arm64.md) gives other normals for some neurons.
inline std::string libm_probe() {
  return digest_of_values(2 * 65536, [](std::int64_t i) {
    const CounterWords w = philox_words(2020, static_cast<std::uint64_t>(i / 2), 0, kDomainNormal);
    return i % 2 == 0 ? std::log(1.0 - uniform53(w.w[0], w.w[1]))
                      : std::cos(2.0 * std::numbers::pi * uniform53(w.w[2], w.w[3]));
  });
}

// The <stream>_words cases: 4 words of seed 2020, neurons j < kWordsNeurons, blocks 0, 1 and
// domains 0, 1, domain-major then block then neuron (the SIMD stream words' layout, per call).
inline constexpr std::uint64_t kWordsSeed = 2020;
inline constexpr std::int64_t kWordsNeurons = 4096;
inline constexpr std::int64_t kWordsPerBlockDomain = 4 * kWordsNeurons;
inline std::uint32_t words_case_word(Stream s, std::int64_t i) {
  const auto j = static_cast<std::uint64_t>(i / 4 % kWordsNeurons);
  const auto block = static_cast<std::uint32_t>(i / kWordsPerBlockDomain % 2);
  const auto domain = static_cast<std::uint32_t>(i / (2 * kWordsPerBlockDomain));
  return stream_words(s, kWordsSeed, j, block, domain).w[i % 4];
}

// The <stream>_uniform cases: u[j, k] of seed 7 for j < 1024, k < 16, neuron-major.
inline constexpr std::uint64_t kUniformSeed = 7;
inline constexpr std::int64_t kUniformNeurons = 1024;
inline constexpr std::int64_t kUniformSteps = 16;

// The streams' numbers: for every counter-based stream of the table its words, uniforms in
// both precisions and normals; NumPy's res53 uniforms and legacy normals after seed(2020).
inline std::vector<StreamCase> stream_cases() {
  std::vector<StreamCase> cases;
  for (const StreamInfo& info : stream_table()) {
    if (!info.counter_based) continue;
    const Stream s = info.stream;
    const std::string name(info.name);
    cases.push_back({name + "_words_s2020", s, false, [s] {
                       return digest_of_values(kWordsPerBlockDomain * 4, [s](std::int64_t i) {
                         return words_case_word(s, i);
                       });
                     }});
    cases.push_back(
        {name + "_uniform_f64_s7", s, false, [s] {
           return digest_of_values(kUniformNeurons * kUniformSteps, [s](std::int64_t i) {
             return stream_uniform<double>(
                 s, kUniformSeed, static_cast<std::uint64_t>(i / kUniformSteps), i % kUniformSteps);
           });
         }});
    cases.push_back(
        {name + "_uniform_f32_s7", s, false, [s] {
           return digest_of_values(kUniformNeurons * kUniformSteps, [s](std::int64_t i) {
             return stream_uniform<float>(
                 s, kUniformSeed, static_cast<std::uint64_t>(i / kUniformSteps), i % kUniformSteps);
           });
         }});
    cases.push_back({name + "_normal_s2020", s, true, [s] {
                       return digest_of_values(65536, [s](std::int64_t j) {
                         return stream_normal(s, 2020, static_cast<std::uint64_t>(j));
                       });
                     }});
  }
  cases.push_back({"numpy_random_s2020", Stream::numpy, false, [] {
                     NumpyRandom rng(2020);
                     return digest_of_values(65536, [&rng](std::int64_t) { return rng.random(); });
                   }});
  cases.push_back({"numpy_normal_s2020", Stream::numpy, true, [] {
                     NumpyRandom rng(2020);
                     return digest_of_values(65536, [&rng](std::int64_t) { return rng.normal(); });
                   }});
  return cases;
}

// The line that records the stream versions the goldens were written with.
inline constexpr const char* kStreamVersions = "stream_versions";

// This build's stream versions as that line's values ("numpy" -> "1", ...).
inline std::map<std::string, std::string> stream_versions() {
  std::map<std::string, std::string> versions;
  for (const StreamInfo& info : stream_table()) {
    versions[std::string(info.name)] = std::to_string(info.version);
  }
  return versions;
}

// One line of the file: a case name and its digests by key ("raster=...", "sha256=...").
struct GoldenLine {
  std::string name;
  std::map<std::string, std::string> digests;
};

// "name key=hex key=hex ..." (the file's format; '#' lines are comments).
inline std::string format_line(const std::string& name,
                               const std::map<std::string, std::string>& digests) {
  std::string line = name;
  for (const auto& [key, hex] : digests) line += " " + key + "=" + hex;
  return line;
}

// The file's lines by case name; throws std::runtime_error on a malformed line.
inline std::map<std::string, GoldenLine> read_goldens(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::map<std::string, GoldenLine> lines;
  for (std::string text; std::getline(in, text);) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream words(text);
    GoldenLine line;
    words >> line.name;
    for (std::string word; words >> word;) {
      const std::size_t eq = word.find('=');
      if (eq == std::string::npos || eq == 0) throw std::runtime_error("malformed: " + text);
      line.digests[word.substr(0, eq)] = word.substr(eq + 1);
    }
    if (line.digests.empty() || !lines.emplace(line.name, line).second) {
      throw std::runtime_error("malformed or repeated: " + text);
    }
  }
  return lines;
}

}  // namespace lifbench::goldens
