// Properties of the statistics (counts, rates, mean v, histograms), of the notebook's three
// reference forms against each other, and of the NumPy-compatible generator.
// See docs/testing.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>

#include "lifbench/cli.hpp"
#include "lifbench/numpy_random.hpp"
#include "lifbench/outputs.hpp"
#include "lifbench/reference.hpp"
#include "lifbench/registry.hpp"
#include "property_support.hpp"

namespace lifbench::testing {
namespace {

// Scenario run on the fast kernel, everything recorded.
SimResult run_fast(const Scenario& s) { return simulate(full_request(s, fast_kernel())); }

// raster sum == total spikes == sum of per-step counts == sum of per-neuron counts, and
// each per-step (per-neuron) count is its raster column (row) sum.
RC_GTEST_PROP(StatsProperties, SpikeCountsAgreeEverywhere, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  const std::int64_t n = res.neurons, steps = res.steps;
  RC_ASSERT(static_cast<std::int64_t>(res.spikes_per_step.size()) == steps);
  std::int64_t raster_sum = 0;
  for (std::int64_t j = 0; j < n; ++j) {
    std::int64_t row = 0;
    for (std::int64_t k = 0; k < steps; ++k) row += res.raster[j * steps + k];
    RC_ASSERT(res.neuron_spikes[j] == row);
    raster_sum += row;
  }
  for (std::int64_t k = 0; k < steps; ++k) {
    std::int64_t column = 0;
    for (std::int64_t j = 0; j < n; ++j) column += res.raster[j * steps + k];
    RC_ASSERT(res.spikes_per_step[k] == column);
  }
  std::int64_t per_step = 0, per_neuron = 0;
  for (auto c : res.spikes_per_step) per_step += c;
  for (auto c : res.neuron_spikes) per_neuron += c;
  RC_ASSERT(raster_sum == res.total_spikes);
  RC_ASSERT(per_step == res.total_spikes);
  RC_ASSERT(per_neuron == res.total_spikes);
}

// The numbers of a JSON array `"key": [...]` in `json` (NaN / Infinity as Python writes them).
std::vector<double> json_numbers(const std::string& json, const std::string& key) {
  const std::size_t at = json.find("\"" + key + "\": [");
  if (at == std::string::npos) return {};
  std::vector<double> xs;
  const char* p = json.c_str() + json.find('[', at) + 1;
  while (*p != ']') {
    char* end = nullptr;
    xs.push_back(std::strtod(p, &end));
    if (end == p) return {};  // not a number: fails the caller's size check
    p = end;
    while (*p == ',' || *p == ' ') ++p;
  }
  return xs;
}

// The integer after `"key": ` in `json`, or -1.
std::int64_t json_integer(const std::string& json, const std::string& key) {
  const std::size_t at = json.find("\"" + key + "\": ");
  if (at == std::string::npos) return -1;
  return std::strtoll(json.c_str() + at + key.size() + 4, nullptr, 10);
}

// summary.json (as `lifbench simulate` writes it) states the population rate per step in Hz
// as counts / (n dt), with the per-step counts and the total of the run (NaN when n = 0).
RC_GTEST_PROP(StatsProperties, SummaryRateIsCountsOverNeuronsTimesDt, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  cli::SimulateOptions opt;
  opt.request = full_request(s, fast_kernel());
  opt.out_dir = "unused";
  const SimResult res = simulate(opt.request);
  const std::string json = cli::summary_json(opt, res);
  RC_ASSERT(json_integer(json, "total_spikes") == res.total_spikes);
  RC_ASSERT(json_integer(json, "neurons") == s.params.neurons);
  RC_ASSERT(json_integer(json, "steps") == steps_of(s));
  const std::vector<double> counts = json_numbers(json, "spikes_per_step");
  const std::vector<double> rate = json_numbers(json, "rate_hz");
  RC_ASSERT(static_cast<std::int64_t>(rate.size()) == res.steps);
  RC_ASSERT(static_cast<std::int64_t>(counts.size()) == res.steps);
  const double n = static_cast<double>(s.params.neurons);
  for (std::int64_t k = 0; k < res.steps; ++k) {
    RC_ASSERT(counts[k] == static_cast<double>(res.spikes_per_step[k]));
    const double expected = counts[k] / (n * s.params.dt);
    if (s.params.neurons == 0) {
      RC_ASSERT(std::isnan(rate[k]));
    } else {
      // %.17g round-trips a double; allow 2 ulp for another association of count/(n dt).
      RC_ASSERT(std::abs(rate[k] - expected) <=
                4 * std::numeric_limits<double>::epsilon() * expected);
    }
  }
}

// mean v per step is the mean of the recorded voltages, up to the rounding of the canonical
// order: lanes of <= 64 terms and a 16-lane fold in T (<= 80 roundings of size eps_T, each
// relative to sum |v|), then <= chunks additions in double.
RC_GTEST_PROP(StatsProperties, MeanVoltageIsTheMeanOfTheRecordedVoltages, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  const SimResult res = run_fast(s);
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const std::vector<T>& v = voltages<T>(res);
    const std::int64_t n = res.neurons, steps = res.steps;
    const double rel =
        static_cast<double>(kChunk / kSumLanes + kSumLanes) * std::numeric_limits<T>::epsilon() +
        static_cast<double>(chunk_count(n) + 2) * std::numeric_limits<double>::epsilon();
    for (std::int64_t k = 0; k < steps; ++k) {
      if (n == 0) {
        RC_ASSERT(std::isnan(res.mean_v[k]));
        continue;
      }
      long double sum = 0, abs_sum = 0;
      for (std::int64_t j = 0; j < n; ++j) {
        sum += static_cast<long double>(v[j * steps + k]);
        abs_sum += std::abs(static_cast<long double>(v[j * steps + k]));
      }
      const double exact = static_cast<double>(sum / static_cast<long double>(n));
      const double scale = static_cast<double>(abs_sum / static_cast<long double>(n));
      RC_ASSERT(std::abs(res.mean_v[k] - exact) <= rel * scale);
    }
  });
}

