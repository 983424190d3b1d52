// A run owns its output folder (docs/cli.md, "The output folder"), through the real
// binary: after a success DIR holds exactly that run's lifbench files (an earlier run's are
// removed, files of the user's are kept), summary.json lists each with its size and SHA-256,
// a file lifbench did not write is never deleted (a run that would replace one is refused),
// a second run into a DIR in use is refused, leftovers of a killed run are cleaned up, and
// an I/O error exits 1 leaving DIR as it was.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "lifbench/outdir.hpp"
#include "mini_json.hpp"
#include "sha256.hpp"

namespace lifbench::testing {
namespace {

using std::chrono::seconds;

// `lifbench simulate --kernel scalar --out OUT EXTRA...`, which must succeed.
void run_ok(const fs::path& out, const std::vector<std::string>& extra, const fs::path& scratch) {
  std::vector<std::string> args = {"simulate", "--kernel", "scalar", "--out", out.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const ProcessResult r = run_lifbench(args, scratch);
  ASSERT_EQ(r.status, 0) << r.err;
}

// Checks that summary.json lists exactly the other lifbench files of DIR, each with its
// real size and SHA-256, and returns their names.
std::vector<std::string> check_file_list(const fs::path& out) {
  const auto summary = lifbench_test::Json::load((out / "summary.json").string());
  std::vector<std::string> listed;
  for (std::size_t i = 0; i < summary["files"].size(); ++i) {
    const auto& f = summary["files"][i];
    const std::string name = f["name"].as_string();
    listed.push_back(name);
    const std::string bytes = read_file(out / name);
    EXPECT_EQ(static_cast<std::int64_t>(bytes.size()), f["bytes"].as_int()) << name;
    EXPECT_EQ(lifbench_test::sha256_hex(bytes.data(), bytes.size()), f["sha256"].as_string())
        << name;
  }
  std::vector<std::string> present;
  for (const std::string_view name : cli::kOutputNames) {
    if (name != "summary.json" && fs::exists(out / name)) present.emplace_back(name);
  }
  std::sort(listed.begin(), listed.end());
  std::sort(present.begin(), present.end());
  EXPECT_EQ(listed, present);
  return listed;
}

// The example: everything recorded for 10 neurons, then only stats for 20 neurons
// into the same DIR; the earlier v.npy, raster.npy and t_ref.npy must go, notes.txt stay.
TEST(CliFolder, ARunRemovesTheEarlierRunsFilesAndKeepsTheUsers) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  fs::create_directories(out / "plots");
  std::ofstream(out / "notes.txt") << "mine\n";
  run_ok(out, {"--record", "raster,v,t_ref,stats,spikes", "--neurons", "10"}, scratch.path());
  EXPECT_EQ(check_file_list(out),
            (std::vector<std::string>{"raster.npy", "spikes.npy", "t_ref.npy", "v.npy"}));
  run_ok(out, {"--record", "stats", "--neurons", "20"}, scratch.path());
  EXPECT_EQ(list_tree(out), (std::vector<std::string>{"notes.txt", "plots", "summary.json"}));
  EXPECT_TRUE(check_file_list(out).empty());
  EXPECT_EQ(read_file(out / "notes.txt"), "mine\n");
  run_ok(out, {"--record", "v,stats", "--neurons", "3"}, scratch.path());
  EXPECT_EQ(list_tree(out),
            (std::vector<std::string>{"notes.txt", "plots", "summary.json", "v.npy"}));
  EXPECT_EQ(check_file_list(out), (std::vector<std::string>{"v.npy"}));
}

// Runs `lifbench` into `out` expecting a refusal naming --out and `named`, with `root`
// unchanged.
void expect_refused(const fs::path& root, const fs::path& out, const std::string& named) {
  TempDir scratch;
  const auto before = snapshot_tree(root);
  const ProcessResult r = run_lifbench(
      {"simulate", "--kernel", "scalar", "--neurons", "4", "--out", out.string()}, scratch.path());
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_EQ(line_count(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("lifbench: error: --out: ", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(named), std::string::npos) << r.err;
  EXPECT_EQ(snapshot_tree(root), before);
}

// A raster.npy of the user's where the run would write: refused, never replaced.
TEST(CliFolder, RefusesToReplaceAFileItDidNotWrite) {
  TempDir root;
  const fs::path out = root.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "raster.npy") << "someone else's array";
  expect_refused(root.path(), out, "raster.npy");
}

// Also when the run would not write that name (it would sit beside the run's summary).
TEST(CliFolder, RefusesAForeignFileWithAnOutputNameItWouldNotWrite) {
  TempDir root;
  const fs::path out = root.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "v.npy") << "someone else's array";
  expect_refused(root.path(), out, "v.npy");
}

// A summary.json lifbench did not write (no file list).
TEST(CliFolder, RefusesAForeignSummary) {
  TempDir root;
  const fs::path out = root.path() / "out";
  fs::create_directories(out);
  std::ofstream(out / "summary.json") << "{\"mine\": true}\n";
  expect_refused(root.path(), out, "summary.json");
}

// An earlier run's file that was changed since (its size no longer the listed one).
TEST(CliFolder, RefusesAnEarlierRunsFileChangedSince) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  run_ok(out, {"--neurons", "4"}, scratch.path());
  std::ofstream(out / "t_ref.npy", std::ios::app) << "appended by the user";
  expect_refused(root.path(), out, "t_ref.npy");
}

// A second run into a DIR that a running run holds is refused with exit 2 at once; the
// first run is unaffected (here: interrupted afterwards, leaving DIR as it was).
TEST(CliFolder, ASecondRunIntoAFolderInUseIsRefused) {
  TempDir root, scratch, scratch2;
  const fs::path out = root.path() / "out";
  run_ok(out, {"--neurons", "4"}, scratch.path());
  const auto before = snapshot_tree(root.path());
  Child first(lifbench_argv({"simulate", "--kernel", "scalar", "--neurons", "1000000", "--t-max",
                             "1", "--record", "stats", "--out", out.string()}),
              scratch.path());
  const fs::path lock = out / ".lifbench.lock";  // holds the pid once taken
  ASSERT_TRUE(
      wait_until([&] { return !read_file(lock).empty() || !first.running(); }, seconds(60)));
  const ProcessResult second = run_lifbench(
      {"simulate", "--kernel", "scalar", "--neurons", "4", "--out", out.string()}, scratch2.path());
  EXPECT_EQ(second.status, 2) << second.err;
  EXPECT_EQ(line_count(second.err), 1u) << second.err;
  EXPECT_NE(second.err.find("in use by another lifbench run (pid " + std::to_string(first.pid())),
            std::string::npos)
      << second.err;
  ASSERT_TRUE(first.running());
  first.send(SIGTERM);
  EXPECT_EQ(first.wait(seconds(30)).status, 143);
  EXPECT_EQ(snapshot_tree(root.path()), before);
}

// Two runs started together into one DIR: one writes, the other is refused or runs after
// it; whatever the order, DIR ends with one run's complete, consistent files.
TEST(CliFolder, ConcurrentRunsNeverMixTheirFiles) {
  TempDir root, scratch1, scratch2;
  const fs::path out = root.path() / "out";
  Child a(lifbench_argv({"simulate", "--kernel", "scalar", "--neurons", "3000", "--record",
                         "raster,v,stats", "--out", out.string()}),
          scratch1.path());
  Child b(lifbench_argv({"simulate", "--kernel", "scalar", "--neurons", "2000", "--record",
                         "t_ref,stats", "--out", out.string()}),
          scratch2.path());
  const ProcessResult ra = a.wait(), rb = b.wait();
  ASSERT_TRUE((ra.status == 0 || ra.status == 2) && (rb.status == 0 || rb.status == 2))
      << ra.err << rb.err;
  ASSERT_TRUE(ra.status == 0 || rb.status == 0);
  const std::vector<std::string> listed = check_file_list(out);
  const auto summary = lifbench_test::Json::load((out / "summary.json").string());
  const std::int64_t n = summary["neurons"].as_int();
  EXPECT_TRUE((n == 3000 && listed == std::vector<std::string>{"raster.npy", "v.npy"}) ||
              (n == 2000 && listed == std::vector<std::string>{"t_ref.npy"}))
      << n;
  for (const std::string& name : list_tree(out)) EXPECT_NE(name[0], '.') << name;
}

// A run killed with SIGKILL while writing leaves its lock and staging folder; the next run
// removes both and succeeds.
TEST(CliFolder, TheNextRunCleansUpAfterAKilledRun) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  run_ok(out, {"--neurons", "4"}, scratch.path());
  {
    // 150 MB to write from few neuron-steps (as in CliSignals).
    Child killed(lifbench_argv({"simulate", "--rng", "philox", "--neurons", "16700", "--t-max", "1",
                                "--record", "raster,v", "--out", out.string()}),
                 scratch.path());
    const auto staging = [&] {
      for (const std::string& name : list_tree(out)) {
        if (name.rfind(".lifbench-stage-", 0) == 0) return true;
      }
      return false;
    };
    ASSERT_TRUE(wait_until([&] { return staging() || !killed.running(); }, seconds(300)));
    ASSERT_TRUE(killed.running());
    killed.send(SIGKILL);
    EXPECT_EQ(killed.wait().status, 128 + SIGKILL);
    EXPECT_TRUE(staging());
  }
  run_ok(out, {"--neurons", "6", "--record", "spikes,stats"}, scratch.path());
  EXPECT_EQ(list_tree(out), (std::vector<std::string>{"spikes.npy", "summary.json"}));
  check_file_list(out);
}

