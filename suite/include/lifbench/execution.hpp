// The execution matrix: kernel x ISA x threads, built in one place for the tests, `lifbench
// verify`, the benchmark plan and the report, from the registry and the ISA table.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "lifbench/kernel.hpp"

namespace lifbench {

// One way to run one kernel.
struct Execution {
  const Kernel* kernel = nullptr;
  Isa isa = Isa::automatic;  // automatic for kernels not compiled per ISA
  int threads = 1;

  ExecConfig config() const;
  // "xsimd_avx2", "openmp_avx512_threads2", "scalar": a test name.
  std::string name() const;
};

// "openmp isa=avx2 threads=2": how tests print an execution.
std::ostream& operator<<(std::ostream& os, const Execution& e);

struct MatrixOptions {
  bool include_reference = false;
  // Every row of the ISA table, also those this CPU lacks (tests skip them by name, so a
  // CI log shows what was not run); else only the supported ones.
  bool all_table_isas = false;
  std::vector<int> thread_counts = {1, 2, 3};  // for kernels that honour threads
  bool only_supported_kernels = true;          // leave out kernels that can't run here
};

// Every kernel of the registry x ISA x thread count, registry order, ISAs best first.
std::vector<Execution> execution_matrix(const MatrixOptions& opt = {});

// The precisions a kernel implements.
std::vector<Precision> precisions_of(const Kernel& k);

}  // namespace lifbench
