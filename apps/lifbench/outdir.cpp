#include "lifbench/outdir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include "lifbench/cli.hpp"
#include "lifbench/interrupt.hpp"

namespace lifbench::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLockName = ".lifbench.lock";
constexpr std::string_view kStagingPrefix = ".lifbench-stage-";
constexpr std::size_t kSummaryHead = 1 << 20;  // the file list sits near the top

// Consumes `token` at `at` (after spaces and newlines); false if it is not there.
bool take(std::string_view text, std::size_t& at, std::string_view token) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\n')) ++at;
  if (text.substr(at, token.size()) != token) return false;
  at += token.size();
  return true;
}

// Consumes characters of `allowed` up to `end` (excluded); false if none or another.
bool take_until(std::string_view text, std::size_t& at, char end, std::string_view allowed,
                std::string* out) {
  const std::size_t stop = text.find(end, at);
  if (stop == std::string_view::npos || stop == at) return false;
  *out = std::string(text.substr(at, stop - at));
  if (out->find_first_not_of(allowed) != std::string::npos) return false;
  at = stop;
  return true;
}

// The first `limit` bytes of a file (empty if unreadable).
std::string read_head(const fs::path& path, std::size_t limit) {
  std::ifstream is(path, std::ios::binary);
  std::string text(limit, '\0');
  is.read(text.data(), static_cast<std::streamsize>(limit));
  text.resize(static_cast<std::size_t>(std::max<std::streamsize>(is.gcount(), 0)));
  return text;
}

// The directories missing on the way to `dir`, outermost first.
std::vector<fs::path> missing_directories(const fs::path& dir) {
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = fs::absolute(dir, ec).lexically_normal(); !p.empty() && p != p.parent_path();
       p = p.parent_path()) {
    if (p.filename().empty()) continue;  // a trailing separator
    if (fs::exists(fs::symlink_status(p, ec))) break;
    missing.push_back(p);
  }
  std::reverse(missing.begin(), missing.end());
  return missing;
}

// The concatenation of `parts` (strings, string views, C strings).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string text;
  (text.append(std::string_view(parts)), ...);
  return text;
}

[[noreturn]] void refuse(const std::string& message) { throw UsageError(cat("--out: ", message)); }

[[noreturn]] void io_error(const std::string& what) {
  throw std::runtime_error(cat("--out: ", what, ": ", std::strerror(errno)));
}

}  // namespace

std::string file_list_json(const std::vector<OutputFile>& files) {
  std::string s = "  \"files\": [";
  for (std::size_t i = 0; i < files.size(); ++i) {
    s += (i ? ",\n    " : "\n    ");
    s += "{\"name\": \"" + files[i].name + "\", \"bytes\": " + std::to_string(files[i].bytes) +
         ", \"sha256\": \"" + files[i].sha256 + "\"}";
  }
  return s + (files.empty() ? "]" : "\n  ]");
}

bool parse_file_list(std::string_view summary, std::vector<OutputFile>* files) {
  files->clear();
  std::size_t at = summary.find("\n  \"files\": [");
  if (summary.substr(0, 1) != "{" || at == std::string_view::npos) return false;
  at += std::strlen("\n  \"files\": [");
  if (take(summary, at, "]")) return true;
  do {
    OutputFile f;
    std::string bytes;
    if (!take(summary, at, "{\"name\": \"") ||
        !take_until(summary, at, '"', "abcdefghijklmnopqrstuvwxyz_.", &f.name) ||
        !take(summary, at, "\", \"bytes\": ") ||
        !take_until(summary, at, ',', "0123456789", &bytes) ||
        !take(summary, at, ", \"sha256\": \"") ||
        !take_until(summary, at, '"', "0123456789abcdef", &f.sha256) || f.sha256.size() != 64 ||
        !take(summary, at, "\"}") || bytes.size() > 19) {
      return false;
    }
    f.bytes = std::stoull(bytes);
    files->push_back(std::move(f));
  } while (take(summary, at, ","));
  return take(summary, at, "]");
}

OutputDir::OutputDir(const std::string& dir) : dir_(dir) {
  interrupt::block();  // the handler's cleanup list must match what exists
  try {
    created_ = missing_directories(dir_);
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec || !fs::is_directory(dir_)) {
      refuse(cat("cannot create directory '", dir, "'", ec ? cat(" (", ec.message(), ")") : ""));
    }
    lock();
    std::vector<std::string> dirs;
    for (const fs::path& p : created_) dirs.push_back(p.string());
    interrupt::set_cleanup(lock_path_.string(), dirs);
    prove_ownership();
  } catch (...) {
    release();
    interrupt::unblock();
    throw;
  }
  interrupt::unblock();
}

OutputDir::~OutputDir() { release(); }

