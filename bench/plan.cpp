#include "plan.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

#include "lifbench/execution.hpp"
#include "lifbench/streams.hpp"

namespace lifbench::bench {

namespace {

// Sizes of each plan: the size sweep, the thread sweep (denser, to find the crossover) and
// the single n of the ISA sweep.
struct PlanSizes {
  std::vector<std::int64_t> sweep;
  std::vector<std::int64_t> threads;
  std::int64_t isa_n;
};

PlanSizes sizes_of(const std::string& plan) {
  if (plan == "quick") return {{1000, 10000, 100000}, {1000, 4000, 30000, 100000}, 100000};
  return {{1000, 10000, 100000, 1000000, 10000000},
          {1000, 2000, 4000, 10000, 30000, 100000, 1000000, 10000000},
          1000000};
}

// Thread counts 1..max.
std::vector<int> thread_range(int max_threads) {
  std::vector<int> t;
  for (int i = 1; i <= max_threads; ++i) t.push_back(i);
  return t;
}

// Adds configurations without duplicates (same name), keeping first-come order.
class ConfigSet {
 public:
  explicit ConfigSet(const PlanOptions& opt) : opt_(opt) {}

  // Adds c unless it breaks a size cap or is already there.
  void add(const KernelConfig& c) {
    if (c.stream == Stream::numpy && c.neurons > opt_.max_materialized) return;
    if (opt_.plan != "full" && !c.kernel->caps.isas && c.neurons > opt_.max_scalar) return;
    if (names_.insert(kernel_name(c)).second) configs_.push_back(c);
  }
  std::vector<KernelConfig> take() { return std::move(configs_); }

 private:
  const PlanOptions& opt_;
  std::set<std::string> names_;
  std::vector<KernelConfig> configs_;
};

// The best ISA for kernels compiled per ISA, `automatic` for the others.
Isa default_isa(const Kernel& k) { return k.caps.isas ? best_isa() : Isa::automatic; }

// Order that keeps configurations sharing one input (precision, stream, n) together, so the
// benchmark binary prepares each materialized input once.
bool input_order(const KernelConfig& a, const KernelConfig& b) {
  auto key = [](const KernelConfig& c) {
    return std::make_tuple(static_cast<int>(c.stream), static_cast<int>(c.precision), c.neurons);
  };
  return key(a) < key(b);
}

}  // namespace

bool parse_sizes(const std::string& text, std::vector<std::int64_t>* sizes) {
  sizes->clear();
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    char* end = nullptr;
    const double value = std::strtod(item.c_str(), &end);
    if (item.empty() || *end != '\0' || !(value >= 0) || value > 1e12) return false;
    sizes->push_back(static_cast<std::int64_t>(value));
  }
  return !sizes->empty();
}

