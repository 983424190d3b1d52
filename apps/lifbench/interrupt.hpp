// SIGINT and SIGTERM during `lifbench simulate` (docs/cli.md, "Signals").
//
// A run is in one of three phases, and the handler acts by phase:
//  - computing (from install() until writing begins): nothing of the run is on disk but the
//    lock file of DIR and the directories the run created; the handler removes those
//    (async-signal-safe unlink/rmdir), prints one line and ends the process at once with
//    status 128 + signal, however long the kernel's loops are;
//  - writing (the files are being written into a staging folder): the handler only records
//    the signal; the writer polls it between pieces of at most a few MiB and throws
//    Interrupted, and unwinding removes the staging folder, the lock and created directories;
//  - committed (the finished files are being moved into place, milliseconds): a signal is
//    recorded and ignored, so the run ends complete with status 0.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace lifbench::cli::interrupt {

// The writer's exception when a signal arrived while writing.
struct Interrupted : std::runtime_error {
  explicit Interrupted(int signal);
  int signal_number;
};

// Installs the SIGINT and SIGTERM handlers (phase: computing). `newline_first`: the message
// starts on a new line (a --progress line may be open on stderr); `speak` false: no
// message (MPI ranks other than 0).
void install(bool newline_first, bool speak);

// Blocks / unblocks SIGINT and SIGTERM in the calling thread: around changes of what the
// handler must clean up, made while no other thread that takes signals exists.
void block();
void unblock();

// What the handler removes before ending a computing run: the lock file (empty: none) and
// the directories the run created, outermost first (removed innermost first, if empty).
void set_cleanup(const std::string& lock_file, const std::vector<std::string>& created_dirs);
void clear_cleanup();

// Enters the writing phase (signals are polled from now on).
void begin_writing();
// Throws Interrupted if a signal arrived (writing phase).
void poll();
// Enters the committed phase, or throws Interrupted if a signal arrived before it.
void begin_commit();

// The one-line message for an interrupted run ("lifbench: interrupted by SIGINT; ...").
std::string message(int signal_number);

}  // namespace lifbench::cli::interrupt
