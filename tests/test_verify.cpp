// `lifbench verify` catches what it claims to: deliberately wrong kernels, known only to
// this test, must be reported as mismatches: one ulp off in one recorded voltage, and one
// ulp off in the Euler factor on a code path that only a declared KernelPath case reaches.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "lifbench/kernel.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/streams.hpp"
#include "lifbench/verify.hpp"

namespace lifbench {
namespace {

// The reference's results with the last recorded voltage one ulp higher.
void one_ulp_in_v(const Inputs<double>& in, const Outputs<double>& out, std::int64_t chunk_begin,
                  std::int64_t chunk_end, const ExecConfig& exec) {
  reference_kernel().run_f64(in, out, chunk_begin, chunk_end, exec);
  const std::int64_t rows = chunk_end_neuron(chunk_end - 1, in.neurons) - in.base_neuron;
  if (out.v && rows > 0) {
    double& last = out.v[rows * in.steps - 1];
    last = std::nextafter(last, INFINITY);
  }
}

// Right whenever rows are recorded; on statistics-only runs (the shape no ordinary verify
// case has) its Euler factor a = dt / tau is one ulp too large.
void one_ulp_in_stats_only(const Inputs<double>& in, const Outputs<double>& out,
                           std::int64_t chunk_begin, std::int64_t chunk_end,
                           const ExecConfig& exec) {
  Inputs<double> mutated = in;
  if (out.v == nullptr && out.raster == nullptr) mutated.c.a = std::nextafter(in.c.a, INFINITY);
  reference_kernel().run_f64(mutated, out, chunk_begin, chunk_end, exec);
}

constexpr KernelPath kStatisticsOnly[] = {{.name = "stats-only", .records_rows = false}};

const Kernel kWrongV{.name = "wrong_v",
                     .description = "one ulp off in v",
                     .caps = {.f32 = false},
                     .run_f64 = one_ulp_in_v};
const Kernel kWrongPath{.name = "wrong_path",
                        .description = "one ulp off on a declared path only",
                        .caps = {.f32 = false},
                        .run_f64 = one_ulp_in_stats_only,
                        .paths = kStatisticsOnly};

// Runs verify on one kernel; its output.
std::string verify_output(const Kernel& k, int* mismatches) {
  cli::VerifyOptions opt;
  opt.quick = true;
  opt.kernels = {&k};
  std::ostringstream os;
  *mismatches = cli::run_verify(opt, os);
  return os.str();
}

TEST(VerifyMutants, OneUlpInOneVoltageIsAMismatch) {
  int mismatches = 0;
  const std::string text = verify_output(kWrongV, &mismatches);
  // Every stream's grid.
  EXPECT_EQ(mismatches, static_cast<int>(streams_here().size())) << text;
  EXPECT_NE(text.find("MISMATCH"), std::string::npos) << text;
}

TEST(VerifyMutants, AWrongDeclaredPathIsAMismatchTheGridAloneWouldMiss) {
  int mismatches = 0;
  const std::string text = verify_output(kWrongPath, &mismatches);
  EXPECT_EQ(mismatches, 1) << text;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(" grid ") != std::string::npos) {
      EXPECT_NE(line.find("identical"), std::string::npos) << line;
    }
    if (line.find("stats-only") != std::string::npos) {
      EXPECT_NE(line.find("MISMATCH"), std::string::npos) << line;
    }
  }
}

// The real kernels pass the same verify (quick), every declared path included.
TEST(VerifyMutants, EveryRegisteredKernelPassesQuickVerify) {
  cli::VerifyOptions opt;
  opt.quick = true;
  std::ostringstream os;
  EXPECT_EQ(cli::run_verify(opt, os), 0) << os.str();
}

}  // namespace
}  // namespace lifbench
