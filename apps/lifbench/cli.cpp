#include "lifbench/cli.hpp"

#include <omp.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

namespace lifbench::cli {

namespace {

[[noreturn]] void reject(const std::string& flag, const std::string& rule) {
  throw UsageError(flag + ": " + rule);
}

// A double from the whole of `text`; `allow_inf` admits +inf ("inf", "infinity").
double parse_double(const std::string& flag, const std::string& text, bool allow_inf = false) {
  if (text.empty()) reject(flag, "expects a number, got an empty value");
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) reject(flag, "expects a number, got '" + text + "'");
  if (std::isnan(value)) reject(flag, "must be a finite number, got NaN");
  if (std::isinf(value) && !(allow_inf && value > 0)) {
    reject(flag, allow_inf ? "may be +inf but not -inf" : "must be finite, got '" + text + "'");
  }
  if (errno == ERANGE && std::isinf(value)) reject(flag, "must be finite, got '" + text + "'");
  return value;
}

// A non-negative integer from the whole of `text`, at most `max`.
std::uint64_t parse_count(const std::string& flag, const std::string& text, std::uint64_t max) {
  if (text.empty() || text[0] == '-') {
    reject(flag, "must be a non-negative integer, got '" + text + "'");
  }
  if (text.find_first_not_of("0123456789") != std::string::npos) {
    // Accept exact decimal scientific notation such as 1e9 for neuron counts; not what
    // strtod reads beyond it (hexadecimal 0x10, inf, nan, a sign, spaces).
    const bool decimal = text[0] >= '0' && text[0] <= '9' &&
                         text.find_first_not_of("0123456789.eE+") == std::string::npos;
    char* end = nullptr;
    const double value = decimal ? std::strtod(text.c_str(), &end) : -1.0;
    if (!decimal || end != text.c_str() + text.size() || !(value >= 0) ||
        value != std::floor(value) || value > static_cast<double>(max)) {
      reject(flag, "must be a non-negative integer, got '" + text + "'");
    }
    return static_cast<std::uint64_t>(value);
  }
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE || value > max) {
    reject(flag, "must be at most " + std::to_string(max) + ", got '" + text + "'");
  }
  return value;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> items;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, sep)) items.push_back(item);
  if (!text.empty() && text.back() == sep) items.emplace_back();
  return items;
}

// Requires positive and finite (dt, tau, t_max, r).
void require_positive(const std::string& flag, double value) {
  if (!(value > 0)) reject(flag, "must be positive, got " + std::to_string(value));
}

void require_non_negative(const std::string& flag, double value) {
  if (value < 0) reject(flag, "must not be negative, got " + std::to_string(value));
}

}  // namespace

std::string simulate_usage() {
  return "usage: lifbench simulate [--kernel reference|scalar|mask|xsimd|openmp]\n"
         "         [--precision f64|f32] [--rng numpy|philox] [--seed S] [--neurons N]\n"
         "         [--t-max S] [--dt S] [--tau S] [--el V] [--vr V] [--vth V|inf] [--r OHM]\n"
         "         [--i-mean A] [--noise X] [--t-ref-mu S] [--t-ref-sigma S]\n"
         "         [--threads T] [--isa auto|sse2|avx2|avx512] [--variant loop|functions|class]\n"
         "         [--record raster,v,t_ref,stats,spikes] [--hist-steps K1,K2]\n"
         "         [--hist-bins B] [--hist-range LO,HI] [--batch-chunks C] [--progress]\n"
         "         --out DIR\n";
}

std::uint64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

