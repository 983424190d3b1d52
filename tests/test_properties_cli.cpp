// Fuzzing the command line with RapidCheck: random argument vectors through the parser
// (it only returns a valid request or throws UsageError) and through the real binary
// (exit status 0 or 2, never a crash or hang, no temporary file left). docs/testing.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "lifbench/cli.hpp"
#include "lifbench/params.hpp"
#include "lifbench/registry.hpp"
#include "property_support.hpp"

namespace lifbench::testing {
namespace {

// Every flag that takes a value: the model's from the parameter table, then the others.
std::vector<std::string> value_flags() {
  std::vector<std::string> flags;
  for (const ParamInfo& info : param_table()) flags.emplace_back(info.flag);
  for (const char* f :
       {"--kernel", "--precision", "--rng", "--threads", "--isa", "--variant", "--record", "--out",
        "--hist-steps", "--hist-bins", "--hist-range", "--batch-chunks"}) {
    flags.emplace_back(f);
  }
  return flags;
}
const std::vector<std::string> kValueFlags = value_flags();

// Values that hit the parser's edges: numbers of every kind, special floats, overflow,
// names of every enum, lists, empty and malformed strings.
const std::vector<std::string> kFixedValues = {"0",
                                               "1",
                                               "2",
                                               "3",
                                               "-1",
                                               "7",
                                               "0.001",
                                               "1e-4",
                                               "0.0005",
                                               "0.01",
                                               "0.15",
                                               "0.02",
                                               "-0.07",
                                               "-0.05",
                                               "-0.0499999999",
                                               "-0.06",
                                               "1e8",
                                               "2.5e-10",
                                               "1.2",
                                               "nan",
                                               "NaN",
                                               "inf",
                                               "-inf",
                                               "Infinity",
                                               "1e999",
                                               "-1e-999",
                                               "1e-320",
                                               "0x10",
                                               "1e3",
                                               "1.5",
                                               "4294967295",
                                               "4294967296",
                                               "18446744073709551615",
                                               "18446744073709551616",
                                               "1e12",
                                               "1099511627776",
                                               "",
                                               " ",
                                               "abc",
                                               "--dt",
                                               "=",
                                               "1,2",
                                               "0,1,1",
                                               "none",
                                               "0.5,0.1",
                                               "-0.08,-0.04",
                                               "f64",
                                               "f32",
                                               "f16",
                                               "numpy",
                                               "philox",
                                               "gpu",
                                               "auto",
                                               "neon",
                                               "loop",
                                               "functions",
                                               "class",
                                               "raster",
                                               "raster,v",
                                               "stats",
                                               "raster,v,t_ref,stats,spikes",
                                               "t_ref,",
                                               ",",
                                               "\xff\xfe",
                                               "1e-3 ",
                                               "+0.001",
                                               "-0"};
// The fixed values plus every registered kernel's name and every ISA table row's name.
std::vector<std::string> all_values() {
  std::vector<std::string> values = kFixedValues;
  for (const Kernel* k : registry()) values.push_back(k->name);
  for (const IsaInfo& row : isa_table()) values.emplace_back(row.name);
  return values;
}
const std::vector<std::string> kValues = all_values();

// One argument token: a flag and its value, flag=value, a bare value, a lone flag, or a
// random string (bytes of any kind).
// With `allow_out` false, --out is never drawn (the binary property chooses DIR itself).
std::vector<std::string> pick_token(bool allow_out) {
  const auto flag = [allow_out] {
    if (*pick_element<std::size_t>(0, 1) == 1) return std::string("--progress");
    std::string f = kValueFlags[*pick_in<std::size_t>(0, kValueFlags.size())];
    return !allow_out && f == "--out" ? std::string("--outside") : f;
  };
  const auto value = [] { return kValues[*pick_in<std::size_t>(0, kValues.size())]; };
  switch (*pick_weighted<int>({{60, 0}, {15, 1}, {8, 2}, {7, 3}, {10, 4}})) {
    case 0:
      return {flag(), value()};
    case 1:
      return {flag() + "=" + value()};
    case 2:
      return {value()};
    case 3:
      return {flag()};
    default: {
      std::string text = *rc::gen::arbitrary<std::string>();
      std::erase(text, '\0');  // argv strings end at NUL: keep parser and binary in step
      return {text};
    }
  }
}

// Whether `message` starts with "FLAG: " for a known flag or for a token of `args` (the
// part before '=' of --flag=value): the message names the flag it rejects.
bool names_a_flag(const std::string& message, const std::vector<std::string>& args) {
  std::vector<std::string> candidates = kValueFlags;
  candidates.push_back("--progress");
  for (const std::string& a : args) {
    candidates.push_back(cli::one_line(a));
    candidates.push_back(cli::one_line(a.substr(0, a.find('='))));
  }
  for (const std::string& c : candidates) {
    if (message.rfind(c + ": ", 0) == 0) return true;
  }
  return false;
}

// A random argument vector of up to `max_tokens` tokens (a flag and its value count once).
std::vector<std::string> pick_args(int max_tokens = 12, bool allow_out = true) {
  std::vector<std::string> args;
  const int tokens = *pick_in(0, max_tokens + 1);
  for (int i = 0; i < tokens; ++i) {
    for (std::string& t : pick_token(allow_out)) args.push_back(std::move(t));
  }
  return args;
}

// Everything parse_simulate accepts satisfies SPEC 1 and 4's constraints.
void check_accepted_request(const cli::SimulateOptions& opt) {
  const SimRequest& req = opt.request;
  const ModelParams& p = req.params;
  RC_ASSERT(req.kernel != nullptr);
  RC_ASSERT(std::isfinite(p.dt) && p.dt > 0);
  RC_ASSERT(std::isfinite(p.tau) && p.tau > 0);
  RC_ASSERT(std::isfinite(p.t_max) && p.t_max >= p.dt);
  RC_ASSERT(std::isfinite(p.r) && p.r > 0);
  RC_ASSERT(std::isfinite(p.el) && std::isfinite(p.vr) && std::isfinite(p.i_mean));
  RC_ASSERT(std::isfinite(p.noise));
  RC_ASSERT(!std::isnan(p.vth) && p.vr < p.vth);
  RC_ASSERT(req.precision == Precision::f64 ||
            static_cast<float>(p.vr) < static_cast<float>(p.vth));
  RC_ASSERT(p.neurons >= 0);
  RC_ASSERT(std::isfinite(p.t_ref_mu) && p.t_ref_mu >= 0);
  RC_ASSERT(std::isfinite(p.t_ref_sigma) && p.t_ref_sigma >= 0);
  RC_ASSERT(req.exec.threads >= 1);
  RC_ASSERT(cpu_supports(req.exec.isa));
  RC_ASSERT(req.stream == Stream::philox || p.seed <= 0xffffffffull);
  RC_ASSERT(!opt.out_dir.empty());
  for (std::int64_t k : req.histogram.steps) {
    RC_ASSERT(k >= 0 && k < step_count(p.t_max, p.dt));
  }
}

// The parser, on any argument vector, returns a request that satisfies every constraint or
// throws UsageError with a one-line message naming a flag; nothing else escapes.
RC_GTEST_PROP(CliProperties, ParserOnlyReturnsValidRequestsOrThrowsUsageError, ()) {
  // Half the time a few tokens after a valid base, so that many vectors are accepted and
  // the accepted side is checked as hard as the rejected one.
  std::vector<std::string> args;
  if (*pick_in(0, 2) == 0) {
    args = pick_args(12);
  } else {
    args = {"--out", "dir"};
    for (std::string& t : pick_args(3)) args.push_back(std::move(t));
  }
  try {
    check_accepted_request(cli::parse_simulate(args));
  } catch (const cli::UsageError& e) {
    const std::string message = e.what();
    RC_LOG() << "message: " << message << "\n";
    RC_ASSERT(message.find('\n') == std::string::npos);
    RC_ASSERT(names_a_flag(message, args));
  } catch (const std::exception& e) {
    RC_FAIL(std::string("parse_simulate threw something other than UsageError: ") + e.what());
  }
}

// Random argument vectors through the real binary, with small sizes so that valid ones run
// fast: the exit status is 0 or 2 (2 exactly when the parser rejects, or the DIR is bad),
// never a crash or a hang; a rejection leaves nothing behind, a success leaves no temporary
// or probe file in DIR. DIR is valid, missing, nested, or below a regular file.
RC_GTEST_PROP(CliProperties, RandomCommandLinesExitZeroOrTwoAndLeaveNoTemporaries, ()) {
  TempDir root, scratch;
  std::ofstream(root.path() / "file") << "x";
  std::vector<std::string> args = pick_args(12, /*allow_out=*/false);
  // Keep accepted runs small: at most 300 neurons x 200 steps unless the parser rejects.
  args.insert(args.begin(), {"--neurons", std::to_string(*pick_in(0, 300)), "--t-max", "0.02"});
  const int dir_kind = *pick_in(0, 4);
  const fs::path out = dir_kind == 0   ? root.path() / "out"
                       : dir_kind == 1 ? root.path() / "a" / "b"
                                       : root.path() / "file" / "out";
  if (dir_kind != 3) {
    args.push_back("--out");
    args.push_back(out.string());
  }
  bool parsed = false, help = false;
  try {
    const cli::SimulateOptions opt = cli::parse_simulate(args);
    const ModelParams& p = opt.request.params;
    RC_PRE(static_cast<double>(p.neurons) * std::ceil(p.t_max / p.dt) <= 2e6);
    parsed = true;
  } catch (const cli::UsageError&) {
  }
  for (const std::string& a : args) help = help || a == "--help" || a == "-h";
  RC_LOG() << "lifbench simulate";
  for (const std::string& a : args) RC_LOG() << " '" << a << "'";
  RC_LOG() << "\n";

  const std::vector<std::string> before = list_tree(root.path());
  std::vector<std::string> argv = {"simulate"};
  argv.insert(argv.end(), args.begin(), args.end());
  const ProcessResult r = run_lifbench(argv, scratch.path());
  RC_LOG() << "status " << r.status << " stderr " << r.err << "\n";
  RC_ASSERT(r.status == 0 || r.status == 2);
  const bool dir_ok = dir_kind == 0 || dir_kind == 1;
  if (r.status == 2) {
    RC_ASSERT(line_count(r.err) == 1u);
    RC_ASSERT(list_tree(root.path()) == before);
    RC_ASSERT(!(parsed && dir_ok));  // a parsed run with a good DIR must not be refused
  } else {
    RC_ASSERT(help || (parsed && dir_ok));
    for (const std::string& name : list_tree(root.path())) {
      RC_ASSERT(fs::path(name).filename().string().rfind(".", 0) != 0);  // no temporaries
    }
    if (!help) RC_ASSERT(fs::exists(out / "summary.json"));
  }
}

}  // namespace
}  // namespace lifbench::testing
