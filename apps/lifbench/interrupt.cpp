#include "lifbench/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace lifbench::cli::interrupt {

namespace {

enum Phase : int { kComputing = 0, kWriting = 1, kCommitted = 2 };

std::atomic<int> g_phase{kComputing};
std::atomic<int> g_signal{0};

// The handler's cleanup list, in static storage (the handler may not allocate). It is
// changed only with the signals blocked, while the changing thread is the only one that
// can take them, so the handler never sees it half-written.
constexpr std::size_t kPathMax = 4096;
constexpr std::size_t kDirsMax = 16;
char g_lock[kPathMax];
char g_dirs[kDirsMax][kPathMax];
std::size_t g_dir_count = 0;
char g_messages[2][160];  // SIGINT, SIGTERM
std::size_t g_message_sizes[2];

const char* signal_name(int signal_number) {
  return signal_number == SIGINT ? "SIGINT" : "SIGTERM";
}

// Copies `text` into a static buffer; false (buffer left empty) if it does not fit.
bool store(char* buffer, const std::string& text) {
  buffer[0] = '\0';
  if (text.size() + 1 > kPathMax) return false;
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  return true;
}

void on_signal(int signal_number) {
  int expected = 0;
  g_signal.compare_exchange_strong(expected, signal_number);
  if (g_phase.load() != kComputing) return;  // polled by the writer, or ignored
  if (g_lock[0] != '\0') unlink(g_lock);
  for (std::size_t i = g_dir_count; i > 0; --i) rmdir(g_dirs[i - 1]);
  const int which = signal_number == SIGINT ? 0 : 1;
  [[maybe_unused]] const ssize_t written =
      write(STDERR_FILENO, g_messages[which], g_message_sizes[which]);
  _exit(128 + signal_number);
}

}  // namespace

Interrupted::Interrupted(int signal) : std::runtime_error(message(signal)), signal_number(signal) {}

std::string message(int signal_number) {
  return std::string("lifbench: interrupted by ") + signal_name(signal_number) +
         "; the output folder was left as it was";
}

void install(bool newline_first, bool speak) {
  for (const int signal_number : {SIGINT, SIGTERM}) {
    std::string text = newline_first ? "\n" : "";
    text += message(signal_number);
    text += "\n";
    if (!speak) text.clear();
    const int which = signal_number == SIGINT ? 0 : 1;
    std::memcpy(g_messages[which], text.c_str(), text.size());
    g_message_sizes[which] = text.size();
  }
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void block() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void unblock() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void set_cleanup(const std::string& lock_file, const std::vector<std::string>& created_dirs) {
  store(g_lock, lock_file);
  g_dir_count = 0;
  for (const std::string& dir : created_dirs) {
    if (g_dir_count == kDirsMax || !store(g_dirs[g_dir_count], dir)) break;
    ++g_dir_count;
  }
}

void clear_cleanup() {
  g_lock[0] = '\0';
  g_dir_count = 0;
}

void begin_writing() { g_phase.store(kWriting); }

void poll() {
  if (const int signal_number = g_signal.load(); signal_number != 0) {
    throw Interrupted(signal_number);
  }
}

void begin_commit() {
  g_phase.store(kCommitted);
  if (const int signal_number = g_signal.load(); signal_number != 0) {
    g_phase.store(kWriting);
    throw Interrupted(signal_number);
  }
}

}  // namespace lifbench::cli::interrupt
