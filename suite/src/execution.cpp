// The execution matrix (execution.hpp).
#include "lifbench/execution.hpp"

#include "lifbench/registry.hpp"

namespace lifbench {

ExecConfig Execution::config() const {
  ExecConfig exec;
  exec.isa = isa;
  exec.threads = threads;
  return exec;
}

std::string Execution::name() const {
  std::string text = kernel->name;
  if (kernel->caps.isas) text.append("_").append(to_string(isa));
  if (kernel->caps.threads) text.append("_threads").append(std::to_string(threads));
  return text;
}

std::ostream& operator<<(std::ostream& os, const Execution& e) {
  return os << e.kernel->name << " isa=" << to_string(e.isa) << " threads=" << e.threads;
}

std::vector<Execution> execution_matrix(const MatrixOptions& opt) {
  std::vector<Execution> matrix;
  for (const Kernel* k : registry()) {
    if (k == &reference_kernel() && !opt.include_reference) continue;
    if (opt.only_supported_kernels && !k->supported()) continue;
    std::vector<Isa> isas = {Isa::automatic};
    if (k->caps.isas) {
      isas.clear();
      for (const IsaInfo& row : isa_table()) {
        if (opt.all_table_isas || row.cpu_has()) isas.push_back(row.isa);
      }
    }
    const std::vector<int> threads = k->caps.threads ? opt.thread_counts : std::vector<int>{1};
    for (Isa isa : isas) {
      for (int t : threads) matrix.push_back({k, isa, t});
    }
  }
  return matrix;
}

std::vector<Precision> precisions_of(const Kernel& k) {
  if (!k.caps.f32) return {Precision::f64};
  return {Precision::f64, Precision::f32};
}

}  // namespace lifbench
