// Which benchmark configurations a run measures, and how they are named.
//
// A configuration is one point of kernel x precision x stream x ISA x threads x n. The plan
// is built from the registry, so a kernel added there is benchmarked without edits here.
// Names read like paths, so that --benchmark_filter can pick slices:
//   lif/<kernel>/<f64|f32>/<stream>/isa:<isa|none>/threads:<t>/n:<n>
//   limits/triad/threads:<t>            STREAM triad bandwidth
//   limits/philox/<prec>/isa:<isa>/threads:<t>/n:<n>   the random-number floor
//   limits/ars/<prec>/isa:<isa>/threads:1/n:<n>         the ars stream's floor
//   inputs/numpy/<prec>/n:<n>           drawing the materialized input (MT19937 + currents)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lifbench/kernel.hpp"

namespace lifbench::bench {

// One kernel measurement.
struct KernelConfig {
  const Kernel* kernel = nullptr;
  Precision precision = Precision::f64;
  Stream stream = Stream::philox;
  Isa isa = Isa::automatic;  // automatic = the kernel ignores ISAs ("none" in names)
  int threads = 1;
  std::int64_t neurons = 0;
};

// One random-number-floor measurement.
struct FloorConfig {
  Precision precision = Precision::f64;
  Isa isa = Isa::automatic;
  int threads = 1;
  std::int64_t neurons = 0;
};

// One materialized-input generation measurement.
struct InputConfig {
  Precision precision = Precision::f64;
  std::int64_t neurons = 0;
};

// What the user asked for on the command line (--lif_* flags).
struct PlanOptions {
  std::string plan = "default";             // quick | default | full
  std::vector<std::int64_t> sizes;          // empty: the plan's sizes
  std::int64_t max_materialized = 1000000;  // largest n with a materialized input matrix
  std::int64_t max_scalar = 1000000;        // largest n for kernels without SIMD (default plan)
  int max_threads = 0;                      // 0: every core
};

struct Plan {
  std::vector<KernelConfig> kernels;
  std::vector<FloorConfig> floors;
  std::vector<FloorConfig> ars_floors;  // one thread, every ISA that runs ars, at the ISA n
  std::vector<InputConfig> inputs;
  std::vector<int> triad_threads;
};

// Builds the plan for this machine from the registry and the options.
Plan build_plan(const PlanOptions& opt);

// Parses "1e3,1e4,100000" into sizes; false on a malformed list.
bool parse_sizes(const std::string& text, std::vector<std::int64_t>* sizes);

// Benchmark names (see the header comment).
std::string kernel_name(const KernelConfig& c);
std::string floor_name(const FloorConfig& c);
std::string ars_floor_name(const FloorConfig& c);
std::string input_name(const InputConfig& c);
std::string triad_name(int threads);

// "kernel=xsimd precision=f64 ..." : the label the renderer parses.
std::string kernel_label(const KernelConfig& c);

}  // namespace lifbench::bench
