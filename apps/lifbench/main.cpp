// lifbench: `simulate` (SPEC 4) and `verify` (every kernel against the reference).
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "lifbench/cli.hpp"
#include "lifbench/outputs.hpp"
#include "lifbench/verify.hpp"

#ifdef LIFBENCH_HAVE_MPI
#include "lifbench/mpi_simulate.hpp"
#endif

namespace {

constexpr int kBadInput = 2;

// This process's MPI rank (0 without MPI): only rank 0 prints and writes.
int process_rank() {
#ifdef LIFBENCH_HAVE_MPI
  return lifbench::mpi::rank();
#else
  return 0;
#endif
}

// Rank 0's verdict for every rank (the identity without MPI).
int agree(int verdict) {
#ifdef LIFBENCH_HAVE_MPI
  return lifbench::mpi::broadcast_verdict(verdict);
#else
  return verdict;
#endif
}

// Prints a one-line error (rank 0 only) and returns the bad-input status.
int usage_error(const std::string& message) {
  if (process_rank() == 0) std::cerr << "lifbench: error: " << message << "\n";
  return kBadInput;
}

// The checks that touch the machine (memory, file system), made by rank 0: empty if fine.
std::string check_machine(const lifbench::cli::SimulateOptions& opt) {
  using namespace lifbench;
  const std::uint64_t need = estimate_bytes(opt.request);
  const std::uint64_t have = cli::available_memory_bytes();
  if (have > 0 && need > have / 10 * 9) {
    return "--neurons: the run needs about " + std::to_string(need >> 20) + " MiB but only " +
           std::to_string(have >> 20) +
           " MiB are available; record less (--record stats) or fewer neurons";
  }
#ifdef LIFBENCH_HAVE_MPI
  if (std::string why = mpi::check_message_sizes(opt.request); !why.empty()) return why;
#endif
  try {
    cli::check_output_dir(opt.out_dir);
  } catch (const cli::UsageError& e) {
    return e.what();
  }
  return {};
}

// Runs the simulation (split over MPI ranks when there are several).
lifbench::SimResult run_simulation(const lifbench::SimRequest& req) {
#ifdef LIFBENCH_HAVE_MPI
  if (lifbench::mpi::size() > 1) return lifbench::mpi::simulate_distributed(req);
#endif
  return lifbench::simulate(req);
}

// Runs `lifbench simulate ARGS`.
int simulate_command(const std::vector<std::string>& args) {
  using namespace lifbench;
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      if (process_rank() == 0) std::cout << cli::simulate_usage();
      return 0;
    }
  }
  cli::SimulateOptions opt;
  try {
    opt = cli::parse_simulate(args);  // the same verdict on every rank
  } catch (const cli::UsageError& e) {
    return usage_error(e.what());
  }
  std::string problem = process_rank() == 0 ? check_machine(opt) : std::string();
  if (agree(problem.empty() ? 0 : kBadInput) != 0) return usage_error(problem);
  if (opt.progress && process_rank() == 0) {
    opt.request.progress = [](std::int64_t done, std::int64_t total) {
      std::fprintf(stderr, "\rlifbench: %lld / %lld neurons (%.1f%%)", static_cast<long long>(done),
                   static_cast<long long>(total),
                   total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0);
      if (done == total) std::fprintf(stderr, "\n");
    };
  }
  int status = 0;
  try {
    const SimResult res = run_simulation(opt.request);
    if (process_rank() == 0) {
      cli::write_outputs(opt, res);
      std::printf("%s: %lld neurons x %lld steps, %lld spikes, %.3f s -> %s\n",
                  opt.request.kernel->name.c_str(), static_cast<long long>(res.neurons),
                  static_cast<long long>(res.steps), static_cast<long long>(res.total_spikes),
                  res.wall_seconds, opt.out_dir.c_str());
    }
  } catch (const std::bad_alloc&) {
    status = usage_error("--neurons: out of memory while simulating");
  } catch (const std::exception& e) {
    status = usage_error(e.what());
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef LIFBENCH_HAVE_MPI
  lifbench::mpi::Session mpi_session(&argc, &argv);
#endif
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
      if (args[i] == "--quick")
        opt.quick = true;
      else
        return usage_error(args[i] + ": unknown option of verify");
    }
    return lifbench::cli::run_verify(opt, std::cout) == 0 ? 0 : 1;
  }
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << usage;
    return 0;
  }
  return usage_error(args[0] + ": unknown command (simulate, verify)");
}
