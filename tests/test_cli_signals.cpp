// SIGINT and SIGTERM stop `lifbench simulate` promptly (docs/cli.md, "Signals"), through
// the real binary: a run is started in the background, signalled while it computes or
// while it writes its files, and must exit 130 / 143 within a few seconds with one line
// saying it was interrupted, leaving its output folder exactly as it was (an earlier run's
// files and a file of the user's untouched, no temporary, no lock file).
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <functional>
#include <string>
#include <vector>

#include "cli_support.hpp"

namespace lifbench::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A folder holding an earlier run's files and a file of the user's.
void fill_with_earlier_run(const fs::path& out, const fs::path& scratch) {
  fs::create_directories(out);
  std::ofstream(out / "notes.txt") << "the user's own file\n";
  const ProcessResult r = run_lifbench({"simulate", "--kernel", "scalar", "--neurons", "7",
                                        "--record", "raster,v,t_ref,stats", "--out", out.string()},
                                       scratch);
  ASSERT_EQ(r.status, 0) << r.err;
}

// Whether DIR holds a file of lifbench's own protocol (lock, staging folder).
bool has_staging(const fs::path& out) {
  for (const std::string& name : list_tree(out)) {
    if (name.rfind(".lifbench-stage-", 0) == 0) return true;
  }
  return false;
}

// Starts `args` into `out`, waits until `ready` holds and then `settle` more (so that the
// kernel is deep in its loops), sends `signal_number`, and checks the interruption
// contract; `root` must then be as it was before the run.
void expect_interrupted(const std::vector<std::string>& args, const fs::path& root,
                        const fs::path& out, int signal_number, const std::function<bool()>& ready,
                        milliseconds settle = milliseconds(500)) {
  TempDir scratch;
  const auto before = snapshot_tree(root);
  Child child(lifbench_argv(args), scratch.path());
  ASSERT_TRUE(wait_until([&] { return ready() || !child.running(); }, seconds(300)));
  std::this_thread::sleep_for(settle);
  ASSERT_TRUE(child.running()) << "the run ended before it could be interrupted";
  child.send(signal_number);
  const auto sent = std::chrono::steady_clock::now();
  const ProcessResult r = child.wait(seconds(30));
  const double seconds_to_exit =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
  EXPECT_EQ(r.status, 128 + signal_number) << r.err;
  // "About a second" with room for a loaded machine and sanitizers; the uninterrupted
  // runs take far longer.
  EXPECT_LT(seconds_to_exit, 5.0);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(line_count(r.err), 1u) << r.err;
  EXPECT_NE(r.err.find("interrupted by SIG"), std::string::npos) << r.err;
  EXPECT_EQ(snapshot_tree(root), before) << "the folder changed: " << out;
}

// The lock file exists: the run is past its checks and computing.
std::function<bool()> locked(const fs::path& out) {
  return [out] { return fs::exists(out / ".lifbench.lock"); };
}

// SIGINT while a long statistics-only run computes (the 40-second example).
TEST(CliSignals, SigintStopsAStreamingRunAndLeavesTheFolderAsItWas) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  fill_with_earlier_run(out, scratch.path());
  expect_interrupted({"simulate", "--kernel", "scalar", "--neurons", "1000000", "--t-max", "1",
                      "--record", "stats", "--out", out.string()},
                     root.path(), out, SIGINT, locked(out));
}

// SIGTERM while a run that records whole matrices computes (one batch, no progress calls).
TEST(CliSignals, SigtermStopsARunRecordingMatrices) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  fill_with_earlier_run(out, scratch.path());
  expect_interrupted({"simulate", "--kernel", "scalar", "--rng", "philox", "--neurons", "100000",
                      "--t-max", "5", "--record", "raster", "--out", out.string()},
                     root.path(), out, SIGTERM, locked(out));
}

// SIGTERM while the files are being written (the staging folder exists): the partial
// files are removed and the earlier run's files stay.
TEST(CliSignals, SigtermWhileWritingRemovesThePartialFiles) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  fill_with_earlier_run(out, scratch.path());
  // 150 MB of v and raster from few neuron-steps (fast to compute, also under the
  // sanitizers): writing and hashing take far longer than the 1 ms polling interval.
  expect_interrupted(
      {"simulate", "--kernel", "openmp", "--rng", "philox", "--neurons", "16700", "--t-max", "1",
       "--record", "raster,v", "--out", out.string()},
      root.path(), out, SIGTERM, [out] { return has_staging(out); }, milliseconds(0));
}

// A run that had to create DIR removes it again when interrupted (it did not exist before).
TEST(CliSignals, AnInterruptedRunRemovesTheDirectoriesItCreated) {
  TempDir root;
  const fs::path out = root.path() / "new" / "out";
  expect_interrupted({"simulate", "--kernel", "scalar", "--neurons", "1000000", "--t-max", "1",
                      "--record", "stats", "--out", out.string()},
                     root.path(), out, SIGINT, locked(out));
  EXPECT_FALSE(fs::exists(root.path() / "new"));
}

// After an interruption the folder takes the next run as usual (no stale lock).
TEST(CliSignals, TheNextRunSucceedsAfterAnInterruption) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  fill_with_earlier_run(out, scratch.path());
  expect_interrupted({"simulate", "--kernel", "scalar", "--neurons", "1000000", "--t-max", "1",
                      "--record", "stats", "--out", out.string()},
                     root.path(), out, SIGTERM, locked(out));
  const ProcessResult r = run_lifbench(
      {"simulate", "--kernel", "scalar", "--neurons", "5", "--out", out.string()}, scratch.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(list_tree(out),
            (std::vector<std::string>{"notes.txt", "raster.npy", "summary.json", "t_ref.npy"}));
}

}  // namespace
}  // namespace lifbench::testing
