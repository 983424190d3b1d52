// `lifbench verify`: every registered kernel x ISA x threads x precision x stream against
// the reference, on a few sizes and seeds; prints a table, returns the mismatch count.
#pragma once

#include <ostream>

namespace lifbench::cli {

struct VerifyOptions {
  bool quick = false;  // fewer sizes and seeds
};

int run_verify(const VerifyOptions& opt, std::ostream& os);

}  // namespace lifbench::cli
