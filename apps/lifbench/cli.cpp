#include "lifbench/cli.hpp"

#include <omp.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string_view>
#include <type_traits>
#include <variant>

#include "lifbench/params.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/streams.hpp"

namespace lifbench::cli {

namespace {

// A flag besides the model's (those come from the parameter table), in usage order.
struct RunFlag {
  std::string_view flag;
  std::string_view value;     // as the usage text shows it; empty: a switch without a value
  bool before_model = false;  // listed before the model flags in the usage text
  bool required = false;
};
constexpr RunFlag kRunFlags[] = {
    {"--kernel", "K", true},  // the usage text lists the registry's names instead
    {"--precision", "f64|f32", true},
    {"--rng", "RNG", true},  // the usage text lists the stream table's names instead
    {"--threads", "T"},
    {"--isa", "ISA"},  // the usage text lists the ISA table's names instead
    {"--variant", "loop|functions|class"},
    {"--record", "raster,v,t_ref,stats,spikes"},
    {"--hist-steps", "K1,K2|none"},
    {"--hist-bins", "B"},
    {"--hist-range", "LO,HI"},
    {"--batch-chunks", "C"},
    {"--progress", ""},
    {"--out", "DIR", false, true},
};

// Flag -> its value as given (the last one wins).
using FlagValues = std::map<std::string, std::string, std::less<>>;

[[noreturn]] void reject(std::string_view flag, const std::string& rule) {
  throw UsageError(std::string(flag) + ": " + rule);
}

// The value given for `flag`, or null.
const std::string* find_value(const FlagValues& values, std::string_view flag) {
  const auto it = values.find(flag);
  return it == values.end() ? nullptr : &it->second;
}

// A double from the whole of `text`. Only the syntax: validate() judges the value (NaN,
// infinities, signs), except a number too large for a double, refused here as typed.
double parse_double(std::string_view flag, const std::string& text) {
  if (text.empty()) reject(flag, "expects a number, got an empty value");
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) reject(flag, "expects a number, got '" + text + "'");
  if (errno == ERANGE && std::isinf(value)) reject(flag, "must be finite, got '" + text + "'");
  return value;
}

// Whether `text` is a strict decimal integer: digits (after a minus if `allow_minus`),
// optionally "." and digits, optionally e or E, an optional +, and digits (1e9). No hex,
// no spaces, no other sign.
bool is_decimal_integer(std::string_view text, bool allow_minus) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > from;
  };
  if (allow_minus && i < text.size() && text[i] == '-') ++i;
  if (!digits()) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && text[i] == '+') ++i;
    if (!digits()) return false;
  }
  return i == text.size();
}

// An integer of type I from the whole of `text` (strict decimal, exact scientific notation
// such as 1e9 accepted), at most `max`.
template <class I>
I parse_integer(std::string_view flag, const std::string& text,
                std::uint64_t max = std::numeric_limits<I>::max()) {
  constexpr bool kSigned = std::is_signed_v<I>;
  if (!is_decimal_integer(text, kSigned)) {
    reject(flag, std::string(kSigned ? "expects an integer" : "must be a non-negative integer") +
                     ", got '" + text + "'");
  }
  const std::string too_big = "must be at most " + std::to_string(max) + ", got '" + text + "'";
  I value = 0;
  if (text.find_first_of(".eE") == std::string::npos) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc()) reject(flag, too_big);
  } else {
    const double exact = std::strtod(text.c_str(), nullptr);
    if (exact != std::floor(exact)) reject(flag, "expects an integer, got '" + text + "'");
    const double limit = std::ldexp(1.0, std::numeric_limits<I>::digits);  // 2^63 or 2^64
    if (!(std::abs(exact) < limit)) reject(flag, too_big);
    value = static_cast<I>(exact);
  }
  if (value > 0 && static_cast<std::uint64_t>(value) > max) reject(flag, too_big);
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

// The row of kRunFlags for `flag`, or null.
const RunFlag* find_run_flag(std::string_view flag) {
  for (const RunFlag& f : kRunFlags) {
    if (f.flag == flag) return &f;
  }
  return nullptr;
}

// The arguments as flag -> value ("--flag value" or "--flag=value"; "" for a switch).
FlagValues read_flags(const std::vector<std::string>& args) {
  FlagValues values;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::string value;
    bool has_value = false;
    if (const auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
      has_value = true;
    }
    const RunFlag* run_flag = find_run_flag(flag);
    if (run_flag == nullptr) {
      bool model_flag = false;
      for (const ParamInfo& info : param_table()) model_flag = model_flag || info.flag == flag;
      if (!model_flag) reject(flag, "unknown option (see lifbench simulate --help)");
    } else if (run_flag->value.empty()) {  // a switch: --progress
      if (has_value) reject(flag, "takes no value");
      values[flag] = "";
      continue;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) reject(flag, "needs a value");
      value = args[++i];
    }
    values[flag] = value;
  }
  return values;
}

