#include "plan.hpp"

#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

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

// Precisions a kernel implements.
std::vector<Precision> precisions_of(const Kernel& k) {
  if (k.run_f32 == nullptr) return {Precision::f64};
  return {Precision::f64, Precision::f32};
}

// Adds configurations without duplicates (same name), keeping first-come order.
class ConfigSet {
 public:
  explicit ConfigSet(const PlanOptions& opt) : opt_(opt) {}

  // Adds c unless it breaks a size cap or is already there.
  void add(const KernelConfig& c) {
    if (c.stream == Stream::numpy && c.neurons > opt_.max_materialized) return;
    if (opt_.plan != "full" && !c.kernel->uses_isa && c.neurons > opt_.max_scalar) return;
    if (names_.insert(kernel_name(c)).second) configs_.push_back(c);
  }
  std::vector<KernelConfig> take() { return std::move(configs_); }

 private:
  const PlanOptions& opt_;
  std::set<std::string> names_;
  std::vector<KernelConfig> configs_;
};

// The best ISA for kernels that honour ISAs, `automatic` for the others.
Isa default_isa(const Kernel& k) { return k.uses_isa ? best_isa() : Isa::automatic; }

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

  for (const Kernel* k : registry()) {
    if (k == &kReferenceKernel || !k->supported()) continue;
    const std::vector<int> threads = !k->uses_threads     ? std::vector<int>{1}
                                     : opt.plan == "full" ? thread_range(max_threads)
                                                          : std::vector<int>{1, max_threads};
    const std::vector<Isa> isas =
        opt.plan == "full" ? supported_isas(*k) : std::vector<Isa>{default_isa(*k)};
    // Size sweep: every kernel, precision and stream at the best ISA.
    for (Precision p : precisions_of(*k)) {
      for (Stream s : {Stream::numpy, Stream::philox}) {
        for (Isa isa : isas) {
          for (int t : threads) {
            for (std::int64_t n : sz.sweep) set.add({k, p, s, isa, t, n});
          }
        }
      }
    }
    // ISA sweep: single-threaded kernels that honour ISAs, every ISA, at one n.
    if (k->uses_isa && !k->uses_threads) {
      for (Precision p : precisions_of(*k)) {
        for (Stream s : {Stream::numpy, Stream::philox}) {
          for (Isa isa : supported_isas(*k)) set.add({k, p, s, isa, 1, sz.isa_n});
        }
      }
    }
    // Thread sweep: 1..all threads over a dense range of n, f64.
    if (k->uses_threads) {
      for (int t : thread_range(max_threads)) {
        for (std::int64_t n : sz.threads) {
          set.add({k, Precision::f64, Stream::philox, default_isa(*k), t, n});
        }
        set.add({k, Precision::f64, Stream::numpy, default_isa(*k), t, sz.isa_n});
      }
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
    for (Isa isa : {Isa::sse2, Isa::avx2, Isa::avx512}) {
      if (cpu_supports(isa)) add_floor({p, isa, 1, sz.isa_n});
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
