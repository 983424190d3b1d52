// The driver: streaming in batches and the canonical reduction never change a bit.
#include <gtest/gtest.h>

#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"

namespace lifbench {
namespace {

SimRequest stats_request(const Kernel& kernel, std::int64_t n, Precision precision) {
  SimRequest req;
  req.kernel = &kernel;
  req.params.neurons = n;
  req.params.seed = 4242;
  req.params.t_ref_sigma = 0.005;
  req.precision = precision;
  req.stream = Stream::philox;
  req.record = RecordSet{false, false, false, true, false};
  req.histogram = default_histogram(req.params, step_count(req.params.t_max, req.params.dt));
  return req;
}

// Batches of 1, 2 and 3 chunks (per-batch t_ref, base_neuron > 0) equal one batch.
TEST(Driver, StreamingBatchSizeNeverChangesABit) {
  for (const Kernel* kernel : registry()) {
    if (!kernel->supported()) continue;
    for (Precision precision : {Precision::f64, Precision::f32}) {
      SimRequest whole = stats_request(*kernel, 5 * kChunk + 77, precision);
      whole.batch_chunks = 1000;
      const SimResult expected = simulate(whole);
      EXPECT_GT(expected.total_spikes, 0);
      for (std::int64_t batch : {1, 2, 3}) {
        SimRequest streamed = whole;
        streamed.batch_chunks = batch;
        EXPECT_EQ(first_difference(expected, simulate(streamed)), "")
            << kernel->name << " batch " << batch;
      }
    }
  }
}

// The statistics equal the ones derived from the recorded raster and v.
TEST(Driver, StatisticsFollowTheCanonicalOrder) {
  SimRequest req = stats_request(reference_kernel(), 3 * kChunk + 5, Precision::f64);
  req.record = RecordSet{true, true, true, true, true};
  const SimResult res = simulate(req);
  const std::int64_t n = res.neurons, steps = res.steps;
  for (std::int64_t k = 0; k < steps; ++k) {
    double total = 0.0;
    std::int64_t spikes = 0;
    for (std::int64_t c = 0; c < chunk_count(n); ++c) {
      double lanes[kSumLanes] = {};
      for (std::int64_t j = c * kChunk; j < std::min(n, (c + 1) * kChunk); ++j) {
        lanes[j % kSumLanes] = lanes[j % kSumLanes] + res.v64[j * steps + k];
        spikes += res.raster[j * steps + k];
      }
      double chunk = 0.0;
      for (double lane : lanes) chunk = chunk + lane;
      total = total + chunk;  // one super-chunk: chunk order
    }
    ASSERT_EQ(res.mean_v[k], total / static_cast<double>(n)) << "step " << k;
    ASSERT_EQ(res.spikes_per_step[k], spikes) << "step " << k;
  }
}

}  // namespace
}  // namespace lifbench