// Every histogram counts each neuron once (bins + below + above == n); below and above are
// the voltages < lo and >= hi; and the cumulative count below each bin edge lies between the
// counts of voltages below the edge -/+ a rounding tolerance of the bin arithmetic.
RC_GTEST_PROP(StatsProperties, HistogramsCountEveryNeuronOnce, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  SimRequest req = full_request(s, fast_kernel());
  const std::int64_t steps = steps_of(s);
  req.histogram.steps.clear();
  for (int i = *pick_in(0, 4); i > 0; --i) {
    const auto k = *pick_in<std::int64_t>(0, steps);
    if (std::find(req.histogram.steps.begin(), req.histogram.steps.end(), k) ==
        req.histogram.steps.end()) {
      req.histogram.steps.push_back(k);
    }
  }
  req.histogram.bins = *pick_in(1, 60);
  if (*pick_in(0, 2) == 0) {
    req.histogram.lo = s.params.vr - pick_uniform(0.0, 0.02);
    req.histogram.hi = req.histogram.lo + pick_uniform(0.001, 0.05);
  }
  const HistogramSpec& h = req.histogram;
  const SimResult res = simulate(req);
  RC_ASSERT(res.histograms.size() == h.steps.size());
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const std::vector<T>& v = voltages<T>(res);
    for (std::size_t i = 0; i < h.steps.size(); ++i) {
      const Histogram& got = res.histograms[i];
      RC_ASSERT(got.step == h.steps[i]);
      RC_ASSERT(static_cast<int>(got.counts.size()) == h.bins);
      std::vector<double> column;
      for (std::int64_t j = 0; j < res.neurons; ++j) column.push_back(v[j * steps + got.step]);
      std::int64_t total = got.below + got.above;
      for (auto c : got.counts) total += c;
      RC_ASSERT(total == res.neurons);
      const auto count_below = [&](double edge) {
        return std::count_if(column.begin(), column.end(), [&](double x) { return x < edge; });
      };
      RC_ASSERT(got.below == count_below(h.lo));
      RC_ASSERT(got.above == res.neurons - count_below(h.hi));
      const double width = (h.hi - h.lo) / h.bins, tol = 1e-9 * (h.hi - h.lo);
      std::int64_t cumulative = got.below;
      for (int b = 1; b < h.bins; ++b) {
        cumulative += got.counts[b - 1];
        const double edge = h.lo + b * width;
        RC_ASSERT(cumulative >= count_below(edge - tol));
        RC_ASSERT(cumulative <= count_below(edge + tol));
      }
    }
  });
}

// Refractory periods of scenario `s` in precision T (the stream's, negatives set to 0).
template <class T>
std::vector<T> refractory_periods(const Scenario& s) {
  const std::vector<double> t_ref = s.stream == Stream::numpy
                                        ? draw_numpy_inputs<T>(s.params, steps_of(s)).t_ref
                                        : counter_refractory(s.params, s.stream);
  return std::vector<T>(t_ref.begin(), t_ref.end());
}

// A scenario on an exact binary grid: dt = 2^-e and t_ref = m dt, so every time, sum and
// difference the three notebook forms compute is exact (in f32 too: k, m < 2^24).
Scenario pick_exact_grid_scenario() {
  ScenarioOptions opt;
  opt.allow_sigma = false;
  Scenario s = pick_scenario(opt);
  ModelParams& p = s.params;
  const double a = p.dt / p.tau;
  const std::int64_t steps = steps_of(s);
  p.dt = std::ldexp(1.0, -*pick_in(6, 15));
  p.tau = p.dt / a;
  p.t_max = static_cast<double>(steps) * p.dt;
  p.t_ref_mu = static_cast<double>(*pick_in(0, 16)) * p.dt;
  return s;
}

