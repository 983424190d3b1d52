#include "lifbench/verify.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "lifbench/execution.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/streams.hpp"

namespace lifbench::cli {

namespace {

// One case: a request template that the kernel under test and the reference both run.
struct VerifyCase {
  SimRequest request;  // kernel, isa and threads unset
  std::string label;   // for a mismatch message
};

// A small request recording everything, so the comparison covers every output.
SimRequest verify_request(Precision precision, Stream stream, std::int64_t n, std::uint64_t seed,
                          double sigma) {
  SimRequest req;
  req.precision = precision;
  req.stream = stream;
  req.params.neurons = n;
  req.params.seed = seed;
  req.params.t_ref_sigma = sigma;
  req.record = RecordSet{true, true, true, true, true};
  req.histogram = default_histogram(req.params, step_count(req.params.t_max, req.params.dt));
  return req;
}

// The ordinary grid of one stream: sizes x seeds x fixed and random refractory periods.
std::vector<VerifyCase> grid_cases(bool quick, Precision precision, Stream stream) {
  const std::vector<std::int64_t> sizes =
      quick ? std::vector<std::int64_t>{0, 1, 17, 1001}
            : std::vector<std::int64_t>{0, 1, 7, 15, 16, 17, 1001, 2048 + 83};
  const std::vector<std::uint64_t> seeds =
      quick ? std::vector<std::uint64_t>{2020} : std::vector<std::uint64_t>{2020, 7};
  std::vector<VerifyCase> cases;
  for (std::int64_t n : sizes) {
    for (std::uint64_t seed : seeds) {
      for (double sigma : {0.0, 0.007}) {
        cases.push_back({verify_request(precision, stream, n, seed, sigma),
                         "n=" + std::to_string(n) + " seed=" + std::to_string(seed)});
      }
    }
  }
  return cases;
}

// The cases of one declared code path: a run shaped to take it, for two seeds.
std::vector<VerifyCase> path_cases(const KernelPath& path, Precision precision) {
  std::vector<VerifyCase> cases;
  for (std::uint64_t seed : {2020u, 7u}) {
    // Whole blocks of every ISA (64 neurons) unless the path is the partial block.
    const std::int64_t n = path.partial_block ? 1001 : 2 * kChunk + 128;
    SimRequest req = verify_request(precision, path.stream, n, seed, path.random_t_ref ? 0.004 : 0);
    if (!path.records_rows) req.record = RecordSet{false, false, false, true, false};
    if (path.tiny_noise) {  // noise * 2^-31 (2^-23 in f32) underflows; spikes from i_mean alone
      req.params.noise = precision == Precision::f64 ? 3e-300 : 3e-35;
      req.params.i_mean = 4e-10;
    }
    cases.push_back({req, "path " + std::string(path.name) + " seed=" + std::to_string(seed)});
  }
  return cases;
}

// Runs the cases on one execution and on the reference; the first difference, or empty.
std::string first_mismatch(const Execution& e, const std::vector<VerifyCase>& cases) {
  for (const VerifyCase& c : cases) {
    SimRequest got = c.request;
    got.kernel = e.kernel;
    got.exec = e.config();
    SimRequest expected = c.request;
    expected.kernel = &reference_kernel();
    const std::string diff = first_difference(simulate(expected), simulate(got));
    if (!diff.empty()) return c.label + ": " + diff;
  }
  return {};
}

// The executions to check: the matrix, restricted to the requested kernels.
std::vector<Execution> executions_of(const VerifyOptions& opt) {
  MatrixOptions m;
  m.thread_counts = {1, 2, 3};
  std::vector<Execution> all = execution_matrix(m);
  if (opt.kernels.empty()) return all;
  std::vector<Execution> chosen;
  for (const Kernel* k : opt.kernels) {
    if (!k->supported()) continue;
    for (Isa isa : supported_isas(*k)) {
      for (int t : k->caps.threads ? m.thread_counts : std::vector<int>{1}) {
        chosen.push_back({k, isa, t});
      }
    }
  }
  return chosen;
}

}  // namespace

int run_verify(const VerifyOptions& opt, std::ostream& os) {
  int mismatches = 0, checks = 0;
  char line[256];
  std::snprintf(line, sizeof line, "%-10s %-7s %-8s %-4s %-7s %-12s %7s  %s\n", "kernel", "isa",
                "threads", "prec", "rng", "case", "cases", "result");
  os << line;
  // Prints one row of the table and counts it.
  const auto row = [&](const Execution& e, Precision precision, Stream stream,
                       const std::string& what, const std::vector<VerifyCase>& cases) {
    const std::string failure = first_mismatch(e, cases);
    ++checks;
    if (!failure.empty()) ++mismatches;
    std::snprintf(line, sizeof line, "%-10s %-7s %-8d %-4s %-7s %-12s %7zu  ",
                  e.kernel->name.c_str(), std::string(to_string(e.isa)).c_str(), e.threads,
                  std::string(to_string(precision)).c_str(), std::string(to_string(stream)).c_str(),
                  what.c_str(), cases.size());
    os << line << (failure.empty() ? "identical" : "MISMATCH " + failure) << "\n";
  };
  for (const Execution& e : executions_of(opt)) {
    for (Precision precision : precisions_of(*e.kernel)) {
      for (Stream stream : streams_here()) {
        row(e, precision, stream, "grid", grid_cases(opt.quick, precision, stream));
      }
      for (const KernelPath& path : e.kernel->paths) {
        if (path.only_isa != Isa::automatic && path.only_isa != e.isa) continue;
        std::string label(path.name);  // one column of the table: no spaces
        std::replace(label.begin(), label.end(), ' ', '-');
        row(e, precision, path.stream, label, path_cases(path, precision));
      }
    }
  }
  os << (mismatches == 0 ? "verify: all " : "verify: ") << checks - mismatches << " of " << checks
     << " configurations bit-identical to the reference\n";
  return mismatches;
}

}  // namespace lifbench::cli
