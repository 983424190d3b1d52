// The driver: one call runs a whole simulation with any registered kernel.
//
// It draws the refractory periods and (numpy stream) materializes the input matrix,
// splits the population into chunks, calls the kernel (in batches when only statistics
// are recorded, so memory stays O(K + batch)), and combines the per-chunk statistics in
// chunk order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"

namespace lifbench {

// What to keep from a run (SPEC 4, --record).
struct RecordSet {
  bool raster = true;
  bool v = false;
  bool t_ref = true;
  bool stats = true;
  bool neuron_spikes = false;  // per-neuron spike counts
};

// Membrane-potential histograms at chosen steps (Exercise 1), fixed bin edges.
struct HistogramSpec {
  std::vector<std::int64_t> steps;  // empty: none
  int bins = 50;
  double lo = 0.0;
  double hi = 0.0;
};

// Default histogram: steps int(K / 10) and K - 1 (Exercise 1), 50 bins over
// [vr - (vth - vr) / 2, vth] when vth is finite, else [el - 0.05, el + 0.10].
HistogramSpec default_histogram(const ModelParams& p, std::int64_t steps);

// This process's share of the population when MPI ranks split it (whole super-chunks).
struct Partition {
  int rank = 0;
  int ranks = 1;
};

struct SimRequest {
  ModelParams params;
  Precision precision = Precision::f64;
  Stream stream = Stream::numpy;
  const Kernel* kernel = nullptr;
  ExecConfig exec;
  RecordSet record;
  HistogramSpec histogram;
  // Chunks per kernel call when streaming (0: the kernel's preference, or everything).
  std::int64_t batch_chunks = 0;
  // With ranks > 1 only this rank's super-chunks run; see SimResult::super_vsum.
  Partition partition;
  // Called after each batch with (neurons done, neurons total); may be empty.
  std::function<void(std::int64_t, std::int64_t)> progress;
};

struct Histogram {
  std::int64_t step = 0;
  std::vector<std::int64_t> counts;  // bins
  std::int64_t below = 0;            // v < lo
  std::int64_t above = 0;            // v >= hi
};

// Per-neuron arrays hold neurons [first_neuron, first_neuron + local_neurons): the whole
// population unless a Partition split it.
struct SimResult {
  std::int64_t neurons = 0;
  std::int64_t first_neuron = 0;
  std::int64_t local_neurons = 0;
  std::int64_t steps = 0;
  Isa isa_used = Isa::automatic;  // what the kernel ran on (automatic: no SIMD)
  int threads_used = 1;
  std::vector<std::uint8_t> raster;           // [n*K] if recorded
  std::vector<double> v64;                    // [n*K] if recorded, f64
  std::vector<float> v32;                     // [n*K] if recorded, f32
  std::vector<double> t_ref64;                // [n] if recorded, f64
  std::vector<float> t_ref32;                 // [n] if recorded, f32
  std::vector<std::int64_t> neuron_spikes;    // [n] if recorded
  std::vector<std::int64_t> spikes_per_step;  // [K]
  std::vector<double> mean_v;                 // [K] canonical sum / n (NaN if n == 0)
  std::vector<double> super_vsum;             // [supers*K] this process's super-chunk voltage sums
  std::vector<Histogram> histograms;
  std::int64_t total_spikes = 0;
  double wall_seconds = 0.0;
};

// The super-chunks [begin, end) a partition gives to its rank (contiguous, in rank order).
std::pair<std::int64_t, std::int64_t> partition_supers(std::int64_t n, const Partition& part);

// mean_v from all super-chunk sums in super-chunk order (the canonical order's last level).
void fold_super_sums(SimResult& res, const std::vector<double>& super_vsum);

// Bytes the run would allocate at its peak, to refuse before allocating.
std::uint64_t estimate_bytes(const SimRequest& req);

// Empty if a and b are bit-identical in everything both recorded (raster, v, t_ref,
// per-neuron spikes, per-step spikes, mean v, histograms); else the first difference.
std::string first_difference(const SimResult& a, const SimResult& b);

// Runs the simulation. Throws InvalidInput (params.hpp) on a request validate() refuses,
// std::invalid_argument on one the kernel can't run.
SimResult simulate(const SimRequest& req);

// The numpy stream's inputs, drawn as the notebook draws them: the uniforms u[n, K] row by
// row (u[j, k] is draw j * K + k, turned into the current I[j, k] in precision T), then, if
// t_ref_sigma > 0, the normals. The currents are stored in the kernels' tiled layout
// (kernel.hpp input_offset); row_major() gives the notebook's [n, K] matrix.
template <class T>
struct NumpyInputs {
  std::int64_t neurons = 0, steps = 0;
  InputMatrix<T> current;     // I[j, k] at input_offset(j, k, steps)
  std::vector<double> t_ref;  // [n], double, negatives set to 0

  T at(std::int64_t j, std::int64_t k) const { return current[input_offset(j, k, steps)]; }
  // I as the notebook's row-major [n, K] matrix.
  std::vector<T> row_major() const {
    std::vector<T> rows(static_cast<std::size_t>(neurons * steps));
    for (std::int64_t j = 0; j < neurons; ++j) {
      for (std::int64_t k = 0; k < steps; ++k) rows[j * steps + k] = at(j, k);
    }
    return rows;
  }
};
template <class T>
NumpyInputs<T> draw_numpy_inputs(const ModelParams& p, std::int64_t steps);

// Refractory periods of a counter-based stream in double (negatives set to 0), for neurons
// [first, first + count); by default the whole population.
std::vector<double> counter_refractory(const ModelParams& p, Stream stream, std::int64_t first = 0,
                                       std::int64_t count = -1);

}  // namespace lifbench
