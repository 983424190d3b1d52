// lifbench: `simulate` (SPEC 4) and `verify` (every kernel against the reference).
// Exit status (docs/cli.md): 0 success, 2 bad input, 128 + signal interrupted, 1 otherwise.
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lifbench/cli.hpp"
#include "lifbench/interrupt.hpp"
#include "lifbench/outdir.hpp"
#include "lifbench/outputs.hpp"
#include "lifbench/verify.hpp"

#ifdef LIFBENCH_HAVE_MPI
#include "lifbench/mpi_simulate.hpp"
#endif

namespace {

constexpr int kFailure = 1;
constexpr int kBadInput = 2;

// This process's MPI rank (0 without MPI): only rank 0 prints and writes.
int process_rank() {
#ifdef LIFBENCH_HAVE_MPI
  return lifbench::mpi::rank();
#else
  return 0;
#endif
}

// The number of MPI ranks (1 without MPI or without a launcher).
int process_count() {
#ifdef LIFBENCH_HAVE_MPI
  return lifbench::mpi::size();
#else
  return 1;
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

// Prints a one-line error (rank 0 only) and returns `status`.
int fail(const std::string& message, int status = kBadInput) {
  if (process_rank() == 0)
    std::cerr << "lifbench: error: " << lifbench::cli::one_line(message) << "\n";
  return status;
}

// The checks that touch the machine (memory, file system), made by rank 0; on success
// `out` holds DIR, locked for this run. Empty if fine, else the reason.
std::string check_machine(const lifbench::cli::SimulateOptions& opt,
                          std::unique_ptr<lifbench::cli::OutputDir>* out) {
  using namespace lifbench;
  const std::uint64_t need = estimate_bytes(opt.request);
  const std::uint64_t have = cli::available_memory_bytes();
  if (have > 0 && need > have / 10 * 9) {
    return "--neurons: the run needs about " + std::to_string(need >> 20) + " MiB but only " +
           std::to_string(have >> 20) +
           " MiB are available; record less (--record stats) or fewer neurons";
  }
#ifdef LIFBENCH_HAVE_MPI
  if (mpi::active()) {
    if (std::string why = mpi::check_message_limit(); !why.empty()) return why;
  }
#endif
  try {
    *out = std::make_unique<cli::OutputDir>(opt.out_dir);
  } catch (const std::exception& e) {  // DIR can't be created, written, or is in use
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

// Prints "lifbench: 10 / 500 neurons (2.0%)" on stderr, overwriting the line.
void print_progress(std::int64_t done, std::int64_t total) {
  std::fprintf(stderr, "\rlifbench: %lld / %lld neurons (%.1f%%)", static_cast<long long>(done),
               static_cast<long long>(total),
               total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0);
  if (done == total) std::fprintf(stderr, "\n");
}

// Simulates, then (rank 0) writes and commits the files into `out`; returns the status.
int run_and_write(lifbench::cli::SimulateOptions& opt,
                  std::unique_ptr<lifbench::cli::OutputDir>& out) {
  using namespace lifbench;
  try {
    const SimResult res = run_simulation(opt.request);
    if (process_rank() != 0) return 0;
    cli::interrupt::begin_writing();
    cli::write_outputs(opt, res, *out);
    out.reset();
    const int ranks = process_count();
    std::printf("%s: %lld neurons x %lld steps, %lld spikes, %.3f s%s -> %s\n",
                opt.request.kernel->name.c_str(), static_cast<long long>(res.neurons),
                static_cast<long long>(res.steps), static_cast<long long>(res.total_spikes),
                res.wall_seconds,
                ranks > 1 ? (" on " + std::to_string(ranks) + " MPI ranks").c_str() : "",
                opt.out_dir.c_str());
    return 0;
  } catch (const cli::interrupt::Interrupted& e) {
    out.reset();  // the staging folder, the lock and created directories go first
    std::cerr << (opt.progress ? "\n" : "") << e.what() << "\n";
    return 128 + e.signal_number;
  } catch (const cli::UsageError& e) {
    return fail(e.what());
  } catch (const std::bad_alloc&) {
    return fail("--neurons: out of memory while simulating");
  } catch (const std::invalid_argument& e) {  // a request the kernel can't run
    return fail(e.what());
  } catch (const std::exception& e) {  // I/O errors and anything else
    out.reset();
    return fail(e.what(), kFailure);
  }
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
    return fail(e.what());
  }
  cli::interrupt::install(opt.progress, process_rank() == 0);
  cli::interrupt::unblock();
  std::unique_ptr<cli::OutputDir> out;
  const std::string problem = process_rank() == 0 ? check_machine(opt, &out) : std::string();
  if (agree(problem.empty() ? 0 : kBadInput) != 0) return fail(problem);
  if (opt.progress && process_rank() == 0) opt.request.progress = print_progress;
  return run_and_write(opt, out);
}

// Runs `lifbench verify ARGS`.
int verify_command(const std::vector<std::string>& args) {
  lifbench::cli::VerifyOptions opt;
  for (const std::string& a : args) {
    if (a != "--quick") return fail(a + ": unknown option of verify");
    opt.quick = true;
  }
  return lifbench::cli::run_verify(opt, std::cout) == 0 ? 0 : kFailure;
}

}  // namespace

int main(int argc, char** argv) {
  // SIGINT and SIGTERM wait until `simulate` has its handlers; threads started meanwhile
  // (MPI's) inherit the mask and never run the handlers.
  lifbench::cli::interrupt::block();
#ifdef LIFBENCH_HAVE_MPI
  std::optional<lifbench::mpi::Session> mpi_session;
  if (lifbench::mpi::launched_by_mpi()) mpi_session.emplace(&argc, &argv);
#endif
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && args[0] == "simulate")
    return simulate_command({args.begin() + 1, args.end()});
  lifbench::cli::interrupt::unblock();
  const std::string usage =
      "usage: lifbench simulate [flags] --out DIR   (lifbench simulate --help)\n"
      "       lifbench verify [--quick]\n";
  if (args.empty()) {
    std::cerr << usage;
    return kBadInput;
  }
  if (args[0] == "verify") return verify_command({args.begin() + 1, args.end()});
  if (args[0] == "--help" || args[0] == "-h") {
    std::cout << usage;
    return 0;
  }
  return fail(args[0] + ": unknown command (simulate, verify)");
}
