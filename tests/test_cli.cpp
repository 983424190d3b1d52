// Hostile input to the real `lifbench simulate` binary: every rejection of SPEC section 4
// exits with status 2 and a one-line message naming the flag, and leaves no file behind;
// valid runs write their files atomically (no temporaries remain). docs/testing.md.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "lifbench/kernel.hpp"
#include "lifbench/registry.hpp"

namespace lifbench::testing {
namespace {

// A rejected command line: the extra arguments and the flag the message must name.
struct Rejection {
  const char* name;
  std::vector<std::string> args;
  std::string flag;
};

std::ostream& operator<<(std::ostream& os, const Rejection& r) { return os << r.name; }

// A small valid base run (4 neurons x 10 steps); rejections append to it (last value wins).
std::vector<std::string> base_args(const fs::path& out) {
  return {"simulate", "--kernel", "scalar", "--neurons", "4",
          "--t-max",  "0.01",     "--out",  out.string()};
}

// Runs `lifbench` and checks the rejection contract: status 2, nothing on stdout, exactly
// one line on stderr that starts "lifbench: error: " and names `flag`, and the temporary
// directory `root` unchanged (no output directory created, no file left anywhere).
void expect_rejected(const std::vector<std::string>& args, const std::string& flag,
                     const fs::path& root) {
  TempDir scratch;
  const std::vector<std::string> before = list_tree(root);
  const ProcessResult r = run_lifbench(args, scratch.path());
  EXPECT_EQ(r.status, 2) << "stderr: " << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(line_count(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("lifbench: error: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(flag), std::string::npos) << "message must name " << flag << ": " << r.err;
  EXPECT_EQ(list_tree(root), before) << "a rejected run left files behind";
}

class RejectsBadInput : public ::testing::TestWithParam<Rejection> {};

TEST_P(RejectsBadInput, ExitsTwoWithOneLineNamingTheFlagAndNoFiles) {
  const Rejection& r = GetParam();
  TempDir root;
  std::vector<std::string> args = base_args(root.path() / "out");
  args.insert(args.end(), r.args.begin(), r.args.end());
  expect_rejected(args, r.flag, root.path());
}

// SPEC section 4, rule by rule.
const Rejection kRejections[] = {
    // non-positive or non-finite dt, tau, t_max, r
    {"dt_zero", {"--dt", "0"}, "--dt"},
    {"dt_negative", {"--dt", "-0.001"}, "--dt"},
    {"dt_nan", {"--dt", "nan"}, "--dt"},
    {"dt_inf", {"--dt", "inf"}, "--dt"},
    {"dt_overflow", {"--dt", "1e999"}, "--dt"},
    {"dt_empty", {"--dt", ""}, "--dt"},
    {"dt_garbage", {"--dt", "0.001s"}, "--dt"},
    {"tau_zero", {"--tau", "0"}, "--tau"},
    {"tau_negative", {"--tau", "-0.02"}, "--tau"},
    {"tau_nan", {"--tau", "NaN"}, "--tau"},
    {"tau_inf", {"--tau", "infinity"}, "--tau"},
    {"t_max_zero", {"--t-max", "0"}, "--t-max"},
    {"t_max_negative", {"--t-max", "-1"}, "--t-max"},
    {"t_max_nan", {"--t-max", "nan"}, "--t-max"},
    {"t_max_inf", {"--t-max", "inf"}, "--t-max"},
    {"r_zero", {"--r", "0"}, "--r"},
    {"r_negative", {"--r", "-1e8"}, "--r"},
    {"r_nan", {"--r", "nan"}, "--r"},
    {"r_inf", {"--r", "inf"}, "--r"},
    // t_max < dt
    {"t_max_below_dt", {"--t-max", "0.0005"}, "--t-max"},
    {"too_many_steps", {"--t-max", "1e9"}, "--t-max"},
    // negative neurons, t_ref_mu, t_ref_sigma
    {"neurons_negative", {"--neurons", "-1"}, "--neurons"},
    {"neurons_fraction", {"--neurons", "2.5"}, "--neurons"},
    {"neurons_garbage", {"--neurons", "ten"}, "--neurons"},
    {"neurons_overflow", {"--neurons", "99999999999999999999999"}, "--neurons"},
    {"t_ref_mu_negative", {"--t-ref-mu", "-0.001"}, "--t-ref-mu"},
    {"t_ref_mu_nan", {"--t-ref-mu", "nan"}, "--t-ref-mu"},
    {"t_ref_mu_inf", {"--t-ref-mu", "inf"}, "--t-ref-mu"},
    {"t_ref_sigma_negative", {"--t-ref-sigma", "-0.002"}, "--t-ref-sigma"},
    {"t_ref_sigma_nan", {"--t-ref-sigma", "nan"}, "--t-ref-sigma"},
    {"t_ref_sigma_inf", {"--t-ref-sigma", "inf"}, "--t-ref-sigma"},
    // vr >= vth
    {"vr_equals_vth", {"--vr", "-0.05"}, "--vr"},
    {"vr_above_vth", {"--vr", "-0.04"}, "--vr"},
    {"vth_below_vr", {"--vth", "-0.08"}, "--vr"},
    {"vr_equals_vth_in_f32",
     {"--precision", "f32", "--vr", "-0.05", "--vth", "-0.0499999999"},
     "--vr"},
    // NaN or inf where a finite number is needed (only --vth +inf is allowed)
    {"vth_nan", {"--vth", "nan"}, "--vth"},
    {"vth_minus_inf", {"--vth", "-inf"}, "--vth"},
    {"vr_inf", {"--vr", "-inf"}, "--vr"},
    {"vr_nan", {"--vr", "nan"}, "--vr"},
    {"el_nan", {"--el", "nan"}, "--el"},
    {"el_inf", {"--el", "inf"}, "--el"},
    {"i_mean_nan", {"--i-mean", "nan"}, "--i-mean"},
    {"i_mean_inf", {"--i-mean", "-inf"}, "--i-mean"},
    {"noise_nan", {"--noise", "nan"}, "--noise"},
    {"noise_inf", {"--noise", "inf"}, "--noise"},
    // unknown kernel, ISA, precision, stream, record item (and variant)
    {"kernel_unknown", {"--kernel", "gpu"}, "--kernel"},
    {"isa_unknown", {"--kernel", "xsimd", "--isa", "neon"}, "--isa"},
    {"precision_unknown", {"--precision", "f16"}, "--precision"},
    {"rng_unknown", {"--rng", "mt19937"}, "--rng"},
    {"record_unknown", {"--record", "raster,voltage"}, "--record"},
    {"record_empty_item", {"--record", "raster,,v"}, "--record"},
    {"variant_unknown", {"--kernel", "reference", "--variant", "lambda"}, "--variant"},
    // flags that do not apply, other values out of range
    {"isa_on_scalar", {"--isa", "sse2"}, "--isa"},
    {"variant_on_scalar", {"--variant", "class"}, "--variant"},
    {"threads_zero", {"--kernel", "openmp", "--threads", "0"}, "--threads"},
    {"threads_on_scalar", {"--threads", "2"}, "--threads"},
    {"seed_too_big_for_numpy", {"--rng", "numpy", "--seed", "4294967296"}, "--seed"},
    {"seed_negative", {"--seed", "-5"}, "--seed"},
    {"hist_step_beyond_k", {"--hist-steps", "10"}, "--hist-steps"},
    {"hist_bins_zero", {"--hist-bins", "0"}, "--hist-bins"},
    {"hist_range_reversed", {"--hist-range", "0,-1"}, "--hist-range"},
    {"unknown_option", {"--bogus", "1"}, "--bogus"},
    {"control_chars_stay_on_one_line", {"--kernel", "sca\nlar\r"}, "--kernel"},
    {"newline_in_option", {"--bo\ngus"}, "--bo\\ngus"},
    {"missing_value", {"--dt"}, "--dt"},
    {"value_on_switch", {"--progress=yes"}, "--progress"},
    // outputs that would not fit in memory: refused before allocating
    {"output_too_big", {"--neurons", "1e12", "--record", "raster,v"}, "--neurons"},
    {"input_matrix_too_big",
     {"--neurons", "1000000000000", "--rng", "numpy", "--record", "stats"},
     "--neurons"},
};

INSTANTIATE_TEST_SUITE_P(Spec4, RejectsBadInput, ::testing::ValuesIn(kRejections),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// --out is required.
TEST(RejectsBadInputOut, MissingOutDirectory) {
  TempDir root;
  expect_rejected({"simulate", "--kernel", "scalar", "--neurons", "4"}, "--out", root.path());
}

// A DIR that can't be written: below a regular file (create_directories fails; root cannot
// override this the way it overrides permission bits).
TEST(RejectsBadInputOut, DirectoryBelowARegularFile) {
  TempDir root;
  std::ofstream(root.path() / "file") << "not a directory\n";
  std::vector<std::string> args = base_args(root.path() / "file" / "out");
  expect_rejected(args, "--out", root.path());
  EXPECT_EQ(read_file(root.path() / "file"), "not a directory\n");
}

// A DIR that is itself a regular file.
TEST(RejectsBadInputOut, DirectoryIsARegularFile) {
  TempDir root;
  std::ofstream(root.path() / "file") << "x";
  expect_rejected(base_args(root.path() / "file"), "--out", root.path());
}

// A DIR on a read-only file system (/proc accepts no new directories, even from root).
TEST(RejectsBadInputOut, DirectoryOnAReadOnlyFileSystem) {
  if (!fs::exists("/proc/self")) GTEST_SKIP() << "no /proc";
  TempDir root;
  expect_rejected(base_args("/proc/self/lifbench-out"), "--out", root.path());
}

// An ISA this CPU lacks (skipped on a CPU that has every ISA lifbench compiles for).
TEST(RejectsBadInputIsa, IsaTheCpuLacks) {
  const Kernel* per_isa = nullptr;  // a kernel compiled per ISA
  for (const Kernel* k : registry()) {
    if (k->caps.isas && k->supported()) per_isa = k;
  }
  if (per_isa == nullptr) GTEST_SKIP() << "no kernel compiled per ISA runs here";
  for (const IsaInfo& row : isa_table()) {
    if (cpu_supports(row.isa)) continue;
    TempDir root;
    std::vector<std::string> args = base_args(root.path() / "out");
    for (const char* a : {"--kernel", per_isa->name.c_str(), "--isa"}) args.push_back(a);
    args.push_back(std::string(row.name));
    expect_rejected(args, "--isa", root.path());
    return;
  }
  GTEST_SKIP() << "this CPU supports every ISA of the table (" << isa_choices(", ") << ")";
}

// The memory refusal comes before any allocation: a 1e12-neuron request is refused at once.
TEST(RejectsBadInputMemory, RefusesBeforeAllocating) {
  TempDir root, scratch;
  std::vector<std::string> args = base_args(root.path() / "out");
  for (const char* a : {"--neurons", "1e12", "--record", "raster,v", "--t-max", "0.15"}) {
    args.push_back(a);
  }
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = run_lifbench(args, scratch.path());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("MiB"), std::string::npos) << r.err;  // says how much it would need
  EXPECT_LT(seconds, 10.0);
  EXPECT_TRUE(list_tree(root.path()).empty());
}

// Parses a .npy file (format 1.0/2.0, C order): returns the raw data and sets the header.
std::string npy_data(const std::string& file, std::string* header) {
  if (file.size() < 10 || file.compare(0, 6, "\x93NUMPY") != 0) return {};
  const bool v1 = file[6] == 1;
  const std::size_t len =
      v1 ? static_cast<unsigned char>(file[8]) |
               (static_cast<std::size_t>(static_cast<unsigned char>(file[9])) << 8)
         : static_cast<std::size_t>(*reinterpret_cast<const std::uint32_t*>(&file[8]));
  const std::size_t start = (v1 ? 10 : 12) + len;
  *header = file.substr(v1 ? 10 : 12, len);
  return file.substr(start);
}

// --vth inf (the one allowed infinity) runs: no spikes, files written, nothing temporary.
TEST(AcceptsValidInput, InfiniteThresholdRunsWithoutSpikes) {
  TempDir root, scratch;
  std::vector<std::string> args = base_args(root.path() / "out");
  for (const char* a : {"--vth", "inf", "--t-ref-mu", "0"}) args.push_back(a);
  const ProcessResult r = run_lifbench(args, scratch.path());
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string summary = read_file(root.path() / "out" / "summary.json");
  EXPECT_NE(summary.find("\"total_spikes\": 0,"), std::string::npos);
  EXPECT_NE(summary.find("\"vth\": Infinity"), std::string::npos);
}

// A valid run writes exactly its files (atomically: no temporary or probe file remains),
// raster.npy has the notebook's [n, K] uint8 shape, and summary.json's total equals the
// raster's sum and its rate_hz equals counts / (n dt).
TEST(AcceptsValidInput, WritesExactlyItsFilesAndConsistentSummary) {
  TempDir root, scratch;
  const fs::path out = root.path() / "nested" / "out";
  const ProcessResult r =
      run_lifbench({"simulate", "--kernel", "scalar", "--neurons", "13", "--seed", "7", "--record",
                    "raster,v,t_ref,stats,spikes", "--out", out.string()},
                   scratch.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(list_tree(out), (std::vector<std::string>{"raster.npy", "spikes.npy", "summary.json",
                                                      "t_ref.npy", "v.npy"}));
  std::string header;
  const std::string raster = npy_data(read_file(out / "raster.npy"), &header);
  EXPECT_NE(header.find("'descr': '|u1'"), std::string::npos) << header;
  EXPECT_NE(header.find("'shape': (13, 150)"), std::string::npos) << header;
  ASSERT_EQ(raster.size(), 13u * 150u);
  std::int64_t total = 0;
  std::vector<std::int64_t> per_step(150, 0);
  for (std::size_t cell = 0; cell < raster.size(); ++cell) {
    total += raster[cell];
    per_step[cell % 150] += raster[cell];
  }
  EXPECT_GT(total, 0);
  const std::string summary = read_file(out / "summary.json");
  EXPECT_NE(summary.find("\"total_spikes\": " + std::to_string(total) + ","), std::string::npos);
  const std::size_t at = summary.find("\"rate_hz\": [");
  ASSERT_NE(at, std::string::npos);
  const char* p = summary.c_str() + at + std::strlen("\"rate_hz\": [");
  for (std::int64_t k = 0; k < 150; ++k) {
    char* end = nullptr;
    const double rate = std::strtod(p, &end);
    ASSERT_NE(end, p) << "step " << k;
    EXPECT_NEAR(rate, static_cast<double>(per_step[k]) / (13 * 0.001), 1e-9) << "step " << k;
    p = end + (*end == ',' ? 2 : 0);
  }
}

// Running twice into the same DIR replaces the files (rename over), leaving no temporaries.
TEST(AcceptsValidInput, RerunReplacesFilesAtomically) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  for (const char* seed : {"1", "2"}) {
    std::vector<std::string> args = base_args(out);
    args.push_back("--seed");
    args.push_back(seed);
    ASSERT_EQ(run_lifbench(args, scratch.path()).status, 0);
  }
  EXPECT_EQ(list_tree(out), (std::vector<std::string>{"raster.npy", "summary.json", "t_ref.npy"}));
  EXPECT_NE(read_file(out / "summary.json").find("\"seed\": 2}"), std::string::npos);
}

}  // namespace
}  // namespace lifbench::testing