SimulateOptions parse_simulate(const std::vector<std::string>& args) {
  SimulateOptions opt;
  SimRequest& req = opt.request;
  ModelParams& p = req.params;
  std::map<std::string, std::string> values;
  bool noise_given = false;

  static const std::vector<std::string> kValueFlags = {
      "--kernel",      "--precision",  "--rng",       "--seed",       "--neurons",
      "--t-max",       "--dt",         "--tau",       "--el",         "--vr",
      "--vth",         "--r",          "--i-mean",    "--noise",      "--t-ref-mu",
      "--t-ref-sigma", "--threads",    "--isa",       "--variant",    "--record",
      "--out",         "--hist-steps", "--hist-bins", "--hist-range", "--batch-chunks"};
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_value = false;
    if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_value = true;
    }
    if (flag == "--progress") {
      if (has_value) reject(flag, "takes no value");
      opt.progress = true;
      continue;
    }
    bool known = false;
    for (const auto& f : kValueFlags) known = known || f == flag;
    if (!known) throw UsageError(flag + ": unknown option (see lifbench simulate --help)");
    if (!has_value) {
      if (i + 1 >= args.size()) reject(flag, "needs a value");
      value = args[++i];
    }
    values[flag] = value;
  }

  const auto get = [&](const std::string& flag) -> const std::string* {
    const auto it = values.find(flag);
    return it == values.end() ? nullptr : &it->second;
  };

  // Model parameters (SPEC 1).
  const std::pair<const char*, double*> model_flags[] = {{"--t-max", &p.t_max},
                                                         {"--dt", &p.dt},
                                                         {"--tau", &p.tau},
                                                         {"--el", &p.el},
                                                         {"--vr", &p.vr},
                                                         {"--r", &p.r},
                                                         {"--i-mean", &p.i_mean},
                                                         {"--t-ref-mu", &p.t_ref_mu},
                                                         {"--t-ref-sigma", &p.t_ref_sigma}};
  for (const auto& [flag, target] : model_flags) {
    if (const auto* v = get(flag)) *target = parse_double(flag, *v);
  }
  if (const auto* v = get("--vth")) p.vth = parse_double("--vth", *v, /*allow_inf=*/true);
  if (const auto* v = get("--noise")) {
    p.noise = parse_double("--noise", *v);
    noise_given = true;
  }
  require_positive("--dt", p.dt);
  require_positive("--tau", p.tau);
  require_positive("--t-max", p.t_max);
  require_positive("--r", p.r);
  if (p.t_max < p.dt) reject("--t-max", "must be at least --dt");
  require_non_negative("--t-ref-mu", p.t_ref_mu);
  require_non_negative("--t-ref-sigma", p.t_ref_sigma);
  if (p.vr >= p.vth) reject("--vr", "must be below --vth");
  if (!noise_given) p.noise = notebook_noise(p.t_max, p.dt);
  if (!std::isfinite(p.noise)) reject("--noise", "the default 0.1*sqrt(t_max/dt) overflows");
  const double steps = std::ceil(p.t_max / p.dt);
  if (!(steps < 2147483648.0)) reject("--t-max", "t_max / dt must be below 2^31 steps");

  // Kernel and its execution.
  const std::string kernel_name = get("--kernel") ? *get("--kernel") : "openmp";
  req.kernel = find_kernel(kernel_name);
  if (req.kernel == nullptr && !get("--kernel")) req.kernel = registry().back();
  if (req.kernel == nullptr) {
    std::string names;
    for (const Kernel* k : registry()) names += (names.empty() ? "" : ", ") + k->name;
    reject("--kernel", "unknown kernel '" + kernel_name + "' (known: " + names + ")");
  }
  if (!req.kernel->supported()) reject("--kernel", req.kernel->name + " cannot run on this CPU");

  if (const auto* v = get("--precision")) {
    if (*v == "f64")
      req.precision = Precision::f64;
    else if (*v == "f32")
      req.precision = Precision::f32;
    else
      reject("--precision", "must be f64 or f32, got '" + *v + "'");
  }
  if (req.precision == Precision::f32 && req.kernel->run_f32 == nullptr) {
    reject("--precision", "kernel " + req.kernel->name + " has no f32 form");
  }
  // f32 rounds the parameters: vr and vth closer than float resolution would become equal.
  if (req.precision == Precision::f32 && !(static_cast<float>(p.vr) < static_cast<float>(p.vth))) {
    reject("--vr", "must be below --vth in f32 too (they round to the same float)");
  }
  if (const auto* v = get("--rng")) {
    if (*v == "numpy")
      req.stream = Stream::numpy;
    else if (*v == "philox")
      req.stream = Stream::philox;
    else
      reject("--rng", "must be numpy or philox, got '" + *v + "'");
  }
  if (const auto* v = get("--seed")) {
    p.seed = parse_count("--seed", *v, std::numeric_limits<std::uint64_t>::max());
  }
  if (req.stream == Stream::numpy && p.seed > 0xffffffffull) {
    reject("--seed", "must be between 0 and 2**32 - 1 with --rng numpy (as np.random.seed)");
  }
  if (const auto* v = get("--neurons")) {
    if (!v->empty() && (*v)[0] == '-') reject("--neurons", "must not be negative, got " + *v);
    p.neurons = static_cast<std::int64_t>(
        parse_count("--neurons", *v, static_cast<std::uint64_t>(1) << 40));
  }

  if (const auto* v = get("--isa")) {
    if (!parse_isa(*v, &req.exec.isa)) {
      reject("--isa", "must be auto, sse2, avx2 or avx512, got '" + *v + "'");
    }
    if (req.exec.isa != Isa::automatic && !req.kernel->uses_isa) {
      reject("--isa", "applies to the xsimd and openmp kernels, not " + req.kernel->name);
    }
    if (!cpu_supports(req.exec.isa)) {
      reject("--isa", std::string(to_string(req.exec.isa)) + " is not supported by this CPU");
    }
  }
  if (const auto* v = get("--threads")) {
    const auto threads = parse_count("--threads", *v, 4096);
    if (threads == 0) reject("--threads", "must be at least 1");
    if (threads != 1 && !req.kernel->uses_threads) {
      reject("--threads", "applies to the openmp kernel, not " + req.kernel->name);
    }
    req.exec.threads = static_cast<int>(threads);
  } else if (req.kernel->uses_threads) {
    req.exec.threads = omp_get_num_procs();
  }
  if (const auto* v = get("--variant")) {
    if (*v == "loop")
      req.exec.variant = Variant::loop;
    else if (*v == "functions")
      req.exec.variant = Variant::functions;
    else if (*v == "class")
      req.exec.variant = Variant::klass;
    else
      reject("--variant", "must be loop, functions or class, got '" + *v + "'");
    if (req.exec.variant != Variant::loop && req.kernel != &kReferenceKernel) {
      reject("--variant", "applies to the reference kernel only");
    }
  }

  // Outputs.
  if (const auto* v = get("--record")) {
    req.record = RecordSet{false, false, false, false, false};
    for (const std::string& item : split(*v, ',')) {
      if (item == "raster")
        req.record.raster = true;
      else if (item == "v")
        req.record.v = true;
      else if (item == "t_ref")
        req.record.t_ref = true;
      else if (item == "stats")
        req.record.stats = true;
      else if (item == "spikes")
        req.record.neuron_spikes = true;
      else
        reject("--record", "unknown item '" + item + "' (known: raster, v, t_ref, stats, spikes)");
    }
  }
  const auto K = static_cast<std::int64_t>(steps);
  req.histogram = default_histogram(p, K);
  if (const auto* v = get("--hist-steps")) {
    req.histogram.steps.clear();
    if (*v != "none") {
      for (const std::string& item : split(*v, ',')) {
        const auto k = parse_count("--hist-steps", item, static_cast<std::uint64_t>(K));
        if (static_cast<std::int64_t>(k) >= K) {
          reject("--hist-steps", "step " + item + " is not below K = " + std::to_string(K));
        }
        for (auto seen : req.histogram.steps) {
          if (seen == static_cast<std::int64_t>(k))
            reject("--hist-steps", "step " + item + " given twice");
        }
        req.histogram.steps.push_back(static_cast<std::int64_t>(k));
      }
    }
  }
  if (const auto* v = get("--hist-bins")) {
    const auto bins = parse_count("--hist-bins", *v, 1000000);
    if (bins == 0) reject("--hist-bins", "must be at least 1");
    req.histogram.bins = static_cast<int>(bins);
  }
  if (const auto* v = get("--hist-range")) {
    const auto parts = split(*v, ',');
    if (parts.size() != 2) reject("--hist-range", "expects LO,HI");
    req.histogram.lo = parse_double("--hist-range", parts[0]);
    req.histogram.hi = parse_double("--hist-range", parts[1]);
    if (!(req.histogram.lo < req.histogram.hi)) reject("--hist-range", "needs LO < HI");
  }
  if (!req.record.stats) req.histogram.steps.clear();
  if (const auto* v = get("--batch-chunks")) {
    req.batch_chunks = static_cast<std::int64_t>(parse_count("--batch-chunks", *v, 1u << 30));
  }
  const auto* out = get("--out");
  if (out == nullptr || out->empty()) reject("--out", "is required (the output directory)");
  opt.out_dir = *out;
  if (static_cast<double>(p.neurons) * steps > 9.0e18) {
    reject("--neurons", "neurons x steps overflows");
  }
  return opt;
}

}  // namespace lifbench::cli