// Exercise 6's clamp test `t_ref > t - last_spike` and the loop's `last_spike + t_ref > t`
// agree whenever no rounding can flip them: on an exact binary grid, or when t_ref sits at
// least 5% of dt away from every multiple of dt (rounding errors are ~K eps dt). Then the
// functions form equals the loop form bit for bit.
RC_GTEST_PROP(VariantProperties, FunctionsEqualsLoopWhenTheClampTestsCannotRoundApart, ()) {
  Scenario s;
  if (*pick_in(0, 2) == 0) {
    s = pick_exact_grid_scenario();
  } else {
    ScenarioOptions opt;
    opt.allow_sigma = false;
    s = pick_scenario(opt);
    s.params.t_ref_mu =
        (static_cast<double>(*pick_in(0, 12)) + pick_uniform(0.05, 0.95)) * s.params.dt;
  }
  RC_LOG() << s << "\n";
  SimRequest loop = full_request(s, reference_kernel());
  SimRequest functions = loop;
  functions.exec.variant = Variant::functions;
  RC_ASSERT(first_difference(simulate(loop), simulate(functions)) == std::string());
}

// For any parameters (the notebook's tie-prone 10 ms / 1 ms included), the functions form
// first departs from the loop form, neuron by neuron, exactly at a step where the two clamp
// tests disagree for the common history: rounding of that comparison is the only difference.
RC_GTEST_PROP(VariantProperties, FunctionsDepartsFromLoopOnlyWhereTheClampTestsDisagree, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  SimRequest loop_req = full_request(s, reference_kernel());
  SimRequest functions_req = loop_req;
  functions_req.exec.variant = Variant::functions;
  const SimResult loop = simulate(loop_req), functions = simulate(functions_req);
  with_precision(s.precision, [&](auto tag) {
    using T = decltype(tag);
    const Constants<T> c = Constants<T>::from(s.params);
    const std::vector<T>&vl = voltages<T>(loop), &vf = voltages<T>(functions);
    const std::int64_t steps = loop.steps;
    for (std::int64_t j = 0; j < loop.neurons; ++j) {
      const T t_ref = refractory<T>(loop)[j];
      T last_spike = -t_ref;
      for (std::int64_t k = 0; k < steps; ++k) {
        const std::int64_t cell = j * steps + k;
        const bool same = loop.raster[cell] == functions.raster[cell] &&
                          std::memcmp(&vl[cell], &vf[cell], sizeof(T)) == 0;
        if (!same) {
          const T t = static_cast<T>(k) * c.dt;
          RC_ASSERT((last_spike + t_ref > t) != (t_ref > t - last_spike));
          break;  // histories differ from here on
        }
        if (loop.raster[cell]) last_spike = static_cast<T>(k) * c.dt;
      }
    }
  });
}

// Typed body of the class property.
template <class T>
void check_class_is_shifted_loop(const Scenario& s) {
  const Constants<T> c = Constants<T>::from(s.params);
  const std::int64_t n = s.params.neurons, steps = steps_of(s);
  const std::vector<T> current = input_matrix<T>(s);
  const std::vector<T> t_ref = refractory_periods<T>(s);
  // The loop form sees the class's input one column later: shifted[:, k] = current[:, k-1].
  std::vector<T> shifted(current.size(), T(0));
  for (std::int64_t j = 0; j < n; ++j) {
    for (std::int64_t k = 1; k < steps; ++k) shifted[j * steps + k] = current[j * steps + k - 1];
  }
  auto klass = reference::run_class(c, n, steps, current.data(), t_ref.data());
  auto loop = reference::run_loop(c, n, steps, shifted.data(), t_ref.data());
  for (std::int64_t j = 0; j < n; ++j) {
    for (std::int64_t k = 0; k + 1 < steps; ++k) {
      RC_ASSERT(klass.spike(j, k) == loop.spike(j, k + 1));
      RC_ASSERT(std::memcmp(&klass.v(j, k), &loop.v(j, k + 1), sizeof(T)) == 0);
    }
  }
}

// Exercise 7's class (t += dt, a step at k = 0 too, v recorded after each step) is the loop
// form one column earlier, fed the same currents one column earlier, bit for bit, when the
// accumulated t equals k dt (exact binary grid): its different raster is only that shift.
RC_GTEST_PROP(VariantProperties, ClassIsTheLoopOneStepEarlierOnAnExactGrid, ()) {
  const Scenario s = pick_exact_grid_scenario();
  RC_LOG() << s << "\n";
  with_precision(s.precision, [&](auto tag) { check_class_is_shifted_loop<decltype(tag)>(s); });
}

