// lifbench: `simulate` (SPEC 4) and `verify` (every kernel against the reference).
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "lifbench/cli.hpp"
#include "lifbench/outputs.hpp"
#include "lifbench/verify.hpp"

namespace {

constexpr int kBadInput = 2;

// Prints a one-line error and returns the bad-input status.
int usage_error(const std::string& message) {
  std::cerr << "lifbench: error: " << message << "\n";
  return kBadInput;
}

// Runs `lifbench simulate ARGS`.
int simulate_command(const std::vector<std::string>& args) {
  using namespace lifbench;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::cout << cli::simulate_usage();
      return 0;
    }
  }
  cli::SimulateOptions opt;
  try {
    opt = cli::parse_simulate(args);
    const std::uint64_t need = estimate_bytes(opt.request);
    const std::uint64_t have = cli::available_memory_bytes();
    if (have > 0 && need > have / 10 * 9) {
      return usage_error("--neurons: the run needs about " + std::to_string(need >> 20) +
                         " MiB but only " + std::to_string(have >> 20) +
                         " MiB are available; record less (--record stats) or fewer neurons");
    }
    cli::check_output_dir(opt.out_dir);
  } catch (const cli::UsageError& e) {
    return usage_error(e.what());
  }
  if (opt.progress) {
    opt.request.progress = [](std::int64_t done, std::int64_t total) {
      std::fprintf(stderr, "\rlifbench: %lld / %lld neurons (%.1f%%)", static_cast<long long>(done),
                   static_cast<long long>(total), total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  try {
    const SimResult res = simulate(opt.request);
    cli::write_outputs(opt, res);
    std::printf("%s: %lld neurons x %lld steps, %lld spikes, %.3f s -> %s\n",
                opt.request.kernel->name.c_str(), static_cast<long long>(res.neurons),
                static_cast<long long>(res.steps), static_cast<long long>(res.total_spikes),
                res.wall_seconds, opt.out_dir.c_str());
  } catch (const std::bad_alloc&) {
    return usage_error("--neurons: out of memory while simulating");
  } catch (const std::exception& e) {
    return usage_error(e.what());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::string usage =
      "usage: lifbench simulate [flags] --out DIR   (lifbench simulate --help)\n"
      "       lifbench verify [--quick]\n";
  if (args.empty()) {
    std::cerr << usage;
    return kBadInput;
  }
  if (args[0] == "simulate") return simulate_command({args.begin() + 1, args.end()});
  if (args[0] == "verify") {
    lifbench::cli::VerifyOptions opt;
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (args[i] == "--quick") opt.quick = true;
      else return usage_error(args[i] + ": unknown option of verify");
    }
    return lifbench::cli::run_verify(opt, std::cout) == 0 ? 0 : 1;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << usage;
    return 0;
  }
  return usage_error(args[0] + ": unknown command (simulate, verify)");
}
