// `lifbench simulate` command line (SPEC 4): parsing and validation.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "lifbench/simulate.hpp"

namespace lifbench::cli {

// `text` with control characters escaped (\n, \t, \xNN): a message quoting what the user
// typed stays on one line.
inline std::string one_line(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      out += {'\\', 'x', kHex[byte >> 4], kHex[byte & 15]};
    } else {
      out += ch;
    }
  }
  return out;
}

// A rejected input: the one-line message names the flag and the rule; exit status 2.
struct UsageError : std::runtime_error {
  explicit UsageError(const std::string& message) : std::runtime_error(one_line(message)) {}
};

struct SimulateOptions {
  SimRequest request;
  std::string out_dir;
  bool progress = false;
};

// Parses and validates the arguments after `simulate`. Throws UsageError.
// Checks everything that does not touch the file system or allocate.
SimulateOptions parse_simulate(const std::vector<std::string>& args);

// The usage text of `lifbench simulate`.
std::string simulate_usage();

// Bytes of memory available to this process (MemAvailable), or 0 if unknown.
std::uint64_t available_memory_bytes();

}  // namespace lifbench::cli
