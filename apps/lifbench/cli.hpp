// `lifbench simulate` command line (SPEC 4): parsing and validation.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "lifbench/simulate.hpp"

namespace lifbench::cli {

// A rejected input: the one-line message names the flag and the rule; exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
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