// An I/O error (here: a file-size limit, so writing fails with EFBIG) exits 1 with one
// line, and DIR keeps the earlier run's files, without temporaries.
TEST(CliFolder, AnIoErrorExitsOneAndLeavesTheFolderAsItWas) {
  TempDir root, scratch;
  const fs::path out = root.path() / "out";
  run_ok(out, {"--neurons", "4"}, scratch.path());
  const auto before = snapshot_tree(root.path());
  SpawnOptions limited;
  limited.file_size_limit = 1 << 20;
  const ProcessResult r = run_lifbench({"simulate", "--kernel", "scalar", "--neurons", "20000",
                                        "--record", "raster", "--out", out.string()},
                                       scratch.path(), limited);
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(line_count(r.err), 1u) << r.err;
  EXPECT_EQ(r.err.rfind("lifbench: error: --out: writing", 0), 0u) << r.err;
  EXPECT_EQ(snapshot_tree(root.path()), before);
}

// The file list summary.json carries reads back; text lifbench did not write is not one.
TEST(CliFolder, FileListRoundTripsAndRejectsOtherText) {
  const std::vector<cli::OutputFile> files = {{"raster.npy", 1628, std::string(64, 'a')},
                                              {"t_ref.npy", 0, std::string(64, '0')}};
  const std::string text = "{\n  \"lifbench_version\": \"0.1.0\",\n" + cli::file_list_json(files) +
                           ",\n  \"kernel\": \"scalar\"\n}\n";
  std::vector<cli::OutputFile> back;
  ASSERT_TRUE(cli::parse_file_list(text, &back));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].name, "raster.npy");
  EXPECT_EQ(back[0].bytes, 1628u);
  EXPECT_EQ(back[1].sha256, files[1].sha256);
  ASSERT_TRUE(cli::parse_file_list("{\n" + cli::file_list_json({}) + "\n}", &back));
  EXPECT_TRUE(back.empty());
  const std::string hash(64, 'a');
  const std::vector<std::string> bad_texts = {
      "{}",
      "",
      "{\n  \"files\": [\n    {\"name\": \"../x\", \"bytes\": 1, \"sha256\": \"" + hash +
          "\"}\n  ]\n}",
      "{\n  \"files\": [\n    {\"name\": \"v.npy\", \"bytes\": -1, \"sha256\": \"" + hash +
          "\"}\n  ]\n}",
      "{\n  \"files\": [\n    {\"name\": \"v.npy\", \"bytes\": 1, \"sha256\": \"abc\"}\n  ]\n}",
      text.substr(0, text.find('}') + 1)};
  for (const std::string& bad : bad_texts) {
    EXPECT_FALSE(cli::parse_file_list(bad, &back)) << bad;
  }
}

}  // namespace
}  // namespace lifbench::testing
