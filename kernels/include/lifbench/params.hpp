// The model's parameters as one table (SPEC section 1) and the checks every entry point makes.
//
// Each parameter is one row: its name (the notebook's, and summary.json's), its command-line
// flag, unit, rule and a one-line help. The command line parses its flags from the table and
// lists them in its usage text, summary.json writes them, the tests print them. The defaults
// are ModelParams' own (model.hpp), read through each row's pointer to member.
//
// validate() refuses what the model can't run: simulate(), Stepper and the command line call
// it, so a NaN dt or vr >= vth is refused everywhere with the same one-line message.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "lifbench/model.hpp"

namespace lifbench {

struct SimRequest;  // simulate.hpp

// A rejected input. what() is "FLAG: rule" on one line, exactly what `lifbench simulate`
// prints after "lifbench: error: " before it exits with status 2.
class InvalidInput : public std::invalid_argument {
 public:
  InvalidInput(std::string_view flag, std::string_view rule);
  // The flag the message names ("--dt"): the part of what() before ": ".
  std::string flag() const;
};

// What a parameter's value must be.
enum class ParamRule {
  positive,       // finite and > 0
  non_negative,   // finite and >= 0
  finite,         // any finite number
  finite_or_inf,  // finite or +inf (vth = +inf: no threshold, Exercise 1)
};

// The rule as the usage text states it ("positive", "finite or +inf", ...).
std::string_view to_string(ParamRule rule);

// Where a parameter lives in ModelParams, with its own type.
using ParamMember =
    std::variant<double ModelParams::*, std::int64_t ModelParams::*, std::uint64_t ModelParams::*>;

// One parameter of the model.
struct ParamInfo {
  std::string_view name;     // as in the notebook and summary.json: "t_ref_mu"
  std::string_view flag;     // "--t-ref-mu"
  std::string_view metavar;  // the value in the usage text: "S"
  std::string_view unit;     // SI unit, empty if none
  ParamRule rule;
  ParamMember member;
  std::string_view help;                  // one line
  std::string_view derived_default = {};  // a default computed from others, as text
  std::uint64_t max = 0;                  // integers: the largest value allowed (0: the type's)
};

// Every parameter of ModelParams, once, in SPEC section 1's order.
inline constexpr ParamInfo kParamTable[] = {
    {.name = "t_max",
     .flag = "--t-max",
     .metavar = "S",
     .unit = "s",
     .rule = ParamRule::positive,
     .member = &ModelParams::t_max,
     .help = "simulated time (K = ceil(t_max / dt) steps)"},
    {.name = "dt",
     .flag = "--dt",
     .metavar = "S",
     .unit = "s",
     .rule = ParamRule::positive,
     .member = &ModelParams::dt,
     .help = "time step"},
    {.name = "tau",
     .flag = "--tau",
     .metavar = "S",
     .unit = "s",
     .rule = ParamRule::positive,
     .member = &ModelParams::tau,
     .help = "membrane time constant"},
    {.name = "el",
     .flag = "--el",
     .metavar = "V",
     .unit = "V",
     .rule = ParamRule::finite,
     .member = &ModelParams::el,
     .help = "leak (resting) potential; v starts there"},
    {.name = "vr",
     .flag = "--vr",
     .metavar = "V",
     .unit = "V",
     .rule = ParamRule::finite,
     .member = &ModelParams::vr,
     .help = "reset potential, below --vth"},
    {.name = "vth",
     .flag = "--vth",
     .metavar = "V|inf",
     .unit = "V",
     .rule = ParamRule::finite_or_inf,
     .member = &ModelParams::vth,
     .help = "spike threshold; inf: no threshold"},
    {.name = "r",
     .flag = "--r",
     .metavar = "OHM",
     .unit = "Ohm",
     .rule = ParamRule::positive,
     .member = &ModelParams::r,
     .help = "membrane resistance"},
    {.name = "i_mean",
     .flag = "--i-mean",
     .metavar = "A",
     .unit = "A",
     .rule = ParamRule::finite,
     .member = &ModelParams::i_mean,
     .help = "mean input current"},
    {.name = "noise",
     .flag = "--noise",
     .metavar = "X",
     .unit = "",
     .rule = ParamRule::finite,
     .member = &ModelParams::noise,
     .help = "relative noise of the input current",
     .derived_default = "0.1*sqrt(t_max/dt)"},
    {.name = "t_ref_mu",
     .flag = "--t-ref-mu",
     .metavar = "S",
     .unit = "s",
     .rule = ParamRule::non_negative,
     .member = &ModelParams::t_ref_mu,
     .help = "mean refractory period"},
    {.name = "t_ref_sigma",
     .flag = "--t-ref-sigma",
     .metavar = "S",
     .unit = "s",
     .rule = ParamRule::non_negative,
     .member = &ModelParams::t_ref_sigma,
     .help = "refractory period spread; 0: all equal"},
    {.name = "neurons",
     .flag = "--neurons",
     .metavar = "N",
     .unit = "",
     .rule = ParamRule::non_negative,
     .member = &ModelParams::neurons,
     .help = "population size n",
     .max = std::uint64_t{1} << 40},
    {.name = "seed",
     .flag = "--seed",
     .metavar = "SEED",
     .unit = "",
     .rule = ParamRule::non_negative,
     .member = &ModelParams::seed,
     .help = "random seed; numpy: at most 2^32-1"},
};

// The table as a range.
inline std::span<const ParamInfo> param_table() { return kParamTable; }

// The row with this flag ("--dt") or name ("dt"), or null.
const ParamInfo* find_param(std::string_view flag_or_name);

// Calls f(info, value) for every row in table order; value has the member's own type
// (double, std::int64_t or std::uint64_t).
template <class F>
void for_each_param(const ModelParams& p, F&& f) {
  for (const ParamInfo& info : kParamTable) {
    std::visit([&](auto member) { f(info, p.*member); }, info.member);
  }
}

// The shortest text that reads back as the same double ("0.001", "1e+08", "inf", "nan").
std::string shortest_text(double x);
// A parameter's value as text that reads back exactly (integers in decimal).
std::string param_text(const ParamInfo& info, const ModelParams& p);

// Checks the parameters: each against its row's rule, vr < vth, and with f32 that rounding
// to float keeps them so (finite, positive, vr < vth). Throws InvalidInput.
void validate(const ModelParams& p, Precision precision = Precision::f64);

// Checks a whole request: the parameters in its precision, the time grid (t_max >= dt,
// K below 2^31, n * K within range), the precision and stream themselves, the seed's range
// for the stream, the ISA on this CPU, and the histogram spec (steps below K and distinct,
// bins >= 1, finite lo < hi). The kernel is not checked here. Throws InvalidInput.
void validate(const SimRequest& req);

}  // namespace lifbench
