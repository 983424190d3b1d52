// `lifbench verify`: every execution of the matrix (kernel x ISA x threads) x precision
// against the reference, on a grid of sizes, seeds and refractory settings for each stream,
// and on one case of every code path the kernel declares (Kernel::paths). Prints a table and
// returns the number of mismatching rows.
#pragma once

#include <ostream>
#include <vector>

#include "lifbench/kernel.hpp"

namespace lifbench::cli {

struct VerifyOptions {
  bool quick = false;  // fewer sizes and seeds
  // The kernels to check (empty: every kernel of the registry but the reference).
  std::vector<const Kernel*> kernels;
};

int run_verify(const VerifyOptions& opt, std::ostream& os);

}  // namespace lifbench::cli