// The model parameters, one per row of the parameter table (the syntax only; validate()
// judges the values). Without --noise, the notebook's 0.1*sqrt(t_max/dt) of these t_max, dt.
void parse_model(const FlagValues& values, ModelParams& p) {
  for (const ParamInfo& info : param_table()) {
    const std::string* text = find_value(values, info.flag);
    if (text == nullptr) continue;
    std::visit(
        [&](auto member) {
          using Value = std::remove_reference_t<decltype(p.*member)>;
          if constexpr (std::is_floating_point_v<Value>) {
            p.*member = parse_double(info.flag, *text);
          } else {
            p.*member = parse_integer<Value>(info.flag, *text);
          }
        },
        info.member);
  }
  if (find_value(values, "--noise") == nullptr) p.noise = notebook_noise(p.t_max, p.dt);
}

// --precision and --rng.
void parse_choices(const FlagValues& values, SimRequest& req) {
  if (const auto* v = find_value(values, "--precision")) {
    if (*v == "f64")
      req.precision = Precision::f64;
    else if (*v == "f32")
      req.precision = Precision::f32;
    else
      reject("--precision", "must be f64 or f32, got '" + *v + "'");
  }
  if (const auto* v = find_value(values, "--rng")) {
    if (!parse_stream(*v, &req.stream)) {
      reject("--rng", "must be one of " + stream_choices(", ") + ", got '" + *v + "'");
    }
  }
}

// The kernel and how it runs (--kernel, --isa, --threads, --variant): every check that reads
// the kernel's registry entry is here.
void parse_execution(const FlagValues& values, SimRequest& req) {
  const std::string* given = find_value(values, "--kernel");
  const std::string kernel_name = given ? *given : default_kernel().name;
  req.kernel = find_kernel(kernel_name);
  if (req.kernel == nullptr) {
    std::string names;
    for (const Kernel* k : registry()) names += (names.empty() ? "" : ", ") + k->name;
    reject("--kernel", "unknown kernel '" + kernel_name + "' (known: " + names + ")");
  }
  const Kernel& kernel = *req.kernel;
  if (!kernel.supported()) reject("--kernel", kernel.name + " cannot run on this CPU");
  if (req.precision == Precision::f32 && !kernel.caps.f32) {
    reject("--precision", "kernel " + kernel.name + " has no f32 form");
  }
  if (const auto* v = find_value(values, "--isa")) {
    if (!parse_isa(*v, &req.exec.isa)) {
      reject("--isa", "must be one of " + isa_choices(", ") + ", got '" + *v + "'");
    }
    if (req.exec.isa != Isa::automatic && !kernel.caps.isas) {
      reject("--isa", "applies to the kernels compiled per ISA, not " + kernel.name);
    }
  }
  if (const auto* v = find_value(values, "--threads")) {
    const auto threads = parse_integer<std::uint64_t>("--threads", *v, 4096);
    if (threads == 0) reject("--threads", "must be at least 1");
    if (threads != 1 && !kernel.caps.threads) {
      reject("--threads", "applies to the threaded kernels, not " + kernel.name);
    }
    req.exec.threads = static_cast<int>(threads);
  } else if (kernel.caps.threads) {
    req.exec.threads = omp_get_num_procs();
  }
  if (const auto* v = find_value(values, "--variant")) {
    if (*v == "loop")
      req.exec.variant = Variant::loop;
    else if (*v == "functions")
      req.exec.variant = Variant::functions;
    else if (*v == "class")
      req.exec.variant = Variant::klass;
    else
      reject("--variant", "must be loop, functions or class, got '" + *v + "'");
    if (req.exec.variant != Variant::loop && !kernel.caps.variants) {
      reject("--variant", "applies to kernels with the notebook's variants, not " + kernel.name);
    }
  }
}

// --record: a comma list of raster, v, t_ref, stats, spikes.
void parse_record(const FlagValues& values, RecordSet& record) {
  const auto* v = find_value(values, "--record");
  if (v == nullptr) return;
  record = RecordSet{false, false, false, false, false};
  for (const std::string& item : split(*v, ',')) {
    if (item == "raster")
      record.raster = true;
    else if (item == "v")
      record.v = true;
    else if (item == "t_ref")
      record.t_ref = true;
    else if (item == "stats")
      record.stats = true;
    else if (item == "spikes")
      record.neuron_spikes = true;
    else
      reject("--record", "unknown item '" + item + "' (known: raster, v, t_ref, stats, spikes)");
  }
}

