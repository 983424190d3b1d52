// Properties across implementations: every kernel, ISA, thread count, batch size and the
// stepping API give the reference's bits; philox neurons are independent of the population;
// f32 stays within a stated statistical bound of f64. See docs/testing.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <cmath>
#include <span>

#include "lifbench/registry.hpp"
#include "lifbench/stepper.hpp"
#include "property_support.hpp"

namespace lifbench::testing {
namespace {

// A random set of histogram steps and bins for K steps (exercises the snapshot path).
HistogramSpec pick_histogram(const ModelParams& p, std::int64_t steps) {
  HistogramSpec h = default_histogram(p, steps);
  if (*pick_in(0, 2) == 0) return h;
  h.steps.clear();
  const int count = *pick_in(0, 4);
  for (int i = 0; i < count; ++i) {
    const auto k = *pick_in<std::int64_t>(0, steps);
    if (std::find(h.steps.begin(), h.steps.end(), k) == h.steps.end()) h.steps.push_back(k);
  }
  h.bins = *pick_in(1, 80);
  return h;
}

// Every kernel x ISA x threads, both precisions and streams: bit-identical raster, v, t_ref,
// per-neuron spikes, per-step counts, mean v and histograms to the reference (loop form).
RC_GTEST_PROP(KernelProperties, EveryKernelIsaAndThreadCountEqualsTheReference, ()) {
  const Scenario s = pick_scenario();
  RC_LOG() << s << "\n";
  SimRequest ref_req = full_request(s, reference_kernel());
  ref_req.histogram = pick_histogram(s.params, steps_of(s));
  const SimResult expected = simulate(ref_req);
  for (const Execution& e : all_executions(s.precision)) {
    SimRequest req = ref_req;
    req.kernel = e.kernel;
    req.exec = e.exec;
    const SimResult got = simulate(req);
    RC_ASSERT(first_difference(expected, got) == std::string());
    RC_ASSERT(got.total_spikes == expected.total_spikes);
    RC_ASSERT(got.threads_used == (e.kernel->caps.threads ? e.exec.threads : 1));
  }
}

// Streaming in batches of any number of chunks (and recording less) never changes a bit of
// the statistics, per-neuron spike counts or histograms.
RC_GTEST_PROP(KernelProperties, StreamingBatchSizeNeverChangesABit, ()) {
  ScenarioOptions opt;
  Scenario s = pick_scenario(opt);
  // Make multi-chunk populations common here: that is where batches differ.
  if (*pick_in(0, 2) == 0) {
    s.params.neurons = *pick_in<std::int64_t>(kChunk - 2, 4 * kChunk + 3);
    s.params.t_max = std::min(s.params.t_max, 12 * s.params.dt);
  }
  RC_LOG() << s << "\n";
  const std::span<const Kernel* const> kernels = registry();
  const Kernel& kernel = *kernels[*pick_in<std::size_t>(0, kernels.size())];
  RC_PRE(kernel.supported() && (s.precision == Precision::f64 || kernel.caps.f32));
  SimRequest whole = full_request(s, kernel);
  whole.exec.threads = kernel.caps.threads ? 2 : 1;
  const SimResult expected = simulate(whole);
  const std::int64_t chunks = chunk_count(s.params.neurons);
  for (std::int64_t batch :
       {std::int64_t{1}, std::int64_t{2}, std::int64_t{3}, *pick_in<std::int64_t>(1, chunks + 2)}) {
    SimRequest streamed = whole;
    streamed.batch_chunks = batch;
    streamed.record = RecordSet{false, false, false, true, true};  // stats: true streaming
    const SimResult got = simulate(streamed);
    RC_ASSERT(first_difference(expected, got) == std::string());
    RC_ASSERT(got.total_spikes == expected.total_spikes);
  }
}

// With philox, neuron j's refractory period, raster row and voltage row depend only on
// (seed, j): not on n, nor on which other neurons share the run (or on the kernel).
RC_GTEST_PROP(KernelProperties, PhiloxNeuronDependsOnlyOnSeedAndIndex, ()) {
  Scenario s = pick_scenario();
  s.stream = Stream::philox;
  Scenario other = s;
  other.params.neurons = *pick_in<std::int64_t>(0, 2 * s.params.neurons + 40);
  RC_LOG() << s << "\nother n = " << other.params.neurons << "\n";
  const auto executions = all_executions(s.precision);
  const Execution& e1 = executions[*pick_in<std::size_t>(0, executions.size())];
  const Execution& e2 = executions[*pick_in<std::size_t>(0, executions.size())];
  const SimResult a = simulate(full_request(s, *e1.kernel, e1.exec));
  const SimResult b = simulate(full_request(other, *e2.kernel, e2.exec));
  const std::int64_t steps = a.steps;
  const std::int64_t common = std::min(a.neurons, b.neurons);
  const auto row_equal = [&](const auto& x, const auto& y, std::int64_t j) {
    return std::equal(x.begin() + j * steps, x.begin() + (j + 1) * steps, y.begin() + j * steps);
  };
  for (std::int64_t j = 0; j < common; ++j) {
    RC_ASSERT(row_equal(a.raster, b.raster, j));
    if (s.precision == Precision::f64) {
      RC_ASSERT(row_equal(a.v64, b.v64, j));
      RC_ASSERT(a.t_ref64[j] == b.t_ref64[j]);
    } else {
      RC_ASSERT(row_equal(a.v32, b.v32, j));
      RC_ASSERT(a.t_ref32[j] == b.t_ref32[j]);
    }
    RC_ASSERT(a.neuron_spikes[j] == b.neuron_spikes[j]);
  }
}

// Typed body of the split-run property: pieces of advance()/advance_philox() equal one run.
template <class T>
void check_split_run(const Scenario& s, const Kernel& kernel, const ExecConfig& exec) {
  const SimResult whole = simulate(full_request(s, kernel, exec));
  const std::int64_t n = whole.neurons, steps = whole.steps;
  const std::vector<T>& v = voltages<T>(whole);
  std::vector<double> t_ref(refractory<T>(whole).begin(), refractory<T>(whole).end());
  Stepper<T> neurons(kernel, s.params, exec, t_ref);
  const std::vector<T> current = s.stream == Stream::numpy ? input_matrix<T>(s) : std::vector<T>{};
  std::vector<std::int64_t> counts(static_cast<std::size_t>(n), 0);
  while (neurons.step_index() < steps - 1) {
    const std::int64_t k0 = neurons.step_index();
    const std::int64_t piece = *pick_in<std::int64_t>(1, steps - k0);
    if (s.stream == Stream::philox) {
      neurons.advance_philox(piece);
    } else {
      // The user's currents for steps k0 + 1 .. k0 + piece, [n, piece].
      std::vector<T> block(static_cast<std::size_t>(n * piece));
      for (std::int64_t j = 0; j < n; ++j) {
        for (std::int64_t m = 0; m < piece; ++m)
          block[j * piece + m] = current[j * steps + k0 + 1 + m];
      }
      neurons.advance(piece, block.data());
    }
    const std::int64_t k = neurons.step_index();
    RC_ASSERT(k == k0 + piece);
    RC_ASSERT(neurons.time() == static_cast<T>(k) * static_cast<T>(s.params.dt));
    for (std::int64_t j = 0; j < n; ++j) {
      RC_ASSERT(neurons.v()[j] == v[j * steps + k]);
      RC_ASSERT(neurons.spiked()[j] == whole.raster[j * steps + k]);
    }
  }
  RC_ASSERT(neurons.spike_counts() == std::vector<std::int64_t>(whole.neuron_spikes));
}

// A run split into random pieces with the stepping API (state carried over) equals one
// driver run, bit for bit, for every kernel, both precisions and both input paths.
RC_GTEST_PROP(KernelProperties, SplitRunWithTheStepperEqualsOneRun, ()) {
  ScenarioOptions opt;
  opt.max_neurons = 1200;
  const Scenario s = pick_scenario(opt);
  RC_LOG() << s << "\n";
  const auto executions = all_executions(s.precision);
  const Execution& e = executions[*pick_in<std::size_t>(0, executions.size())];
  RC_LOG() << "execution " << e.label << "\n";
  with_precision(s.precision,
                 [&](auto tag) { check_split_run<decltype(tag)>(s, *e.kernel, e.exec); });
}

// f32 stays within a stated bound of f64 in population rate, under noisy input:
//   |S32 - S64| <= 6 sqrt(sum_j d_j^2) + 2,   d_j = c32_j - c64_j,
// S = total spikes, c_j = the spike count of neuron j. Why: both streams give the two
// precisions the same noise (numpy: the same doubles, rounded; philox: the same word per
// neuron-step, 24 of its 32 bits in f32), so the comparison is paired: a neuron's counts
// differ only where rounding moves a crossing, and those differences d_j are independent
// across neurons and as likely up as down. Their sum then has a standard deviation of about
// sqrt(sum d_j^2), and 6 of them make a false alarm a ~1e-9 event; the + 2 covers a lone
// difference. (Unpaired, with different uniforms per precision, the bound had to be
// 6 sqrt(n (s32^2 + s64^2)) + 2 on the count variances s^2: about ten times wider.)
// Noise >= 0.3 keeps the rate a smooth function of the parameters: without noise all
// neurons are identical and one rounding at a tie shifts every neuron at once (not a
// precision bug, and excluded here). Refractory periods on the dt grid are moved half a
// step off it: there the clamp test t_a + t_ref > t_(a+m) is a tie (SPEC 1, quirk 1) that
// rounds differently in f32 and f64 (float(0.005) < 5 * float(0.001), for one), so the two
// precisions run systematically different refractory periods: a modelled difference, not
// arithmetic error. RapidCheck found it (t_ref = dt, then 5 ms on a 1 ms grid) when the
// property still allowed it.
RC_GTEST_PROP(KernelProperties, F32PopulationRateStaysWithinBoundOfF64, ()) {
  ScenarioOptions opt;
  opt.allow_sigma = true;
  Scenario s = pick_scenario(opt);
  s.params.neurons = *pick_in<std::int64_t>(200, 1500);
  s.params.t_max = static_cast<double>(*pick_in(20, 150)) * s.params.dt;
  s.params.noise = std::max(s.params.noise, 0.3);
  const double steps_per_ref = s.params.t_ref_mu / s.params.dt;
  if (s.params.t_ref_sigma == 0 && std::round(steps_per_ref) >= 1 &&
      std::abs(steps_per_ref - std::round(steps_per_ref)) < 0.05) {
    s.params.t_ref_mu += 0.5 * s.params.dt;
  }
  RC_LOG() << s << "\n";
  Scenario s32 = s, s64 = s;
  s32.precision = Precision::f32;
  s64.precision = Precision::f64;
  const Kernel& kernel = fast_kernel();
  SimRequest r32 = full_request(s32, kernel), r64 = full_request(s64, kernel);
  r32.record = r64.record = RecordSet{false, false, false, true, true};
  const SimResult a = simulate(r32), b = simulate(r64);
  double paired_ss = 0.0;
  for (std::size_t j = 0; j < a.neuron_spikes.size(); ++j) {
    const double d = static_cast<double>(a.neuron_spikes[j] - b.neuron_spikes[j]);
    paired_ss += d * d;
  }
  const double bound = 6.0 * std::sqrt(paired_ss) + 2.0;
  RC_LOG() << "S32 " << a.total_spikes << " S64 " << b.total_spikes << " sum d^2 " << paired_ss
           << " bound " << bound << "\n";
  RC_ASSERT(std::abs(static_cast<double>(a.total_spikes - b.total_spikes)) <= bound);
}

}  // namespace
}  // namespace lifbench::testing
