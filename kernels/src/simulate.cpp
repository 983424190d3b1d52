#include "lifbench/simulate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>

#include "lifbench/numpy_random.hpp"
#include "lifbench/params.hpp"
#include "lifbench/streams.hpp"

namespace lifbench {

HistogramSpec default_histogram(const ModelParams& p, std::int64_t steps) {
  HistogramSpec h;
  if (steps > 0) h.steps = {steps / 10, steps - 1};
  if (h.steps.size() == 2 && h.steps[0] == h.steps[1]) h.steps.pop_back();
  if (std::isfinite(p.vth)) {
    h.lo = p.vr - (p.vth - p.vr) / 2;
    h.hi = p.vth;
  } else {
    h.lo = p.el - 0.05;
    h.hi = p.el + 0.10;
  }
  return h;
}

// t_ref = mu + sigma * z, then negative values become 0 (SPEC 1).
static double refractory_from_normal(const ModelParams& p, double z) {
  const double t_ref = p.t_ref_mu + p.t_ref_sigma * z;
  return t_ref < 0 ? 0.0 : t_ref;
}

template <class T>
NumpyInputs<T> draw_numpy_inputs(const ModelParams& p, std::int64_t steps) {
  NumpyInputs<T> in;
  const std::int64_t n = p.neurons;
  const Constants<T> c = Constants<T>::from(p);
  NumpyRandom rng(static_cast<std::uint32_t>(p.seed));
  in.neurons = n;
  in.steps = steps;
  in.current.resize(static_cast<std::size_t>(input_elements(n, steps)));
  // i = i_mean * (1 + noise * (2 * np.random.random([n, step_end]) - 1)), drawn row by row,
  // stored tile by tile: row j's steps go to its lane of its tile.
  for (std::int64_t j = 0; j < n; ++j) {
    T* lane = in.current.data() + input_offset(j, 0, steps);
    for (std::int64_t k = 0; k < steps; ++k) {
      lane[k * kInputTile] = input_current(static_cast<T>(rng.random()), c);
    }
  }
  // t_ref = mu + sigma * np.random.normal(size=n), only when sigma > 0.
  in.t_ref.assign(static_cast<std::size_t>(n), p.t_ref_mu);
  if (p.t_ref_sigma > 0) {
    for (std::int64_t j = 0; j < n; ++j) in.t_ref[j] = refractory_from_normal(p, rng.normal());
  }
  return in;
}
template NumpyInputs<double> draw_numpy_inputs(const ModelParams&, std::int64_t);
template NumpyInputs<float> draw_numpy_inputs(const ModelParams&, std::int64_t);

std::vector<double> counter_refractory(const ModelParams& p, Stream stream, std::int64_t first,
                                       std::int64_t count) {
  if (count < 0) count = p.neurons - first;
  std::vector<double> t_ref(static_cast<std::size_t>(count), p.t_ref_mu);
  if (p.t_ref_sigma > 0) {
#pragma omp parallel for schedule(static) if (count > 100000)
    for (std::int64_t j = 0; j < count; ++j) {
      const auto neuron = static_cast<std::uint64_t>(first + j);
      t_ref[j] = refractory_from_normal(p, stream_normal(stream, p.seed, neuron));
    }
  }
  return t_ref;
}

namespace {

std::int64_t element_size(Precision p) { return p == Precision::f64 ? 8 : 4; }

// Whether the run keeps anything O(n*K) (then it runs as one batch).
bool records_matrices(const SimRequest& req) { return req.record.raster || req.record.v; }

// Whether per-neuron inputs are made batch by batch (memory O(batch), not O(n)): the
// philox stream when neither t_ref nor per-neuron outputs are kept.
bool streams_neurons(const SimRequest& req) {
  return counter_based(req.stream) && !records_matrices(req) && !req.record.t_ref &&
         !req.record.neuron_spikes;
}

// Chunks per kernel call.
std::int64_t batch_chunks_for(const SimRequest& req, std::int64_t chunks) {
  std::int64_t b = req.batch_chunks;
  if (b <= 0) b = records_matrices(req) ? chunks : req.kernel->preferred_batch_chunks;
  if (b <= 0 || b > chunks) b = chunks;
  return std::max<std::int64_t>(b, 1);
}

// Adds one voltage to its histogram bin (fixed edges; order-free, so deterministic).
void bin_voltage(Histogram& h, const HistogramSpec& spec, double v) {
  if (v < spec.lo) {
    ++h.below;
  } else if (!(v < spec.hi)) {
    ++h.above;
  } else {
    auto bin = static_cast<std::int64_t>((v - spec.lo) / (spec.hi - spec.lo) * spec.bins);
    bin = std::clamp<std::int64_t>(bin, 0, spec.bins - 1);
    ++h.counts[bin];
  }
}

// Bins one snapshot of `count` voltages, on `threads` threads (integer counts: exact in
// any order, so the threads merge their partial histograms in whatever order they finish).
template <class T>
void bin_snapshot(Histogram& h, const HistogramSpec& spec, const T* voltages, std::int64_t count,
                  int threads) {
  if (threads <= 1 || count < 65536) {
    for (std::int64_t j = 0; j < count; ++j) bin_voltage(h, spec, static_cast<double>(voltages[j]));
    return;
  }
#pragma omp parallel num_threads(threads)
  {
    Histogram part{h.step, std::vector<std::int64_t>(h.counts.size()), 0, 0};
#pragma omp for schedule(static)
    for (std::int64_t j = 0; j < count; ++j) {
      bin_voltage(part, spec, static_cast<double>(voltages[j]));
    }
#pragma omp critical
    {
      for (std::size_t b = 0; b < h.counts.size(); ++b) h.counts[b] += part.counts[b];
      h.below += part.below;
      h.above += part.above;
    }
  }
}

// This process's neurons: whole super-chunks (all of them unless an MPI partition splits
// the population), as chunk and neuron ranges.
struct LocalRange {
  std::int64_t super_begin, super_end, chunk_begin, chunk_end, first, neurons;
};
LocalRange local_range(const SimRequest& req) {
  const std::int64_t n = req.params.neurons;
  const std::int64_t chunks = chunk_count(n);
  const auto [super_begin, super_end] = partition_supers(n, req.partition);
  LocalRange r{super_begin,
               super_end,
               std::min(chunks, super_begin * kSuperChunk),
               std::min(chunks, super_end * kSuperChunk),
               0,
               0};
  r.first = chunk_first(r.chunk_begin);
  r.neurons = r.chunk_end > r.chunk_begin ? chunk_end_neuron(r.chunk_end - 1, n) - r.first : 0;
  return r;
}

// The kernel's inputs of a run and the arrays they point into.
template <class T>
struct PreparedInputs {
  Inputs<T> in;
  InputMatrix<T> current;       // numpy stream: the whole matrix, tiled
  std::vector<double> t_ref64;  // the range's refractory periods (unless streamed)
  std::vector<T> t_ref;         // the same in T
};

// Draws the range's inputs: the numpy matrix and periods, or the philox periods (left to the
// batches when they are streamed).
template <class T>
void prepare_inputs(const SimRequest& req, const LocalRange& range, std::int64_t steps,
                    PreparedInputs<T>& prep) {
  const ModelParams& p = req.params;
  Inputs<T>& in = prep.in;
  in.neurons = p.neurons;
  in.steps = steps;
  in.c = Constants<T>::from(p);
  in.stream = req.stream;
  in.seed = p.seed;
  in.base_neuron = range.first;
  if (req.stream == Stream::numpy) {
    // Sequential by nature: every process draws the whole stream and keeps its rows.
    NumpyInputs<T> drawn = draw_numpy_inputs<T>(p, steps);
    prep.current = std::move(drawn.current);
    prep.t_ref64.assign(drawn.t_ref.begin() + range.first,
                        drawn.t_ref.begin() + range.first + range.neurons);
    in.current = prep.current.data() + input_offset(range.first, 0, steps);  // a whole tile
  } else if (!streams_neurons(req)) {
    prep.t_ref64 = counter_refractory(p, req.stream, range.first, range.neurons);
  }
  prep.t_ref.assign(prep.t_ref64.begin(), prep.t_ref64.end());
  in.t_ref = prep.t_ref.data();
}

// The per-batch buffers the kernel records into besides the result's own arrays.
template <class T>
struct BatchBuffers {
  std::vector<std::int64_t> chunk_spikes;
  std::vector<double> chunk_vsum;
  std::vector<std::int32_t> snapshot_slot;
  std::vector<T> snapshots;
  std::vector<T> v;
};

// Points the outputs at the result's arrays and the batch buffers; sets up the histograms.
template <class T>
Outputs<T> prepare_outputs(const SimRequest& req, std::int64_t cells, std::int64_t neurons,
                           std::int64_t steps, std::int64_t batch, SimResult& res,
                           BatchBuffers<T>& buf) {
  Outputs<T> out;
  if (req.record.raster) {
    res.raster.assign(static_cast<std::size_t>(cells), 0);
    out.raster = res.raster.data();
  }
  if (req.record.v) {
    buf.v.resize(static_cast<std::size_t>(cells));
    out.v = buf.v.data();
  }
  if (req.record.neuron_spikes) {
    res.neuron_spikes.assign(static_cast<std::size_t>(neurons), 0);
    out.neuron_spikes = res.neuron_spikes.data();
  }
  const HistogramSpec& hspec = req.histogram;
  buf.snapshot_slot.assign(static_cast<std::size_t>(steps), -1);
  for (std::size_t s = 0; s < hspec.steps.size(); ++s) {
    res.histograms.push_back(Histogram{
        hspec.steps[s], std::vector<std::int64_t>(static_cast<std::size_t>(hspec.bins)), 0, 0});
    buf.snapshot_slot[hspec.steps[s]] = static_cast<std::int32_t>(s);
  }
  buf.chunk_spikes.resize(static_cast<std::size_t>(batch * steps));
  buf.chunk_vsum.resize(static_cast<std::size_t>(batch * steps));
  buf.snapshots.resize(hspec.steps.size() * static_cast<std::size_t>(batch * kChunk));
  out.chunk_spikes = buf.chunk_spikes.data();
  out.chunk_vsum = buf.chunk_vsum.data();
  if (!hspec.steps.empty()) {
    out.snapshot_slot = buf.snapshot_slot.data();
    out.snapshots = buf.snapshots.data();
    out.snapshot_stride = batch * kChunk;
  }
  return out;
}

// Folds one batch's chunk statistics into the super-chunk sums (chunk order, the canonical
// order) and the per-step spike counts, and bins its snapshots.
template <class T>
void fold_batch(const SimRequest& req, const LocalRange& range, std::int64_t first,
                std::int64_t last, std::int64_t batch, const BatchBuffers<T>& buf, int threads,
                SimResult& res) {
  const std::int64_t steps = res.steps;
  for (std::int64_t c = first; c < last; ++c) {
    double* super_sum = res.super_vsum.data() + (c / kSuperChunk - range.super_begin) * steps;
    for (std::int64_t k = 0; k < steps; ++k) {
      super_sum[k] = super_sum[k] + buf.chunk_vsum[(c - first) * steps + k];
      res.spikes_per_step[k] += buf.chunk_spikes[(c - first) * steps + k];
    }
  }
  const std::int64_t n = req.params.neurons;
  const std::int64_t batch_neurons = chunk_end_neuron(last - 1, n) - chunk_first(first);
  for (std::size_t s = 0; s < res.histograms.size(); ++s) {
    bin_snapshot(res.histograms[s], req.histogram, buf.snapshots.data() + s * batch * kChunk,
                 batch_neurons, threads);
  }
}

// Runs the range batch by batch: per-batch philox periods when streaming, the kernel call,
// the fold of its statistics, the progress callback.
template <class T>
void run_batches(const SimRequest& req, const ExecConfig& exec, const LocalRange& range,
                 std::int64_t batch, PreparedInputs<T>& prep, const Outputs<T>& out,
                 BatchBuffers<T>& buf, SimResult& res) {
  const std::int64_t n = req.params.neurons;
  Inputs<T>& in = prep.in;
  for (std::int64_t first = range.chunk_begin; first < range.chunk_end; first += batch) {
    const std::int64_t last = std::min(range.chunk_end, first + batch);
    if (streams_neurons(req)) {  // this batch's refractory periods; arrays start at its first
      in.base_neuron = chunk_first(first);
      const std::vector<double> batch_t_ref = counter_refractory(
          req.params, req.stream, in.base_neuron, chunk_end_neuron(last - 1, n) - in.base_neuron);
      prep.t_ref.assign(batch_t_ref.begin(), batch_t_ref.end());
      in.t_ref = prep.t_ref.data();
    }
    std::fill(buf.chunk_spikes.begin(), buf.chunk_spikes.end(), 0);
    std::fill(buf.chunk_vsum.begin(), buf.chunk_vsum.end(), 0.0);
    if constexpr (sizeof(T) == 8) {
      req.kernel->run_f64(in, out, first, last, exec);
    } else {
      req.kernel->run_f32(in, out, first, last, exec);
    }
    fold_batch(req, range, first, last, batch, buf, exec.threads, res);
    if (req.progress) req.progress(chunk_end_neuron(last - 1, n) - range.first, range.neurons);
  }
}

// The whole run in precision T.
template <class T>
SimResult simulate_typed(const SimRequest& req) {
  const auto start = std::chrono::steady_clock::now();
  const Kernel& kernel = *req.kernel;
  SimResult res;
  res.neurons = req.params.neurons;
  res.steps = step_count(req.params.t_max, req.params.dt);
  res.isa_used = kernel.caps.isas ? isa_for_stream(req.exec.isa, req.stream) : Isa::automatic;
  res.threads_used = kernel.caps.threads ? std::max(1, req.exec.threads) : 1;
  ExecConfig exec = req.exec;
  exec.isa = res.isa_used;
  exec.threads = res.threads_used;

  const LocalRange range = local_range(req);
  res.first_neuron = range.first;
  res.local_neurons = range.neurons;
  PreparedInputs<T> prep;
  prepare_inputs(req, range, res.steps, prep);
  const std::int64_t batch =
      batch_chunks_for(req, std::max<std::int64_t>(range.chunk_end - range.chunk_begin, 1));
  BatchBuffers<T> buf;
  const Outputs<T> out =
      prepare_outputs(req, range.neurons * res.steps, range.neurons, res.steps, batch, res, buf);
  res.spikes_per_step.assign(static_cast<std::size_t>(res.steps), 0);
  res.super_vsum.assign(static_cast<std::size_t>((range.super_end - range.super_begin) * res.steps),
                        0.0);
  run_batches(req, exec, range, batch, prep, out, buf, res);
  for (std::int64_t count : res.spikes_per_step) res.total_spikes += count;
  if (req.partition.ranks <= 1) fold_super_sums(res, res.super_vsum);

  if constexpr (sizeof(T) == 8) {
    res.v64 = std::move(buf.v);
    if (req.record.t_ref) res.t_ref64 = std::move(prep.t_ref64);
  } else {
    res.v32 = std::move(buf.v);
    if (req.record.t_ref) res.t_ref32 = std::move(prep.t_ref);
  }
  res.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return res;
}

}  // namespace

std::pair<std::int64_t, std::int64_t> partition_supers(std::int64_t n, const Partition& part) {
  const std::int64_t supers = (chunk_count(n) + kSuperChunk - 1) / kSuperChunk;
  const std::int64_t ranks = std::max(1, part.ranks);
  return {supers * part.rank / ranks, supers * (part.rank + 1) / ranks};
}

void fold_super_sums(SimResult& res, const std::vector<double>& super_vsum) {
  const std::int64_t steps = res.steps;
  const auto supers =
      static_cast<std::int64_t>(super_vsum.size()) / std::max<std::int64_t>(steps, 1);
  res.mean_v.assign(static_cast<std::size_t>(steps), 0.0);
  for (std::int64_t k = 0; k < steps; ++k) {
    double total = 0.0;
    for (std::int64_t s = 0; s < supers; ++s) total = total + super_vsum[s * steps + k];
    res.mean_v[k] = res.neurons > 0 ? total / static_cast<double>(res.neurons)
                                    : std::numeric_limits<double>::quiet_NaN();
  }
}

std::uint64_t estimate_bytes(const SimRequest& req) {
  const ModelParams& p = req.params;
  const double n = static_cast<double>(std::max<std::int64_t>(p.neurons, 0));
  const double steps = static_cast<double>(step_count(p.t_max, p.dt));
  const double elem = static_cast<double>(element_size(req.precision));
  double bytes = n * (req.record.neuron_spikes ? 8 : 0);  // per-neuron counts
  if (req.stream == Stream::numpy) {                      // input matrix, whole tiles
    bytes += std::ceil(n / kInputTile) * kInputTile * steps * elem;
  }
  if (req.record.raster) bytes += n * steps;
  if (req.record.v) bytes += n * steps * elem;
  double batch_neurons = n;
  if (req.kernel && !records_matrices(req)) {
    const double chunks = std::ceil(n / kChunk);
    double b = static_cast<double>(req.batch_chunks > 0 ? req.batch_chunks
                                                        : req.kernel->preferred_batch_chunks);
    if (b <= 0 || b > chunks) b = chunks;
    batch_neurons = std::min(n, b * kChunk);
  }
  bytes += (streams_neurons(req) ? batch_neurons : n) * (8 + elem);  // t_ref
  bytes += (batch_neurons / kChunk + 1) * steps * 16;                // chunk statistics
  bytes += batch_neurons * elem * static_cast<double>(req.histogram.steps.size());
  if (req.kernel && req.kernel->caps.whole_matrices)
    bytes += batch_neurons * steps * (2 * elem + 1);
  bytes += steps * 32;
  return bytes >= 1.8e19 ? std::numeric_limits<std::uint64_t>::max()
                         : static_cast<std::uint64_t>(bytes);
}

namespace {

// Bitwise comparison of two recorded arrays; empty if equal or either is absent.
template <class T>
std::string array_difference(const char* what, const std::vector<T>& a, const std::vector<T>& b) {
  if (a.empty() || b.empty()) return {};
  if (a.size() != b.size()) {
    return std::string(what) + ": sizes " + std::to_string(a.size()) + " vs " +
           std::to_string(b.size());
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    // Bitwise on purpose: a bit-identical claim must see signed zeros and NaN payloads.
    // NOLINTNEXTLINE(bugprone-suspicious-memory-comparison)
    if (std::memcmp(&a[i], &b[i], sizeof(T)) != 0) {
      return std::string(what) + "[" + std::to_string(i) +
             "] differs: " + std::to_string(static_cast<double>(a[i])) + " vs " +
             std::to_string(static_cast<double>(b[i]));
    }
  }
  return {};
}

}  // namespace

std::string first_difference(const SimResult& a, const SimResult& b) {
  if (a.neurons != b.neurons || a.steps != b.steps) return "shapes differ";
  for (std::string d :
       {array_difference("raster", a.raster, b.raster), array_difference("v", a.v64, b.v64),
        array_difference("v", a.v32, b.v32), array_difference("t_ref", a.t_ref64, b.t_ref64),
        array_difference("t_ref", a.t_ref32, b.t_ref32),
        array_difference("neuron_spikes", a.neuron_spikes, b.neuron_spikes),
        array_difference("spikes_per_step", a.spikes_per_step, b.spikes_per_step),
        array_difference("mean_v", a.mean_v, b.mean_v)}) {
    if (!d.empty()) return d;
  }
  if (a.total_spikes != b.total_spikes) return "total_spikes differs";
  if (a.histograms.size() != b.histograms.size()) return "histogram count differs";
  for (std::size_t s = 0; s < a.histograms.size(); ++s) {
    const Histogram &ha = a.histograms[s], &hb = b.histograms[s];
    if (ha.step != hb.step || ha.counts != hb.counts || ha.below != hb.below ||
        ha.above != hb.above) {
      return "histogram at step " + std::to_string(ha.step) + " differs";
    }
  }
  return {};
}

SimResult simulate(const SimRequest& req) {
  validate(req);
  if (req.kernel == nullptr) throw std::invalid_argument("no kernel given");
  if (req.precision == Precision::f32 && !req.kernel->caps.f32) {
    throw std::invalid_argument("kernel " + req.kernel->name + " has no f32 form");
  }
  return req.precision == Precision::f64 ? simulate_typed<double>(req) : simulate_typed<float>(req);
}

}  // namespace lifbench
