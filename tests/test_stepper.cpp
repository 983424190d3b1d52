// The stepping API: a run split into advance() calls equals one driver run, bit for bit.
#include <gtest/gtest.h>

#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/stepper.hpp"

namespace lifbench {
namespace {

// One driver run with philox input, everything recorded.
SimResult whole_run(const Kernel& kernel, const ModelParams& p, Precision precision) {
  SimRequest req;
  req.kernel = &kernel;
  req.params = p;
  req.precision = precision;
  req.stream = Stream::philox;
  req.record = RecordSet{true, true, true, true, true};
  return simulate(req);
}

template <class T>
void expect_split_equals_whole(const Kernel& kernel, std::int64_t n) {
  ModelParams p;
  p.neurons = n;
  p.seed = 99;
  p.t_ref_sigma = 0.004;
  const SimResult whole = whole_run(kernel, p, sizeof(T) == 8 ? Precision::f64 : Precision::f32);
  const std::int64_t steps = whole.steps;
  const auto& v = [&]() -> const std::vector<T>& {
    if constexpr (sizeof(T) == 8)
      return whole.v64;
    else
      return whole.v32;
  }();
  Stepper<T> neurons(kernel, p);
  // Uneven pieces: 1 step, 36 steps, then the rest.
  for (std::int64_t piece : {std::int64_t{1}, std::int64_t{36}, steps - 1 - 37}) {
    neurons.advance_philox(piece);
    const std::int64_t k = neurons.step_index();
    for (std::int64_t j = 0; j < n; ++j) {
      ASSERT_EQ(neurons.v()[j], v[j * steps + k]) << kernel.name << " j=" << j << " k=" << k;
      ASSERT_EQ(neurons.spiked()[j], whole.raster[j * steps + k]) << kernel.name << " j=" << j;
    }
  }
  EXPECT_EQ(neurons.step_index(), steps - 1);
  EXPECT_EQ(neurons.spike_counts(), whole.neuron_spikes);
}

TEST(Stepper, SplitRunEqualsOneRunForEveryKernel) {
  for (const Kernel* kernel : registry()) {
    if (!kernel->supported()) continue;
    SCOPED_TRACE(kernel->name);
    for (std::int64_t n : {0, 1, 17, 1100}) {
      expect_split_equals_whole<double>(*kernel, n);
      expect_split_equals_whole<float>(*kernel, n);
    }
  }
}

TEST(Stepper, StepWithUserCurrentMatchesTheModel) {
  ModelParams p;
  p.neurons = 3;
  p.t_ref_mu = 0.0;
  Stepper<double> neurons(reference_kernel(), p);
  const Constants<double> c = Constants<double>::from(p);
  const double current[3] = {0.0, 2.5e-10, 1e-6};  // rest, drift, certain spike
  neurons.step(current);
  EXPECT_EQ(neurons.v()[0], euler_update(c.el, 0.0, c));
  EXPECT_EQ(neurons.v()[1], euler_update(c.el, 2.5e-10, c));
  EXPECT_EQ(neurons.v()[2], c.vr);
  EXPECT_EQ(neurons.spiked()[2], 1);
  EXPECT_EQ(neurons.last_spike()[2], step_time(1, c.dt));
  EXPECT_EQ(neurons.time(), c.dt);
}

}  // namespace
}  // namespace lifbench
