#include "lifbench/verify.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "lifbench/simulate.hpp"

namespace lifbench::cli {

namespace {

// A small request: all recordable outputs, so the comparison covers everything.
SimRequest verify_request(const Kernel* kernel, Precision precision, Stream stream, std::int64_t n,
                          std::uint64_t seed, double sigma) {
  SimRequest req;
  req.kernel = kernel;
  req.precision = precision;
  req.stream = stream;
  req.params.neurons = n;
  req.params.seed = seed;
  req.params.t_ref_sigma = sigma;
  req.record = RecordSet{true, true, true, true, true};
  req.histogram = default_histogram(req.params, step_count(req.params.t_max, req.params.dt));
  return req;
}

}  // namespace

int run_verify(const VerifyOptions& opt, std::ostream& os) {
  const std::vector<std::int64_t> sizes =
      opt.quick ? std::vector<std::int64_t>{0, 1, 17, 1001}
                : std::vector<std::int64_t>{0, 1, 7, 15, 16, 17, 1001, 2048 + 83};
  const std::vector<std::uint64_t> seeds =
      opt.quick ? std::vector<std::uint64_t>{2020} : std::vector<std::uint64_t>{2020, 7};
  int mismatches = 0, checks = 0;
  char line[256];
  std::snprintf(line, sizeof line, "%-10s %-7s %-8s %-4s %-7s %7s  %s\n", "kernel", "isa",
                "threads", "prec", "rng", "cases", "result");
  os << line;
  for (const Kernel* kernel : registry()) {
    if (kernel == &kReferenceKernel || !kernel->supported()) continue;
    const std::vector<int> thread_counts =
        kernel->uses_threads ? std::vector<int>{1, 2, 3} : std::vector<int>{1};
    for (Isa isa : supported_isas(*kernel)) {
      for (int threads : thread_counts) {
        for (Precision precision : {Precision::f64, Precision::f32}) {
          if (precision == Precision::f32 && kernel->run_f32 == nullptr) continue;
          for (Stream stream : {Stream::numpy, Stream::philox}) {
            int cases = 0;
            std::string failure;
            for (std::int64_t n : sizes) {
              for (std::uint64_t seed : seeds) {
                for (double sigma : {0.0, 0.007}) {
                  SimRequest req = verify_request(kernel, precision, stream, n, seed, sigma);
                  req.exec.isa = isa;
                  req.exec.threads = threads;
                  SimRequest ref =
                      verify_request(&kReferenceKernel, precision, stream, n, seed, sigma);
                  const std::string diff = first_difference(simulate(ref), simulate(req));
                  ++cases;
                  if (!diff.empty() && failure.empty()) {
                    failure =
                        "n=" + std::to_string(n) + " seed=" + std::to_string(seed) + ": " + diff;
                  }
                }
              }
            }
            ++checks;
            if (!failure.empty()) ++mismatches;
            std::snprintf(line, sizeof line, "%-10s %-7s %-8d %-4s %-7s %7d  ",
                          kernel->name.c_str(), std::string(to_string(isa)).c_str(), threads,
                          std::string(to_string(precision)).c_str(),
                          std::string(to_string(stream)).c_str(), cases);
            os << line << (failure.empty() ? "identical" : "MISMATCH " + failure) << "\n";
          }
        }
      }
    }
  }
  os << (mismatches == 0 ? "verify: all " : "verify: ") << checks - mismatches << " of " << checks
     << " configurations bit-identical to the reference\n";
  return mismatches;
}

}  // namespace lifbench::cli
