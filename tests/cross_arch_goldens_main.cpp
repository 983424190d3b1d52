// lifbench_goldens: prints reference/golden/cross_arch.txt, the cross-architecture goldens,
// from this build's reference kernel and scalar streams (`make goldens` writes the file; run
// it again when a stream changes its numbers). tests/test_cross_arch.cpp checks the file.
#include <iostream>
#include <string>

#include "cross_arch_goldens.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/streams.hpp"

int main() {
  using namespace lifbench;
  for (const StreamInfo& info : stream_table()) {
    if (!stream_unavailable_reason(info.stream).empty()) {
      std::cerr << "lifbench_goldens: the " << info.name << " stream "
                << stream_unavailable_reason(info.stream) << "; the goldens need every stream\n";
      return 1;
    }
  }
  std::cout
      << "# The cross-architecture goldens (docs/arm64.md): SHA-256 of what each case records,\n"
         "# written by `make goldens` (tests/cross_arch_goldens_main.cpp) with the reference\n"
         "# kernel on "
      << goldens::architecture() << " (best ISA " << to_string(best_isa())
      << "); tests/test_cross_arch.cpp checks\n"
         "# every kernel, ISA and thread count of a build against them.\n";
  std::cout << goldens::format_line(goldens::kStreamVersions, goldens::stream_versions()) << '\n';
  for (const goldens::RunCase& c : goldens::run_cases()) {
    const SimResult r = simulate(goldens::request_of(c, reference_kernel(), ExecConfig{}));
    std::cout << goldens::format_line(c.name(), goldens::digests_of(r, c.precision)) << '\n';
  }
  std::cout << goldens::format_line(goldens::kLibmProbe, {{"sha256", goldens::libm_probe()}})
            << '\n';
  for (const goldens::StreamCase& c : goldens::stream_cases()) {
    std::cout << goldens::format_line(c.name, {{"sha256", c.digest()}}) << '\n';
  }
  return 0;
}