// The quirk of SPEC section 1 that docs/model.md describes: with t_ref = 10 ms and
// dt = 1 ms, t_a + 0.01 > t_(a+10) holds at a = 9, 17, 18, 34 (the clamp lasts one step
// longer there), and not at a = 1..8.
TEST(VariantProperties, NotebookClampQuirkStepsAreWhereTheSpecSaysTheyAre) {
  const double dt = 0.001, t_ref = 0.01;
  for (std::int64_t a : {9, 17, 18, 34}) {
    EXPECT_TRUE(step_time(a, dt) + t_ref > step_time(a + 10, dt)) << "a = " << a;
  }
  for (std::int64_t a = 1; a <= 8; ++a) {
    EXPECT_FALSE(step_time(a, dt) + t_ref > step_time(a + 10, dt)) << "a = " << a;
  }
}

// An independent model of NumPy's legacy generator: std::mt19937 (whose seeding is
// init_genrand), res53, and the polar Box-Muller with its cached second value.
class NumpyModel {
 public:
  explicit NumpyModel(std::uint32_t seed) : mt_(seed) {}
  // np.random.seed(seed): new state, cache cleared.
  void seed(std::uint32_t s) {
    mt_.seed(s);
    has_gauss_ = false;
  }
  std::uint32_t next_u32() { return static_cast<std::uint32_t>(mt_()); }
  double random() {
    const std::uint32_t a = next_u32() >> 5, b = next_u32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }
  double normal() {
    if (has_gauss_) {
      has_gauss_ = false;
      return gauss_;
    }
    double x1, x2, r2;
    do {
      x1 = 2.0 * random() - 1.0;
      x2 = 2.0 * random() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    gauss_ = f * x1;
    has_gauss_ = true;
    return f * x2;
  }

 private:
  std::mt19937 mt_;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

// NumpyRandom equals the model under any interleaving of seed / random / normal / raw
// draws: res53 assembly, the polar method, the cache and its clearing by seed.
RC_GTEST_PROP(NumpyRandomProperties, MatchesAnIndependentModelUnderAnyInterleaving,
              (std::uint32_t seed)) {
  NumpyRandom rng(seed);
  NumpyModel model(seed);
  const auto ops = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 20));
  for (int op : ops) {
    if (op == 0) {
      const auto s = *pick_arbitrary<std::uint32_t>();
      rng.seed_with(s);
      model.seed(s);
    } else if (op < 8) {
      RC_ASSERT(rng.random() == model.random());
    } else if (op < 18) {
      RC_ASSERT(rng.normal() == model.normal());
    } else {
      RC_ASSERT(rng.next_u32() == model.next_u32());
    }
  }
}

// seed() clears the cached normal: after any history, seed_with(s) behaves as a fresh
// generator seeded with s (a stale cache would return the old f*x1 first).
RC_GTEST_PROP(NumpyRandomProperties, SeedClearsTheCachedNormal,
              (std::uint32_t first, std::uint32_t second)) {
  NumpyRandom used(first);
  const int normals = *pick_in(0, 7);
  for (int i = 0; i < normals; ++i) used.normal();
  const int randoms = *pick_in(0, 3);
  for (int i = 0; i < randoms; ++i) used.random();
  used.seed_with(second);
  NumpyRandom fresh(second);
  for (int i = 0; i < 5; ++i) {
    RC_ASSERT(used.normal() == fresh.normal());
    RC_ASSERT(used.random() == fresh.random());
  }
}

// Normals come in pairs from one accepted point: after an odd number of normal() calls the
// next one comes from the cache and consumes no uniform draws, and the pair (z1, z2) has
// z2 / z1 == x1 / x2 with both on one radius: z1^2 + z2^2 = -2 ln r2 < inf, r2 in (0, 1).
RC_GTEST_PROP(NumpyRandomProperties, NormalsComeInPairsFromOneAcceptedPoint, (std::uint32_t seed)) {
  const int pairs = *pick_in(0, 6);
  NumpyRandom a(seed), b(seed);
  for (int i = 0; i < 2 * pairs; ++i) {
    a.normal();
    b.normal();
  }
  const double z1 = a.normal();
  const double z2 = a.normal();  // cached
  b.normal();
  RC_ASSERT(a.random() == b.random());  // the cached one consumed nothing
  const double r2 = std::exp(-(z1 * z1 + z2 * z2) / 2);
  RC_ASSERT(r2 > 0.0);
  RC_ASSERT(r2 <= 1.0);
}

}  // namespace
}  // namespace lifbench::testing