// Takes DIR/.lifbench.lock (flock); a lock file its holder removed meanwhile is retaken.
void OutputDir::lock() {
  lock_path_ = dir_ / kLockName;
  for (;;) {
    const int fd = open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      refuse(cat("directory '", dir_.string(), "' is not writable (", std::strerror(errno), ")"));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const std::string holder = read_head(lock_path_, 32);
      close(fd);
      lock_path_.clear();  // not ours: never removed
      refuse(cat("directory '", dir_.string(), "' is in use by another lifbench run",
                 holder.empty() ? "" : cat(" (pid ", holder, ")"),
                 "; wait for it or choose another"));
    }
    struct stat held {
    }, named{};
    if (fstat(fd, &held) == 0 && stat(lock_path_.c_str(), &named) == 0 &&
        held.st_ino == named.st_ino && held.st_dev == named.st_dev) {
      lock_fd_ = fd;
      const std::string pid = std::to_string(getpid());
      if (ftruncate(fd, 0) != 0 || write(fd, pid.data(), pid.size()) < 0) {
        // the pid is only for the message of a refused run
      }
      return;
    }
    close(fd);
  }
}

// Reads the file lists of DIR/summary.json and of staging folders left by killed runs
// (their commit may have moved files in), removes those folders, and refuses DIR if a
// file with an output name is not listed there with its size.
void OutputDir::prove_ownership() {
  std::map<std::string, std::vector<std::uint64_t>> listed;  // name -> sizes lifbench wrote
  const auto add_list = [&](const fs::path& summary) {
    std::vector<OutputFile> files;
    if (!parse_file_list(read_head(summary, kSummaryHead), &files)) return false;
    for (const OutputFile& f : files) listed[f.name].push_back(f.bytes);
    return true;
  };
  std::error_code ec;
  std::vector<fs::path> stale;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kStagingPrefix, 0) == 0 && entry.is_directory(ec) && !entry.is_symlink(ec)) {
      add_list(entry.path() / "summary.json");
      stale.push_back(entry.path());
    }
  }
  const fs::path summary = dir_ / "summary.json";
  const bool has_summary = fs::exists(fs::symlink_status(summary, ec));
  if (has_summary &&
      (!fs::is_regular_file(fs::symlink_status(summary, ec)) || !add_list(summary))) {
    refuse(
        cat("'", summary.string(),
            "' was not written by lifbench (it has no file list); lifbench never deletes files it "
            "did not write: move it away or choose another --out"));
  }
  for (const std::string_view output : kOutputNames) {
    const std::string name(output);
    const fs::path file = dir_ / name;
    const fs::file_status st = fs::symlink_status(file, ec);
    if (!fs::exists(st)) continue;
    const auto sizes = listed.find(name);
    const bool ours =
        name == "summary.json" ||
        (fs::is_regular_file(st) && sizes != listed.end() &&
         std::count(sizes->second.begin(), sizes->second.end(), fs::file_size(file, ec)) > 0);
    if (!ours) {
      refuse(cat("'", file.string(), "' is in the way: it is not listed in '", summary.string(),
                 "' as a file of an earlier run, and lifbench never deletes files it did not "
                 "write; move it away or choose another --out"));
    }
    previous_.push_back(name);
  }
  for (const fs::path& folder : stale) fs::remove_all(folder, ec);
}

const fs::path& OutputDir::staging() {
  if (staging_.empty()) {
    const fs::path folder = dir_ / (std::string(kStagingPrefix) + std::to_string(getpid()));
    std::error_code ec;
    fs::remove_all(folder, ec);  // a leftover of an earlier process with this pid
    if (!fs::create_directory(folder, ec)) {
      errno = ec.value();
      io_error(cat("cannot create '", folder.string(), "'"));
    }
    staging_ = folder;
  }
  return staging_;
}

void OutputDir::commit(const std::vector<std::string>& names) {
  interrupt::begin_commit();
  commit_started_ = true;
  const auto remove = [&](const std::string& name) {
    if (::unlink((dir_ / name).c_str()) != 0 && errno != ENOENT) {
      io_error(cat("removing the earlier run's '", (dir_ / name).string(), "' failed"));
    }
  };
  if (std::count(previous_.begin(), previous_.end(), "summary.json") > 0) remove("summary.json");
  for (const std::string& name : previous_) {
    if (name != "summary.json" && std::count(names.begin(), names.end(), name) == 0) remove(name);
  }
  std::vector<std::string> order = names;  // summary.json last
  std::stable_partition(order.begin(), order.end(),
                        [](const std::string& n) { return n != "summary.json"; });
  for (const std::string& name : order) {
    if (std::rename((staging_ / name).c_str(), (dir_ / name).c_str()) != 0) {
      io_error(cat("moving '", name, "' into '", dir_.string(), "' failed"));
    }
  }
  std::error_code ec;
  fs::remove(staging_, ec);
  committed_ = true;
}

void OutputDir::release() noexcept {
  std::error_code ec;
  // A commit that failed half-way keeps its staging folder: its summary.json proves to the
  // next run that the files already moved into DIR are lifbench's.
  if (!staging_.empty() && !commit_started_) fs::remove_all(staging_, ec);
  interrupt::clear_cleanup();
  if (lock_fd_ >= 0) {
    ::unlink(lock_path_.c_str());
    close(lock_fd_);
    lock_fd_ = -1;
  }
  if (!committed_) {
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) fs::remove(*it, ec);
  }
  created_.clear();
}

}  // namespace lifbench::cli
