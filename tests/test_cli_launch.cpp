// How `lifbench simulate` starts, through the real binary: a plain run never initializes
// MPI (an Open MPI configuration that makes MPI_Init fail does not affect it), and the
// integer flags are read strictly as decimal, as their messages say.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_support.hpp"

namespace lifbench::testing {
namespace {

// OMPI_MCA_pml names a component that does not exist: MPI_Init, if called, aborts the
// process (checked when this was written: exit 1 and Open MPI's report). Without an MPI
// launcher's environment lifbench must not call it, so the run succeeds.
TEST(CliLaunch, APlainRunNeverInitializesMpi) {
  TempDir root, scratch;
  SpawnOptions poisoned;
  poisoned.env = {{"OMPI_MCA_pml", "lifbench_no_such_component"}};
  const ProcessResult r =
      run_lifbench({"simulate", "--neurons", "10", "--out", (root.path() / "o").string()},
                   scratch.path(), poisoned);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(fs::exists(root.path() / "o" / "summary.json"));
}

struct NumberCase {
  const char* name;
  std::string flag, value;
};

std::ostream& operator<<(std::ostream& os, const NumberCase& c) { return os << c.name; }

class CliStrictDecimal : public ::testing::TestWithParam<NumberCase> {};

// Hexadecimal, octal-looking signs, spaces, inf and nan are not decimal integers.
TEST_P(CliStrictDecimal, RefusesWhatIsNotADecimalInteger) {
  const NumberCase& c = GetParam();
  TempDir root, scratch;
  const fs::path out = root.path() / "o";
  std::vector<std::string> args = {"simulate", "--kernel", "scalar", "--neurons", "4",
                                   "--t-max",  "0.01",     "--out",  out.string()};
  args.push_back(c.flag);
  args.push_back(c.value);
  const ProcessResult r = run_lifbench(args, scratch.path());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1u) << r.err;
  // The message names the flag and says what it accepts ("expects an integer", "must be ...").
  const bool names_rule = r.err.find(c.flag + ": must be") != std::string::npos ||
                          r.err.find(c.flag + ": expects an integer") != std::string::npos;
  EXPECT_TRUE(names_rule) << r.err;
  EXPECT_TRUE(list_tree(root.path()).empty());
}

const NumberCase kNotDecimal[] = {
    {"seed_hex", "--seed", "0x10"},         {"seed_hex_upper", "--seed", "0X1F"},
    {"seed_hex_float", "--seed", "0x1p4"},  {"seed_plus", "--seed", "+16"},
    {"seed_space", "--seed", " 16"},        {"seed_trailing_space", "--seed", "16 "},
    {"seed_inf", "--seed", "inf"},          {"seed_nan", "--seed", "nan"},
    {"neurons_hex", "--neurons", "0x10"},   {"neurons_infinity", "--neurons", "infinity"},
    {"threads_hex", "--threads", "0x2"},    {"hist_bins_hex", "--hist-bins", "0x10"},
    {"batch_hex", "--batch-chunks", "0x1"}, {"seed_negative_exp", "--seed", "1e-0"},
};

INSTANTIATE_TEST_SUITE_P(Flags, CliStrictDecimal, ::testing::ValuesIn(kNotDecimal),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// Decimal integers, with leading zeros or in exact scientific notation, still run; the
// seed is read as decimal (010 is ten, the same run as 10).
TEST(CliStrictDecimal, AcceptsDecimalIntegers) {
  TempDir root, scratch;
  std::vector<std::string> summaries;
  for (const char* seed : {"10", "010", "1e1"}) {
    const fs::path out = root.path() / seed;
    const ProcessResult r = run_lifbench({"simulate", "--kernel", "scalar", "--neurons", "1e2",
                                          "--seed", seed, "--out", out.string()},
                                         scratch.path());
    ASSERT_EQ(r.status, 0) << seed << ": " << r.err;
    const std::string summary = read_file(out / "summary.json");
    EXPECT_NE(summary.find("\"seed\": 10}"), std::string::npos) << seed;
    EXPECT_NE(summary.find("\"neurons\": 100,"), std::string::npos) << seed;
    summaries.push_back(summary.substr(0, summary.find("\"wall_seconds\"")));
  }
  EXPECT_EQ(summaries[0], summaries[1]);
  EXPECT_EQ(summaries[0], summaries[2]);
}

}  // namespace
}  // namespace lifbench::testing
