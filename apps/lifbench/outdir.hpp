// The output folder of one `lifbench simulate` run (docs/cli.md, "The output folder").
//
// A run locks DIR (DIR/.lifbench.lock, flock; a second run into a locked DIR is refused),
// writes its files into a staging folder inside DIR (DIR/.lifbench-stage-PID), and commits
// them by renames: the earlier run's summary.json goes first, then the earlier run's other
// files, then the new data files move in, and the new summary.json moves in last, so a
// summary.json in DIR always describes the files beside it. lifbench only ever removes
// files it can prove it wrote: those listed, with their size, in the summary.json there.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace lifbench::cli {

// The names lifbench writes into DIR (summary.json last).
inline constexpr std::string_view kOutputNames[] = {"raster.npy", "v.npy", "t_ref.npy",
                                                    "spikes.npy", "summary.json"};

// One file of a run, as summary.json lists it.
struct OutputFile {
  std::string name;
  std::uint64_t bytes = 0;
  std::string sha256;  // 64 lowercase hex digits
};

// The "files" member of summary.json: one line per file, indented for the summary.
std::string file_list_json(const std::vector<OutputFile>& files);

// The files a summary.json text lists; false if it holds no file list lifbench wrote.
bool parse_file_list(std::string_view summary, std::vector<OutputFile>* files);

class OutputDir {
 public:
  // Creates DIR (and missing parents), locks it, removes staging folders of killed runs,
  // and checks that every file with a lifbench output name in DIR is lifbench's. Throws
  // UsageError ("--out: ...") if DIR can't be created or written, is in use by another
  // run, or holds a file in the way that lifbench did not write.
  explicit OutputDir(const std::string& dir);
  // Unlocks DIR; unless the run committed, also removes the staging folder and the
  // directories the run created (if empty).
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  const std::filesystem::path& path() const { return dir_; }
  // The staging folder (created on first use), where the run writes its files.
  const std::filesystem::path& staging();
  // Moves the staged files `names` into DIR and removes the earlier run's other files.
  // Throws interrupt::Interrupted if a signal came first; std::runtime_error on I/O errors.
  void commit(const std::vector<std::string>& names);

 private:
  void lock();
  void prove_ownership();
  void release() noexcept;

  std::filesystem::path dir_, lock_path_, staging_;
  int lock_fd_ = -1;
  std::vector<std::filesystem::path> created_;  // directories this run made, outermost first
  std::vector<std::string> previous_;           // the earlier run's files in DIR
  bool commit_started_ = false, committed_ = false;
};

}  // namespace lifbench::cli