Plan build_plan(const PlanOptions& opt) {
  Plan plan;
  const int max_threads = opt.max_threads > 0 ? opt.max_threads : omp_get_num_procs();
  PlanSizes sz = sizes_of(opt.plan);
  if (!opt.sizes.empty()) {
    sz.sweep = sz.threads = opt.sizes;
    sz.isa_n = *std::max_element(opt.sizes.begin(), opt.sizes.end());
  }
  ConfigSet set(opt);

  MatrixOptions matrix;
  matrix.thread_counts = thread_range(max_threads);
  const std::vector<int> sweep_threads = {1, max_threads};
  const auto in_sweep = [&](const Execution& e) {  // the size sweep's ISAs and thread counts
    const bool isa = opt.plan == "full" || e.isa == default_isa(*e.kernel);
    const bool threads = opt.plan == "full" || std::find(sweep_threads.begin(), sweep_threads.end(),
                                                         e.threads) != sweep_threads.end();
    return isa && threads;
  };
  for (const Execution& e : execution_matrix(matrix)) {
    const Kernel* k = e.kernel;
    for (Precision p : precisions_of(*k)) {
      for (Stream s : streams_here()) {
        // Size sweep: every kernel, precision and stream at the best ISA.
        if (in_sweep(e)) {
          for (std::int64_t n : sz.sweep) set.add({k, p, s, e.isa, e.threads, n});
        }
        // ISA sweep: single-threaded kernels compiled per ISA, every ISA, at one n.
        if (k->caps.isas && !k->caps.threads) set.add({k, p, s, e.isa, 1, sz.isa_n});
      }
    }
    // Thread sweep: 1..all threads over a dense range of n, f64, at the best ISA.
    if (k->caps.threads && e.isa == default_isa(*k)) {
      for (std::int64_t n : sz.threads) {
        set.add({k, Precision::f64, Stream::philox, e.isa, e.threads, n});
      }
      set.add({k, Precision::f64, Stream::numpy, e.isa, e.threads, sz.isa_n});
    }
  }
  plan.kernels = set.take();
  std::stable_sort(plan.kernels.begin(), plan.kernels.end(), input_order);

  // The limits: triad at every thread count; the Philox floor where the fused kernels run.
  plan.triad_threads = thread_range(max_threads);
  std::set<std::string> floor_names;
  auto add_floor = [&](const FloorConfig& f) {
    if (floor_names.insert(floor_name(f)).second) plan.floors.push_back(f);
  };
  for (Precision p : {Precision::f64, Precision::f32}) {
    for (int t : std::vector<int>{1, max_threads}) {
      for (std::int64_t n : sz.sweep) add_floor({p, best_isa(), t, n});
    }
    for (Isa isa : supported_table_isas()) add_floor({p, isa, 1, sz.isa_n});
    for (Isa isa : supported_table_isas()) {
      if (cpu_runs_ars(isa)) plan.ars_floors.push_back({p, isa, 1, sz.isa_n});
    }
  }
  // Drawing the materialized input costs the same per neuron-step at every n (MT19937 is
  // sequential), so the largest sizes are left out of the default plans: they take seconds.
  for (Precision p : {Precision::f64, Precision::f32}) {
    for (std::int64_t n : sz.sweep) {
      if (n <= opt.max_materialized && (opt.plan == "full" || n <= 100000)) {
        plan.inputs.push_back({p, n});
      }
    }
  }
  return plan;
}

std::string kernel_name(const KernelConfig& c) {
  std::ostringstream s;
  s << "lif/" << c.kernel->name << "/" << to_string(c.precision) << "/" << to_string(c.stream)
    << "/isa:" << (c.isa == Isa::automatic ? "none" : to_string(c.isa)) << "/threads:" << c.threads
    << "/n:" << c.neurons;
  return s.str();
}

std::string floor_name(const FloorConfig& c) {
  std::ostringstream s;
  s << "limits/philox/" << to_string(c.precision) << "/isa:" << to_string(c.isa)
    << "/threads:" << c.threads << "/n:" << c.neurons;
  return s.str();
}

std::string ars_floor_name(const FloorConfig& c) {
  std::ostringstream s;
  s << "limits/ars/" << to_string(c.precision) << "/isa:" << to_string(c.isa)
    << "/threads:" << c.threads << "/n:" << c.neurons;
  return s.str();
}

std::string input_name(const InputConfig& c) {
  std::ostringstream s;
  s << "inputs/numpy/" << to_string(c.precision) << "/n:" << c.neurons;
  return s.str();
}

std::string triad_name(int threads) { return "limits/triad/threads:" + std::to_string(threads); }

std::string kernel_label(const KernelConfig& c) {
  std::ostringstream s;
  s << "kernel=" << c.kernel->name << " precision=" << to_string(c.precision)
    << " rng=" << to_string(c.stream)
    << " isa=" << (c.isa == Isa::automatic ? "none" : to_string(c.isa)) << " threads=" << c.threads
    << " n=" << c.neurons;
  return s.str();
}

}  // namespace lifbench::bench
