// validate() and the parameter table (params.hpp): the library refuses what the command line
// refuses, with the same one-line message; simulate() and Stepper call it; the table covers
// every ModelParams field once and drives the command line's flags, usage text and summary.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "lifbench/cli.hpp"
#include "lifbench/outputs.hpp"
#include "lifbench/params.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/stepper.hpp"

namespace lifbench {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The command line every case starts from: 4 neurons x 10 steps on the reference kernel.
std::vector<std::string> base_args() {
  return {"--kernel", reference_kernel().name, "--neurons", "4", "--t-max", "0.01", "--out", "dir"};
}

// The request the command line makes of base_args(), built through the library.
SimRequest base_request() {
  SimRequest req;
  req.kernel = &reference_kernel();
  req.params.neurons = 4;
  req.params.t_max = 0.01;
  req.params.noise = notebook_noise(req.params.t_max, req.params.dt);
  req.histogram = default_histogram(req.params, step_count(req.params.t_max, req.params.dt));
  return req;
}

// One rejected input, given to the library (`change` of base_request()) and to the command
// line (`args` after base_args()); both must give `message`.
struct Rejection {
  const char* name;
  std::function<void(SimRequest&)> change;
  std::vector<std::string> args;
  std::string message;
};

std::ostream& operator<<(std::ostream& os, const Rejection& r) { return os << r.name; }

const Rejection kRejections[] = {
    {"dt_nan",
     [](SimRequest& r) { r.params.dt = kNaN; },
     {"--dt", "nan"},
     "--dt: must be a finite number, got NaN"},
    {"dt_negative",
     [](SimRequest& r) { r.params.dt = -1; },
     {"--dt", "-1"},
     "--dt: must be positive, got -1"},
    {"dt_zero",
     [](SimRequest& r) { r.params.dt = 0; },
     {"--dt", "0"},
     "--dt: must be positive, got 0"},
    {"tau_inf",
     [](SimRequest& r) { r.params.tau = kInf; },
     {"--tau", "inf"},
     "--tau: must be finite, got inf"},
    {"t_max_zero",
     [](SimRequest& r) { r.params.t_max = 0; },
     {"--t-max", "0"},
     "--t-max: must be positive, got 0"},
    {"r_negative",
     [](SimRequest& r) { r.params.r = -1e8; },
     {"--r", "-1e8"},
     "--r: must be positive, got -1e+08"},
    {"el_minus_inf",
     [](SimRequest& r) { r.params.el = -kInf; },
     {"--el", "-inf"},
     "--el: must be finite, got -inf"},
    {"i_mean_nan",
     [](SimRequest& r) { r.params.i_mean = kNaN; },
     {"--i-mean", "nan"},
     "--i-mean: must be a finite number, got NaN"},
    {"noise_inf",
     [](SimRequest& r) { r.params.noise = kInf; },
     {"--noise", "inf"},
     "--noise: must be finite, got inf"},
    {"vr_equals_vth",
     [](SimRequest& r) { r.params.vr = -0.05; },
     {"--vr", "-0.05"},
     "--vr: must be below --vth"},
    {"vth_below_vr",
     [](SimRequest& r) { r.params.vth = -0.08; },
     {"--vth", "-0.08"},
     "--vr: must be below --vth"},
    {"vth_nan",
     [](SimRequest& r) { r.params.vth = kNaN; },
     {"--vth", "nan"},
     "--vth: must be a finite number, got NaN"},
    {"vth_minus_inf",
     [](SimRequest& r) { r.params.vth = -kInf; },
     {"--vth", "-inf"},
     "--vth: may be +inf but not -inf"},
    {"t_ref_mu_negative",
     [](SimRequest& r) { r.params.t_ref_mu = -0.001; },
     {"--t-ref-mu", "-0.001"},
     "--t-ref-mu: must not be negative, got -0.001"},
    {"t_ref_sigma_negative",
     [](SimRequest& r) { r.params.t_ref_sigma = -0.002; },
     {"--t-ref-sigma", "-0.002"},
     "--t-ref-sigma: must not be negative, got -0.002"},
    {"t_ref_sigma_inf",
     [](SimRequest& r) { r.params.t_ref_sigma = kInf; },
     {"--t-ref-sigma", "inf"},
     "--t-ref-sigma: must be finite, got inf"},
    {"neurons_negative",
     [](SimRequest& r) { r.params.neurons = -1; },
     {"--neurons", "-1"},
     "--neurons: must not be negative, got -1"},
    {"neurons_above_2_40",
     [](SimRequest& r) { r.params.neurons = (std::int64_t{1} << 40) + 1; },
     {"--neurons", "1099511627777"},
     "--neurons: must be at most 1099511627776, got 1099511627777"},
    {"t_max_below_dt",
     [](SimRequest& r) { r.params.t_max = 0.0005; },
     {"--t-max", "0.0005"},
     "--t-max: must be at least --dt"},
    {"steps_2_31",
     [](SimRequest& r) { r.params.t_max = 1e9; },
     {"--t-max", "1e9"},
     "--t-max: t_max / dt must be below 2^31 steps"},
    {"neurons_times_steps_overflow",
     [](SimRequest& r) {
       r.params.neurons = std::int64_t{1} << 40;
       r.params.t_max = 1e6;
     },
     {"--neurons", "1099511627776", "--t-max", "1e6"},
     "--neurons: neurons x steps overflows"},
    {"f32_vr_vth_round_equal",
     [](SimRequest& r) {
       r.precision = Precision::f32;
       r.params.vr = -0.05;
       r.params.vth = -0.0499999999;
     },
     {"--precision", "f32", "--vr", "-0.05", "--vth", "-0.0499999999"},
     "--vr: must be below --vth in f32 too (they round to the same float)"},
    {"f32_r_overflows",
     [](SimRequest& r) {
       r.precision = Precision::f32;
       r.params.r = 1e39;
     },
     {"--precision", "f32", "--r", "1e39"},
     "--r: is out of range for f32 (1e+39 rounds to inf)"},
    {"f32_tau_underflows",
     [](SimRequest& r) {
       r.precision = Precision::f32;
       r.params.tau = 1e-50;
     },
     {"--precision", "f32", "--tau", "1e-50"},
     "--tau: is too small for f32 (1e-50 rounds to 0)"},
    {"numpy_seed_above_2_32",
     [](SimRequest& r) { r.params.seed = std::uint64_t{1} << 32; },
     {"--seed", "4294967296"},
     "--seed: must be between 0 and 2**32 - 1 with --rng numpy (as np.random.seed)"},
    {"hist_step_beyond_k",
     [](SimRequest& r) { r.histogram.steps = {10}; },
     {"--hist-steps", "10"},
     "--hist-steps: step 10 is not below K = 10"},
    {"hist_step_negative",
     [](SimRequest& r) { r.histogram.steps = {-1}; },
     {"--hist-steps", "-1"},
     "--hist-steps: step -1 is negative"},
    {"hist_step_twice",
     [](SimRequest& r) {
       r.histogram.steps = {3, 3};
     },
     {"--hist-steps", "3,3"},
     "--hist-steps: step 3 given twice"},
    {"hist_range_reversed",
     [](SimRequest& r) {
       r.histogram.lo = 0;
       r.histogram.hi = -1;
     },
     {"--hist-range", "0,-1"},
     "--hist-range: needs finite LO < HI, got 0,-1"},
    {"hist_range_nan",
     [](SimRequest& r) { r.histogram.lo = kNaN; },
     {"--hist-range", "nan,-0.05"},
     "--hist-range: needs finite LO < HI, got nan,-0.05"},
};

class Validate : public ::testing::TestWithParam<Rejection> {};

// validate() throws InvalidInput with exactly the message the command line gives.
TEST_P(Validate, LibraryAndCommandLineRefuseWithTheSameMessage) {
  const Rejection& r = GetParam();
  SimRequest req = base_request();
  r.change(req);
  std::string library;
  try {
    validate(req);
    ADD_FAILURE() << "validate() accepted " << r.name;
  } catch (const InvalidInput& e) {
    library = e.what();
    EXPECT_EQ(e.flag(), r.message.substr(0, r.message.find(':')));
  }
  EXPECT_EQ(library, r.message);

  std::vector<std::string> args = base_args();
  args.insert(args.end(), r.args.begin(), r.args.end());
  std::string command_line;
  try {
    cli::parse_simulate(args);
    ADD_FAILURE() << "parse_simulate accepted " << r.name;
  } catch (const cli::UsageError& e) {
    command_line = e.what();
  }
  EXPECT_EQ(command_line, r.message);
}

INSTANTIATE_TEST_SUITE_P(Rejections, Validate, ::testing::ValuesIn(kRejections),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

// The base request, the notebook's defaults and vth = +inf (Exercise 1) are valid.
TEST(ValidateAccepts, DefaultsAndInfiniteThreshold) {
  EXPECT_NO_THROW(validate(base_request()));
  EXPECT_NO_THROW(validate(ModelParams{}));
  EXPECT_NO_THROW(validate(ModelParams{}, Precision::f32));
  SimRequest req = base_request();
  req.params.vth = kInf;
  req.histogram = default_histogram(req.params, 10);
  EXPECT_NO_THROW(validate(req));
  EXPECT_NO_THROW(cli::parse_simulate({"--vth", "inf", "--out", "dir"}));
}

// simulate() refuses a NaN dt and vr >= vth before running any kernel.
TEST(ValidateCalledBy, SimulateRefusesNanDtAndVrAtThreshold) {
  for (const Kernel* kernel : registry()) {
    SCOPED_TRACE(kernel->name);
    SimRequest req = base_request();
    req.kernel = kernel;
    req.params.dt = kNaN;
    EXPECT_THROW(simulate(req), InvalidInput);
    req = base_request();
    req.kernel = kernel;
    req.params.vr = req.params.vth;
    try {
      simulate(req);
      ADD_FAILURE() << "simulate() ran with vr == vth";
    } catch (const InvalidInput& e) {
      EXPECT_STREQ(e.what(), "--vr: must be below --vth");
    }
  }
}

// Stepper's constructor refuses them too, and in f32 also vr, vth that round to one float.
TEST(ValidateCalledBy, StepperRefusesNanDtAndVrAtThreshold) {
  ModelParams p;
  p.neurons = 3;
  p.dt = kNaN;
  EXPECT_THROW(Stepper<double>(reference_kernel(), p), InvalidInput);
  EXPECT_THROW(Stepper<float>(reference_kernel(), p), InvalidInput);
  p = ModelParams{};
  p.neurons = 3;
  p.vr = 0.01;
  EXPECT_THROW(Stepper<double>(reference_kernel(), p), InvalidInput);
  p.vr = -0.05;
  p.vth = -0.0499999999;
  EXPECT_NO_THROW(Stepper<double>(reference_kernel(), p));
  EXPECT_THROW(Stepper<float>(reference_kernel(), p), InvalidInput);
}

// Every ModelParams field is in the table exactly once: the rows' members are distinct and
// together cover every byte of the struct; the structured binding fails to compile if a
// field is added without a row (13 fields, 13 rows).
TEST(ParamTable, HoldsEveryModelParamsFieldOnce) {
  ModelParams p;
  [[maybe_unused]] const auto& [t_max, dt, tau, el, vr, vth, r, i_mean, noise, t_ref_mu,
                                t_ref_sigma, neurons, seed] = p;
  static_assert(std::size(kParamTable) == 13, "one row per ModelParams field");
  std::memset(static_cast<void*>(&p), 0, sizeof p);
  std::set<std::ptrdiff_t> offsets;
  for (const ParamInfo& info : param_table()) {
    std::visit(
        [&](auto member) {
          auto& field = p.*member;
          offsets.insert(reinterpret_cast<const char*>(&field) - reinterpret_cast<const char*>(&p));
          std::memset(static_cast<void*>(&field), 0xff, sizeof field);
        },
        info.member);
  }
  EXPECT_EQ(offsets.size(), std::size(kParamTable)) << "two rows name the same field";
  const auto* bytes = reinterpret_cast<const unsigned char*>(&p);
  for (std::size_t b = 0; b < sizeof p; ++b) {
    EXPECT_EQ(bytes[b], 0xff) << "byte " << b << " of ModelParams belongs to no row";
  }
}

// Names and flags are unique, and each flag is its name with - for _ ("t_ref_mu" ->
// "--t-ref-mu"); every row has a help line and a value in the usage text.
TEST(ParamTable, NamesFlagsAndHelpAreConsistent) {
  std::set<std::string_view> names, flags;
  for (const ParamInfo& info : param_table()) {
    SCOPED_TRACE(std::string(info.name));
    EXPECT_TRUE(names.insert(info.name).second);
    EXPECT_TRUE(flags.insert(info.flag).second);
    std::string flag = "--" + std::string(info.name);
    std::replace(flag.begin(), flag.end(), '_', '-');
    EXPECT_EQ(info.flag, flag);
    EXPECT_FALSE(info.help.empty());
    EXPECT_FALSE(info.metavar.empty());
    EXPECT_EQ(find_param(info.flag), &info);
    EXPECT_EQ(find_param(info.name), &info);
  }
  EXPECT_EQ(find_param("--bogus"), nullptr);
}

// A value that breaks a row's rule is refused naming that row's flag (generic over the table).
TEST(ParamTable, EveryRowsRuleIsEnforced) {
  for (const ParamInfo& info : param_table()) {
    SCOPED_TRACE(std::string(info.name));
    ModelParams p;
    bool breakable = true;
    std::visit(
        [&](auto member) {
          using Value = std::remove_reference_t<decltype(p.*member)>;
          if constexpr (std::is_floating_point_v<Value>) {
            p.*member = info.rule == ParamRule::finite_or_inf  ? -kInf
                        : info.rule == ParamRule::positive     ? 0.0
                        : info.rule == ParamRule::non_negative ? -1.0
                                                               : kNaN;
          } else if constexpr (std::is_signed_v<Value>) {
            p.*member = -1;
          } else {
            breakable = info.max != 0;  // unsigned: only a maximum can be broken
            if (breakable) p.*member = info.max + 1;
          }
        },
        info.member);
    if (!breakable) continue;
    try {
      validate(p);
      ADD_FAILURE() << "validate() accepted a broken " << info.name;
    } catch (const InvalidInput& e) {
      EXPECT_EQ(e.flag(), info.flag) << e.what();
    }
  }
}

// The usage text lists every row (flag, value, help, default), and the command line parses
// every row's flag: the default's text reads back as the default.
TEST(ParamTable, DrivesTheUsageTextAndTheFlags) {
  const std::string usage = cli::simulate_usage();
  const ModelParams defaults;
  for (const ParamInfo& info : param_table()) {
    SCOPED_TRACE(std::string(info.name));
    const std::string flag(info.flag);
    EXPECT_NE(usage.find("[" + flag + " " + std::string(info.metavar) + "]"), std::string::npos);
    EXPECT_NE(usage.find(std::string(info.help)), std::string::npos);
    const std::string shown = info.derived_default.empty() ? param_text(info, defaults)
                                                           : std::string(info.derived_default);
    EXPECT_NE(usage.find("default " + shown), std::string::npos) << usage;
    const std::string text = param_text(info, defaults);
    const cli::SimulateOptions opt = cli::parse_simulate({flag, text, "--out", "dir"});
    EXPECT_EQ(param_text(info, opt.request.params), text);
  }
  for (const std::string& line : {std::string("usage: "), std::string("--out DIR")}) {
    EXPECT_NE(usage.find(line), std::string::npos);
  }
}

// summary.json's "parameters" holds every row, by name, in table order.
TEST(ParamTable, DrivesSummaryJson) {
  const cli::SimulateOptions opt =
      cli::parse_simulate({"--kernel", "scalar", "--neurons", "3", "--t-max", "0.005", "--seed",
                           "77", "--vth", "inf", "--out", "dir"});
  const std::string summary = cli::summary_json(opt, simulate(opt.request));
  std::size_t at = summary.find("\"parameters\": {");
  ASSERT_NE(at, std::string::npos);
  for (const ParamInfo& info : param_table()) {
    const std::string key = std::string(1, '"').append(info.name).append("\": ");
    const std::size_t next = summary.find(key, at);
    ASSERT_NE(next, std::string::npos) << key << " not after the previous row in " << summary;
    at = next;
  }
  EXPECT_NE(summary.find("\"vth\": Infinity, "), std::string::npos);
  EXPECT_NE(summary.find("\"neurons\": 3, \"seed\": 77}"), std::string::npos) << summary;
}

// Integers are strict decimal (exact scientific notation such as 1e3 allowed): no hex, no
// sign but a leading minus where negatives are meaningful, no spaces, no fractions.
TEST(StrictIntegers, RefusesHexSignsSpacesAndFractions) {
  for (const char* bad : {"0x10", "+5", " 5", "5 ", "1.5", "1e-3", "1e", "inf", "nan", "-5"}) {
    SCOPED_TRACE(bad);
    try {
      cli::parse_simulate({"--seed", bad, "--out", "dir"});
      ADD_FAILURE() << "accepted --seed " << bad;
    } catch (const cli::UsageError& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--seed: ", 0), 0u) << e.what();
    }
  }
  EXPECT_THROW(cli::parse_simulate({"--kernel", "openmp", "--threads", "0x2", "--out", "d"}),
               cli::UsageError);
  EXPECT_THROW(cli::parse_simulate({"--neurons", "0x10", "--out", "d"}), cli::UsageError);
  EXPECT_EQ(cli::parse_simulate({"--seed", "1e3", "--out", "d"}).request.params.seed, 1000u);
  EXPECT_EQ(cli::parse_simulate({"--seed", "1.5E3", "--out", "d"}).request.params.seed, 1500u);
  EXPECT_EQ(cli::parse_simulate({"--neurons", "2e3", "--out", "d"}).request.params.neurons, 2000);
  EXPECT_EQ(cli::parse_simulate({"--rng", "philox", "--seed", "18446744073709551615", "--out", "d"})
                .request.params.seed,
            std::numeric_limits<std::uint64_t>::max());
}

// An ISA this CPU lacks is refused by the library as by the command line.
TEST(ValidateIsa, IsaTheCpuLacks) {
  for (const IsaInfo& row : isa_table()) {
    const Isa isa = row.isa;
    if (cpu_supports(isa)) continue;
    SimRequest req = base_request();
    req.exec.isa = isa;
    const std::string message =
        "--isa: " + std::string(to_string(isa)) + " is not supported by this CPU";
    try {
      validate(req);
      ADD_FAILURE() << "validate() accepted " << to_string(isa);
    } catch (const InvalidInput& e) {
      EXPECT_EQ(e.what(), message);
    }
    return;
  }
  GTEST_SKIP() << "this CPU supports every ISA of the table (" << isa_choices(", ") << ")";
}

}  // namespace
}  // namespace lifbench
