#include "lifbench/params.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "lifbench/kernel.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/streams.hpp"

namespace lifbench {

InvalidInput::InvalidInput(std::string_view flag, std::string_view rule)
    : std::invalid_argument(std::string(flag) + ": " + std::string(rule)) {}

std::string InvalidInput::flag() const {
  const std::string_view message = what();
  return std::string(message.substr(0, message.find(": ")));
}

std::string_view to_string(ParamRule rule) {
  switch (rule) {
    case ParamRule::positive:
      return "positive";
    case ParamRule::non_negative:
      return "non-negative";
    case ParamRule::finite:
      return "finite";
    case ParamRule::finite_or_inf:
      return "finite or +inf";
  }
  return "?";
}

const ParamInfo* find_param(std::string_view flag_or_name) {
  for (const ParamInfo& info : kParamTable) {
    if (info.flag == flag_or_name || info.name == flag_or_name) return &info;
  }
  return nullptr;
}

std::string shortest_text(double x) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, result.ptr);
}

std::string param_text(const ParamInfo& info, const ModelParams& p) {
  return std::visit(
      [&](auto member) -> std::string {
        if constexpr (std::is_floating_point_v<std::remove_reference_t<decltype(p.*member)>>) {
          return shortest_text(p.*member);
        } else {
          return std::to_string(p.*member);
        }
      },
      info.member);
}

namespace {

[[noreturn]] void reject(std::string_view flag, const std::string& rule) {
  throw InvalidInput(flag, rule);
}

// A double against its row's rule.
void check_rule(const ParamInfo& info, double x) {
  if (std::isnan(x)) reject(info.flag, "must be a finite number, got NaN");
  if (std::isinf(x)) {
    if (info.rule != ParamRule::finite_or_inf) {
      reject(info.flag, "must be finite, got " + shortest_text(x));
    }
    if (x < 0) reject(info.flag, "may be +inf but not -inf");
  }
  if (info.rule == ParamRule::positive && !(x > 0)) {
    reject(info.flag, "must be positive, got " + shortest_text(x));
  }
  if (info.rule == ParamRule::non_negative && x < 0) {
    reject(info.flag, "must not be negative, got " + shortest_text(x));
  }
}

// An integer against its row's rule and maximum.
template <class I>
void check_rule(const ParamInfo& info, I x) {
  if constexpr (std::is_signed_v<I>) {
    if (info.rule == ParamRule::positive && x <= 0) {
      reject(info.flag, "must be positive, got " + std::to_string(x));
    }
    if (info.rule == ParamRule::non_negative && x < 0) {
      reject(info.flag, "must not be negative, got " + std::to_string(x));
    }
  } else if (info.rule == ParamRule::positive && x == 0) {
    reject(info.flag, "must be positive, got 0");
  }
  if (info.max != 0 && x > 0 && static_cast<std::uint64_t>(x) > info.max) {
    reject(info.flag, "must be at most " + std::to_string(info.max) + ", got " + std::to_string(x));
  }
}

// Rounding a double parameter to float must keep it within its rule.
void check_float_rounding(const ParamInfo& info, double x) {
  const auto f = static_cast<float>(x);
  if (std::isinf(f) && !std::isinf(x)) {
    reject(info.flag, "is out of range for f32 (" + shortest_text(x) + " rounds to inf)");
  }
  if (info.rule == ParamRule::positive && !(f > 0)) {
    reject(info.flag, "is too small for f32 (" + shortest_text(x) + " rounds to 0)");
  }
}

// The time grid: t_max >= dt, K = ceil(t_max / dt) below 2^31, n * K within range.
void check_grid(const ModelParams& p) {
  if (p.t_max < p.dt) reject("--t-max", "must be at least --dt");
  const double steps = std::ceil(p.t_max / p.dt);
  if (!(steps < 2147483648.0)) reject("--t-max", "t_max / dt must be below 2^31 steps");
  if (static_cast<double>(p.neurons) * steps > 9.0e18) {
    reject("--neurons", "neurons x steps overflows");
  }
}

// Histogram steps below K and distinct, at least one bin, finite lo < hi (if any step).
void check_histogram(const HistogramSpec& h, std::int64_t steps) {
  if (h.steps.empty()) return;
  for (std::size_t s = 0; s < h.steps.size(); ++s) {
    const std::string step = std::to_string(h.steps[s]);
    if (h.steps[s] < 0) reject("--hist-steps", "step " + step + " is negative");
    if (h.steps[s] >= steps) {
      reject("--hist-steps", "step " + step + " is not below K = " + std::to_string(steps));
    }
    for (std::size_t t = 0; t < s; ++t) {
      if (h.steps[t] == h.steps[s]) reject("--hist-steps", "step " + step + " given twice");
    }
  }
  if (h.bins < 1) reject("--hist-bins", "must be at least 1");
  if (!(std::isfinite(h.lo) && std::isfinite(h.hi) && h.lo < h.hi)) {
    reject("--hist-range",
           "needs finite LO < HI, got " + shortest_text(h.lo) + "," + shortest_text(h.hi));
  }
}

}  // namespace

void validate(const ModelParams& p, Precision precision) {
  for_each_param(p, [](const ParamInfo& info, auto value) { check_rule(info, value); });
  if (!(p.vr < p.vth)) reject("--vr", "must be below --vth");
  if (precision != Precision::f32) return;
  for_each_param(p, [](const ParamInfo& info, auto value) {
    if constexpr (std::is_floating_point_v<decltype(value)>) check_float_rounding(info, value);
  });
  if (!(static_cast<float>(p.vr) < static_cast<float>(p.vth))) {
    reject("--vr", "must be below --vth in f32 too (they round to the same float)");
  }
}

void validate(const SimRequest& req) {
  if (req.precision != Precision::f64 && req.precision != Precision::f32) {
    reject("--precision", "must be f64 or f32");
  }
  if (static_cast<std::size_t>(req.stream) >= stream_table().size()) {
    reject("--rng", "must be one of " + stream_choices(", "));
  }
  if (const std::string_view why = stream_unavailable_reason(req.stream); !why.empty()) {
    reject("--rng", std::string(to_string(req.stream)) + " " + std::string(why));
  }
  const ModelParams& p = req.params;
  validate(p, req.precision);
  check_grid(p);
  if (req.stream == Stream::numpy && p.seed > 0xffffffffull) {
    reject("--seed", "must be between 0 and 2**32 - 1 with --rng numpy (as np.random.seed)");
  }
  if (!cpu_supports(req.exec.isa)) {
    reject("--isa", std::string(to_string(req.exec.isa)) + " is not supported by this CPU");
  }
  check_histogram(req.histogram, step_count(p.t_max, p.dt));
}

}  // namespace lifbench