// --hist-steps, --hist-bins, --hist-range over the default histogram for K steps (the
// syntax; validate() checks the steps against K and the range).
HistogramSpec parse_histogram(const FlagValues& values, const ModelParams& p) {
  HistogramSpec h = default_histogram(p, step_count(p.t_max, p.dt));
  if (const auto* v = find_value(values, "--hist-steps")) {
    h.steps.clear();
    if (*v != "none") {
      for (const std::string& item : split(*v, ',')) {
        h.steps.push_back(parse_integer<std::int64_t>("--hist-steps", item));
      }
    }
  }
  if (const auto* v = find_value(values, "--hist-bins")) {
    const auto bins = parse_integer<std::uint64_t>("--hist-bins", *v, 1000000);
    if (bins == 0) reject("--hist-bins", "must be at least 1");
    h.bins = static_cast<int>(bins);
  }
  if (const auto* v = find_value(values, "--hist-range")) {
    const auto parts = split(*v, ',');
    if (parts.size() != 2) reject("--hist-range", "expects LO,HI");
    h.lo = parse_double("--hist-range", parts[0]);
    h.hi = parse_double("--hist-range", parts[1]);
  }
  return h;
}

// validate(), its InvalidInput thrown as the command line's UsageError (the same text).
void validate_request(const SimRequest& req) {
  try {
    validate(req);
  } catch (const InvalidInput& e) {
    throw UsageError(e.what());
  }
}

// The usage text's list of model flags: one line per row of the parameter table.
std::string model_flags_usage() {
  const ModelParams defaults;
  std::string text = "model flags (SI units; the defaults are the notebook's):\n";
  for (const ParamInfo& info : param_table()) {
    std::string line = std::string("  ").append(info.flag).append(" ").append(info.metavar);
    line.resize(std::max<std::size_t>(line.size() + 1, 22), ' ');
    line.append(info.help).append(" [");
    if (!info.unit.empty()) line += std::string(info.unit) + "; ";
    line += "default " + (info.derived_default.empty() ? param_text(info, defaults)
                                                       : std::string(info.derived_default));
    line += "; " + std::string(to_string(info.rule));
    if (!std::holds_alternative<double ModelParams::*>(info.member)) line += " integer";
    if (info.max != 0) line += " <= " + std::to_string(info.max);
    text += line + "]\n";
  }
  return text;
}

}  // namespace

std::string simulate_usage() {
  std::vector<std::string> items;
  const auto add = [&items](std::string_view flag, std::string_view value, bool required) {
    std::string item(flag);
    if (!value.empty()) item.append(" ").append(value);
    items.push_back(required ? item : std::string("[").append(item).append("]"));
  };
  for (const RunFlag& f : kRunFlags) {
    if (!f.before_model) continue;
    std::string value(f.value);
    if (f.flag == "--kernel") {
      value.clear();
      for (const Kernel* k : registry()) value.append(value.empty() ? "" : "|").append(k->name);
    }
    if (f.flag == "--rng") value = stream_choices("|");
    add(f.flag, value, f.required);
  }
  for (const ParamInfo& info : param_table()) add(info.flag, info.metavar, false);
  for (const RunFlag& f : kRunFlags) {
    if (f.before_model) continue;
    add(f.flag, f.flag == "--isa" ? isa_choices("|") : std::string(f.value), f.required);
  }
  std::string text = "usage: lifbench simulate";
  std::size_t column = text.size();
  for (const std::string& item : items) {
    if (column + 1 + item.size() > 90) {
      text += "\n        ";
      column = 8;
    }
    text += " " + item;
    column += 1 + item.size();
  }
  return text + "\n\n" + model_flags_usage();
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
  const FlagValues values = read_flags(args);
  opt.progress = values.contains("--progress");
  parse_model(values, req.params);
  parse_choices(values, req);
  validate_request(req);  // the parameters and the time grid, before K is used
  parse_execution(values, req);
  parse_record(values, req.record);
  req.histogram = parse_histogram(values, req.params);
  validate_request(req);  // now with the ISA and the histogram
  if (!req.record.stats) req.histogram.steps.clear();
  if (const auto* v = find_value(values, "--batch-chunks")) {
    req.batch_chunks =
        static_cast<std::int64_t>(parse_integer<std::uint64_t>("--batch-chunks", *v, 1u << 30));
  }
  const auto* out = find_value(values, "--out");
  if (out == nullptr || out->empty()) reject("--out", "is required (the output directory)");
  opt.out_dir = *out;
  return opt;
}

}  // namespace lifbench::cli
