// Running the real `lifbench` binary from tests: a private temporary directory, a child
// process with captured stdout/stderr and a hang timeout, and a listing of what a run left.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
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

// Runs `argv` (argv[0] = program path) with stdout and stderr captured into files of
// `scratch`; kills it after `timeout` and reports status -1 (a hang).
inline ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& scratch,
                                 std::chrono::seconds timeout = std::chrono::seconds(60)) {
  const fs::path out_path = scratch / "stdout.txt", err_path = scratch / "stderr.txt";
  const pid_t pid = fork();
  if (pid == 0) {
    // Relative paths the command line may name land in `scratch`, never in the test's cwd.
    if (chdir(scratch.c_str()) != 0) _exit(126);
    const int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  ProcessResult r;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int wstatus = 0;
  while (true) {
    const pid_t done = waitpid(pid, &wstatus, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &wstatus, 0);
      r.status = -1;
      r.out = read_file(out_path);
      r.err = read_file(err_path);
      return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::error_code ec;
  fs::remove(out_path, ec);
  fs::remove(err_path, ec);
  return r;
}

// Runs `lifbench ARGS` (the binary this build made), capturing into `scratch`.
inline ProcessResult run_lifbench(const std::vector<std::string>& args, const fs::path& scratch) {
  std::vector<std::string> argv = {LIFBENCH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, scratch);
}

// Number of '\n' in a text.
inline std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace lifbench::testing
