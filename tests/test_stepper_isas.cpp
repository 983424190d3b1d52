// Continuing a run on every execution: for each kernel x ISA x threads of the execution
// matrix that continues a carried state, a run split into Stepper pieces (1 step, then 37, so
// later pieces start in the middle of a philox block in both precisions) equals one driver
// run on the same ISA, bit for bit in v, spikes and last spike times.
#include <gtest/gtest.h>

#include <vector>

#include "lifbench/execution.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/stepper.hpp"

namespace lifbench {
namespace {

// The executions whose kernels continue a carried state (every ISA row; missing ones skip).
std::vector<Execution> continuing_executions() {
  MatrixOptions m;
  m.all_table_isas = true;
  m.only_supported_kernels = false;
  std::vector<Execution> matrix;
  for (const Execution& e : execution_matrix(m)) {
    if (e.kernel->caps.continuation) matrix.push_back(e);
  }
  return matrix;
}

class ContinuationOnEveryIsa : public ::testing::TestWithParam<Execution> {
 protected:
  void SetUp() override {
    const Execution& e = GetParam();
    if (!e.kernel->supported()) GTEST_SKIP() << e.kernel->name << " is not supported here";
    if (e.isa != Isa::automatic && !cpu_supports(e.isa)) {
      GTEST_SKIP() << "this CPU lacks " << to_string(e.isa);
    }
  }

  // Pieces of 1, 37 and the rest against one run of n neurons in precision T.
  template <class T>
  void expect_pieces_equal_one_run(std::int64_t n) {
    const Execution& e = GetParam();
    ModelParams p;
    p.neurons = n;
    p.seed = 31;
    p.t_ref_sigma = 0.004;
    SimRequest req;
    req.kernel = e.kernel;
    req.params = p;
    req.precision = sizeof(T) == 8 ? Precision::f64 : Precision::f32;
    req.stream = Stream::philox;
    req.record = RecordSet{true, true, true, true, true};
    req.exec = e.config();
    const SimResult whole = simulate(req);
    const std::vector<T>& v = [&]() -> const std::vector<T>& {
      if constexpr (sizeof(T) == 8) {
        return whole.v64;
      } else {
        return whole.v32;
      }
    }();
    const std::int64_t steps = whole.steps;
    Stepper<T> neurons(*e.kernel, p, e.config());
    for (std::int64_t piece : {std::int64_t{1}, std::int64_t{37}, steps - 1 - 38}) {
      neurons.advance_philox(piece);
      const std::int64_t k = neurons.step_index();
      for (std::int64_t j = 0; j < n; ++j) {
        ASSERT_EQ(neurons.v()[j], v[j * steps + k]) << "n=" << n << " j=" << j << " k=" << k;
        ASSERT_EQ(neurons.spiked()[j], whole.raster[j * steps + k]) << "n=" << n << " j=" << j;
      }
    }
    EXPECT_EQ(neurons.spike_counts(), whole.neuron_spikes) << "n=" << n;
  }
};

TEST_P(ContinuationOnEveryIsa, PiecesEqualOneRun) {
  for (std::int64_t n : {1, 17, 1100}) {
    expect_pieces_equal_one_run<double>(n);
    if (GetParam().kernel->caps.f32) expect_pieces_equal_one_run<float>(n);
  }
}

INSTANTIATE_TEST_SUITE_P(Registry, ContinuationOnEveryIsa,
                         ::testing::ValuesIn(continuing_executions()),
                         [](const ::testing::TestParamInfo<Execution>& param_info) {
                           return param_info.param.name();
                         });

}  // namespace
}  // namespace lifbench
