// Running the real `lifbench` binary from tests: a private temporary directory, a child
// process with captured stdout/stderr and a hang timeout (or started in the background, to
// be signalled), and listings and snapshots of what a run left.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace lifbench::testing {

namespace fs = std::filesystem;

// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "lifbench-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Every path under `dir`, relative and sorted (directories included); empty if absent.
inline std::vector<std::string> list_tree(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return names;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    names.push_back(fs::relative(it->path(), dir).string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The whole content of a file.
inline std::string read_file(const fs::path& path) {
  std::ifstream is(path, std::ios::binary);
  std::ostringstream ss;
  ss << is.rdbuf();
  return ss.str();
}

struct ProcessResult {
  int status = -1;       // exit status; 128 + signal if killed by one; -1 if it hung
  std::string out, err;  // captured stdout and stderr
};

// How a child starts: extra environment variables, and a limit on the size of files it
// writes (RLIMIT_FSIZE, with SIGXFSZ ignored so that a write fails with EFBIG instead).
struct SpawnOptions {
  std::vector<std::pair<std::string, std::string>> env;
  std::uint64_t file_size_limit = 0;  // 0: none
};

// A child process running `argv` (argv[0] = program path) in `scratch`, its stdout and
// stderr captured into files there; killed and reaped on destruction if still running.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const fs::path& scratch,
        const SpawnOptions& options = {})
      : out_path_(scratch / "stdout.txt"), err_path_(scratch / "stderr.txt") {
    pid_ = fork();
    if (pid_ != 0) return;
    // Relative paths the command line may name land in `scratch`, never in the test's cwd.
    if (chdir(scratch.c_str()) != 0) _exit(126);
    const int out_fd = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    for (const auto& [name, value] : options.env) setenv(name.c_str(), value.c_str(), 1);
    if (options.file_size_limit > 0) {
      signal(SIGXFSZ, SIG_IGN);
      const rlimit limit{options.file_size_limit, options.file_size_limit};
      setrlimit(RLIMIT_FSIZE, &limit);
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  ~Child() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  // Whether the child has not exited yet.
  bool running() {
    if (pid_ <= 0) return false;
    const pid_t done = waitpid(pid_, &wstatus_, WNOHANG);
    if (done == pid_) pid_ = -pid_;  // reaped: keep the status
    return pid_ > 0;
  }
  void send(int signal_number) const {
    if (pid_ > 0) kill(pid_, signal_number);
  }

  // Waits for the child; kills it after `timeout` and reports status -1 (a hang).
  ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    ProcessResult r;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool hung = false;
    while (running()) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &wstatus_, 0);
        pid_ = -pid_;
        hung = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    r.status = hung ? -1 : WIFEXITED(wstatus_) ? WEXITSTATUS(wstatus_) : 128 + WTERMSIG(wstatus_);
    r.out = read_file(out_path_);
    r.err = read_file(err_path_);
    std::error_code ec;
    fs::remove(out_path_, ec);
    fs::remove(err_path_, ec);
    return r;
  }

 private:
  fs::path out_path_, err_path_;
  pid_t pid_ = -1;
  int wstatus_ = 0;
};

// Runs `argv` (argv[0] = program path) with stdout and stderr captured into files of
// `scratch`; kills it after `timeout` and reports status -1 (a hang).
inline ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& scratch,
                                 std::chrono::seconds timeout = std::chrono::seconds(60),
                                 const SpawnOptions& options = {}) {
  Child child(argv, scratch, options);
  return child.wait(timeout);
}

// `lifbench ARGS` as an argument vector (the binary this build made), behind the emulator
// of a cross build (LIFBENCH_EMULATOR: a program path and its arguments, split at spaces).
inline std::vector<std::string> lifbench_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv;
  std::istringstream emulator(LIFBENCH_EMULATOR);
  for (std::string word; emulator >> word;) argv.push_back(word);
  argv.emplace_back(LIFBENCH_BINARY);
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

// Polls `condition` every millisecond until it holds (true) or `timeout` passes (false).
template <class Condition>
bool wait_until(Condition condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

// Every path under `dir` with its content ("<dir>" for directories): equal snapshots
// mean that nothing was added, removed or changed.
inline std::vector<std::pair<std::string, std::string>> snapshot_tree(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> entries;
  for (const std::string& name : list_tree(dir)) {
    const fs::path path = dir / name;
    entries.emplace_back(name, fs::is_directory(path) ? std::string("<dir>") : read_file(path));
  }
  return entries;
}

// Runs `lifbench ARGS` (the binary this build made), capturing into `scratch`.
inline ProcessResult run_lifbench(const std::vector<std::string>& args, const fs::path& scratch,
                                  const SpawnOptions& options = {}) {
  return run_process(lifbench_argv(args), scratch, std::chrono::seconds(60), options);
}

// Number of '\n' in a text.
inline std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace lifbench::testing
