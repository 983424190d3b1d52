// lifbench_bench: every registered kernel x precision x stream x ISA x threads x n, timed
// on the kernel alone (stats-only recording, inputs prepared beforehand), each first checked
// bit for bit against the reference; plus the machine's limits and the cost of drawing the
// materialized input. docs/benchmarks.md describes names, counters and flags.
//
// Own flags (everything else goes to Google Benchmark):
//   --lif_plan=quick|default|full   how much of the matrix to measure (default: default)
//   --lif_sizes=1e3,1e5,...         neuron counts (replaces the plan's sizes)
//   --lif_max_materialized=N        largest n with a materialized input (default 1e6)
//   --lif_max_threads=T             thread sweep up to T (default: every core)
// Unless --benchmark_min_time is given, each benchmark runs at least 0.1 s (not 0.5 s).
//   --lif_triad_mib=M               MiB per triad array (default 256)
//   --lif_verify_n=N                neurons of the check against the reference (default 2131)
#include <benchmark/benchmark.h>
#include <omp.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lifbench/ars_lanes.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/simulate.hpp"
#include "lifbench/streams.hpp"
#include "limits.hpp"
#include "plan.hpp"

namespace lifbench::bench {
namespace {

// Settings of this run (from the --lif_* flags).
struct RunSettings {
  PlanOptions plan;
  std::size_t triad_mib = 256;
  std::int64_t verify_n = 2131;
};
RunSettings g_settings;

// The model every benchmark simulates: the notebook's Exercise 5 (defaults), n neurons.
ModelParams bench_params(std::int64_t neurons) {
  ModelParams p;
  p.neurons = neurons;
  return p;
}

std::int64_t bench_steps() {
  const ModelParams p;
  return step_count(p.t_max, p.dt);
}

// ---------------------------------------------------------------------------------------
// Checking each configuration against the reference, once.

// Empty if `c`'s kernel matches the reference bit for bit on a small run of the same
// precision, stream, ISA and threads (all outputs recorded, t_ref drawn with sigma > 0).
std::string check_against_reference(const KernelConfig& c) {
  static std::map<std::string, std::string> cache;
  const std::string key = c.kernel->name + "/" + std::string(to_string(c.precision)) + "/" +
                          std::string(to_string(c.stream)) + "/" + std::string(to_string(c.isa)) +
                          "/" + std::to_string(c.threads);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  auto request = [&](const Kernel* kernel) {
    SimRequest req;
    req.kernel = kernel;
    req.precision = c.precision;
    req.stream = c.stream;
    req.params = bench_params(g_settings.verify_n);
    req.params.t_ref_sigma = 0.007;
    req.record = RecordSet{true, true, true, true, true};
    req.histogram = default_histogram(req.params, bench_steps());
    req.exec.isa = c.isa;
    req.exec.threads = c.threads;
    return req;
  };
  std::string diff;
  try {
    diff = first_difference(simulate(request(&reference_kernel())), simulate(request(c.kernel)));
    if (!diff.empty()) diff = "differs from the reference: " + diff;
  } catch (const std::exception& e) {
    diff = std::string("failed: ") + e.what();
  }
  cache[key] = diff;
  return diff;
}

// ---------------------------------------------------------------------------------------
// Prepared inputs, shared by consecutive benchmarks of the same precision, stream and n.

struct PreparedInputs {
  Precision precision = Precision::f64;
  Stream stream = Stream::philox;
  std::int64_t neurons = -1;
  InputMatrix<double> current64;  // the numpy stream's matrix in the kernels' tiled layout,
  InputMatrix<float> current32;   // as the driver prepares it (kernel.hpp input_offset)
  std::vector<double> t_ref64;
  std::vector<float> t_ref32;
};

// The inputs of (precision, stream, n): the materialized matrix for numpy, t_ref for both.
// Only the latest set is kept (the plan orders benchmarks by input), bounding memory.
const PreparedInputs& prepared_inputs(Precision precision, Stream stream, std::int64_t n) {
  static std::unique_ptr<PreparedInputs> cached;
  if (cached && cached->precision == precision && cached->stream == stream &&
      cached->neurons == n) {
    return *cached;
  }
  cached.reset();  // free the previous matrix before drawing the next
  auto in = std::make_unique<PreparedInputs>();
  in->precision = precision;
  in->stream = stream;
  in->neurons = n;
  const ModelParams p = bench_params(n);
  std::vector<double> t_ref;
  if (stream == Stream::numpy) {
    if (precision == Precision::f64) {
      auto drawn = draw_numpy_inputs<double>(p, bench_steps());
      in->current64 = std::move(drawn.current);
      t_ref = std::move(drawn.t_ref);
    } else {
      auto drawn = draw_numpy_inputs<float>(p, bench_steps());
      in->current32 = std::move(drawn.current);
      t_ref = std::move(drawn.t_ref);
    }
  } else {
    t_ref = counter_refractory(p, stream);
  }
  in->t_ref64.assign(t_ref.begin(), t_ref.end());
  in->t_ref32.assign(t_ref.begin(), t_ref.end());
  cached = std::move(in);
  return *cached;
}

// Bytes a stats-only run moves through memory at least once: the input matrix (numpy),
// t_ref, and the per-chunk statistics it writes.
double bytes_moved(const KernelConfig& c, std::int64_t steps) {
  const double elem = c.precision == Precision::f64 ? 8.0 : 4.0;
  const double n = static_cast<double>(c.neurons);
  double bytes = n * elem + static_cast<double>(chunk_count(c.neurons) * steps) * 16.0;
  if (c.stream == Stream::numpy) bytes += n * static_cast<double>(steps) * elem;
  return bytes;
}

// ---------------------------------------------------------------------------------------
// The benchmarks.

// Times one kernel call over the whole population with stats-only outputs.
template <class T>
void time_kernel(benchmark::State& state, const KernelConfig& c) {
  const std::int64_t steps = bench_steps();
  const PreparedInputs& prepared = prepared_inputs(c.precision, c.stream, c.neurons);
  Inputs<T> in;
  in.neurons = c.neurons;
  in.steps = steps;
  in.c = Constants<T>::from(bench_params(c.neurons));
  in.stream = c.stream;
  in.seed = bench_params(c.neurons).seed;
  if constexpr (sizeof(T) == 8) {
    in.t_ref = prepared.t_ref64.data();
    if (c.stream == Stream::numpy) in.current = prepared.current64.data();
  } else {
    in.t_ref = prepared.t_ref32.data();
    if (c.stream == Stream::numpy) in.current = prepared.current32.data();
  }
  const std::int64_t chunks = chunk_count(c.neurons);
  std::vector<std::int64_t> chunk_spikes(static_cast<std::size_t>(chunks * steps));
  std::vector<double> chunk_vsum(static_cast<std::size_t>(chunks * steps));
  Outputs<T> out;
  out.chunk_spikes = chunk_spikes.data();
  out.chunk_vsum = chunk_vsum.data();
  ExecConfig exec;
  exec.isa = c.isa;
  exec.threads = c.threads;
  RunFn<T> run;
  if constexpr (sizeof(T) == 8) {
    run = c.kernel->run_f64;
  } else {
    run = c.kernel->run_f32;
  }

  for (auto _ : state) {
    std::fill(chunk_spikes.begin(), chunk_spikes.end(), 0);
    std::fill(chunk_vsum.begin(), chunk_vsum.end(), 0.0);
    run(in, out, 0, chunks, exec);
    benchmark::DoNotOptimize(chunk_spikes.data());
    benchmark::DoNotOptimize(chunk_vsum.data());
    benchmark::ClobberMemory();
  }

  std::int64_t spikes = 0;
  for (std::int64_t s : chunk_spikes) spikes += s;
  const double neuron_steps = static_cast<double>(c.neurons) * static_cast<double>(steps);
  state.counters["neuron_steps_per_s"] =
      benchmark::Counter(neuron_steps, benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes_moved(c, steps)) *
                          static_cast<std::int64_t>(state.iterations()));
  state.counters["spikes"] = static_cast<double>(spikes);
  state.counters["neurons"] = static_cast<double>(c.neurons);
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["threads"] = static_cast<double>(c.threads);
  state.counters["bytes_per_run"] = bytes_moved(c, steps);
  state.SetLabel(kernel_label(c));
}

// A kernel benchmark: check against the reference, then time.
void kernel_benchmark(benchmark::State& state, KernelConfig c) {
  const std::string problem = check_against_reference(c);
  if (!problem.empty()) {
    state.SkipWithError(problem.c_str());
    for (auto _ : state) {
    }
    return;
  }
  try {
    if (c.precision == Precision::f64) {
      time_kernel<double>(state, c);
    } else {
      time_kernel<float>(state, c);
    }
  } catch (const std::exception& e) {
    state.SkipWithError((std::string("failed: ") + e.what()).c_str());
  }
}

// Drawing the numpy stream's input matrix (MT19937 res53 + currents), as a materialized
// run must before its kernel starts.
void input_benchmark(benchmark::State& state, InputConfig c) {
  const std::int64_t steps = bench_steps();
  const ModelParams p = bench_params(c.neurons);
  for (auto _ : state) {
    if (c.precision == Precision::f64) {
      auto drawn = draw_numpy_inputs<double>(p, steps);
      benchmark::DoNotOptimize(drawn.current.data());
    } else {
      auto drawn = draw_numpy_inputs<float>(p, steps);
      benchmark::DoNotOptimize(drawn.current.data());
    }
  }
  const double neuron_steps = static_cast<double>(c.neurons) * static_cast<double>(steps);
  state.counters["neuron_steps_per_s"] =
      benchmark::Counter(neuron_steps, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["neurons"] = static_cast<double>(c.neurons);
  state.counters["steps"] = static_cast<double>(steps);
  state.SetLabel("inputs=numpy precision=" + std::string(to_string(c.precision)) +
                 " n=" + std::to_string(c.neurons));
}

// STREAM triad bandwidth with `threads` threads.
void triad_benchmark(benchmark::State& state, int threads) {
  Triad triad(g_settings.triad_mib * 1024 * 1024 / sizeof(double), threads);
  triad.run();  // warm: pages touched, caches in steady state
  for (auto _ : state) {
    triad.run();
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(triad.first());
  state.SetBytesProcessed(static_cast<std::int64_t>(triad.bytes_per_pass()) *
                          static_cast<std::int64_t>(state.iterations()));
  state.counters["threads"] = threads;
  state.SetLabel("limit=triad threads=" + std::to_string(threads));
}

// The Philox floor: the fused kernels' uniforms generated and consumed, nothing else.
void floor_benchmark(benchmark::State& state, FloorConfig c) {
  const std::int64_t steps = bench_steps();
  const std::uint64_t seed = bench_params(c.neurons).seed;
  double sink = 0;
  for (auto _ : state) {
    sink += run_rng_floor(c.precision, c.neurons, steps, seed, c.isa, c.threads);
    benchmark::DoNotOptimize(sink);
  }
  const double neuron_steps = static_cast<double>(c.neurons) * static_cast<double>(steps);
  state.counters["neuron_steps_per_s"] =
      benchmark::Counter(neuron_steps, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["neurons"] = static_cast<double>(c.neurons);
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["threads"] = c.threads;
  state.SetLabel("limit=philox precision=" + std::string(to_string(c.precision)) +
                 " isa=" + std::string(to_string(c.isa)) + " threads=" + std::to_string(c.threads) +
                 " n=" + std::to_string(c.neurons));
}

// The ars stream's floor: its uniforms generated by the SIMD form and summed, one thread.
void ars_floor_benchmark(benchmark::State& state, FloorConfig c) {
  const std::int64_t steps = bench_steps();
  const std::uint64_t seed = bench_params(c.neurons).seed;
  double sink = 0;
  for (auto _ : state) {
    sink += simd_ars_floor(c.isa, c.precision, seed, 0, c.neurons, steps);
    benchmark::DoNotOptimize(sink);
  }
  const double neuron_steps = static_cast<double>(c.neurons) * static_cast<double>(steps);
  state.counters["neuron_steps_per_s"] =
      benchmark::Counter(neuron_steps, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["neurons"] = static_cast<double>(c.neurons);
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["threads"] = c.threads;
  state.SetLabel("limit=ars precision=" + std::string(to_string(c.precision)) + " isa=" +
                 std::string(to_string(c.isa)) + " threads=1 n=" + std::to_string(c.neurons));
}

// Registers every benchmark of the plan.
void register_all(const Plan& plan) {
  for (int t : plan.triad_threads) {
    benchmark::RegisterBenchmark(triad_name(t).c_str(), triad_benchmark, t)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  if (have_rng_floor()) {
    for (const FloorConfig& f : plan.floors) {
      benchmark::RegisterBenchmark(floor_name(f).c_str(), floor_benchmark, f)
          ->UseRealTime()
          ->Unit(benchmark::kMillisecond);
    }
  }
  for (const FloorConfig& f : plan.ars_floors) {
    benchmark::RegisterBenchmark(ars_floor_name(f).c_str(), ars_floor_benchmark, f)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const InputConfig& i : plan.inputs) {
    benchmark::RegisterBenchmark(input_name(i).c_str(), input_benchmark, i)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const KernelConfig& k : plan.kernels) {
    benchmark::RegisterBenchmark(kernel_name(k).c_str(), kernel_benchmark, k)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
}

// Takes `--name=value` out of argv if present; returns whether it was.
bool take_flag(int* argc, char** argv, const char* name, std::string* value) {
  const std::string prefix = std::string("--") + name + "=";
  for (int i = 1; i < *argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0) {
      *value = argv[i] + prefix.size();
      for (int j = i; j + 1 < *argc; ++j) argv[j] = argv[j + 1];
      --*argc;
      return true;
    }
  }
  return false;
}

// Parses a positive number flag value; exits with status 2 on a bad one.
double positive_number(const char* flag, const std::string& value) {
  char* end = nullptr;
  const double x = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(x > 0)) {
    std::fprintf(stderr, "lifbench_bench: --%s must be a positive number, got '%s'\n", flag,
                 value.c_str());
    std::exit(2);
  }
  return x;
}

// Reads the --lif_* flags into g_settings.
void parse_own_flags(int* argc, char** argv) {
  std::string v;
  if (take_flag(argc, argv, "lif_plan", &v)) {
    if (v != "quick" && v != "default" && v != "full") {
      std::fprintf(stderr, "lifbench_bench: --lif_plan must be quick, default or full\n");
      std::exit(2);
    }
    g_settings.plan.plan = v;
  }
  if (take_flag(argc, argv, "lif_sizes", &v) && !parse_sizes(v, &g_settings.plan.sizes)) {
    std::fprintf(stderr, "lifbench_bench: --lif_sizes must be a comma list like 1e3,1e5\n");
    std::exit(2);
  }
  if (take_flag(argc, argv, "lif_max_materialized", &v)) {
    g_settings.plan.max_materialized =
        static_cast<std::int64_t>(positive_number("lif_max_materialized", v));
  }
  if (take_flag(argc, argv, "lif_max_threads", &v)) {
    g_settings.plan.max_threads = static_cast<int>(positive_number("lif_max_threads", v));
  }
  if (take_flag(argc, argv, "lif_triad_mib", &v)) {
    g_settings.triad_mib = static_cast<std::size_t>(positive_number("lif_triad_mib", v));
  }
  if (take_flag(argc, argv, "lif_verify_n", &v)) {
    g_settings.verify_n = static_cast<std::int64_t>(positive_number("lif_verify_n", v));
  }
}

}  // namespace
}  // namespace lifbench::bench

namespace {

// Appends `item` to a comma list (append, not operator+: GCC 12 warns falsely there).
void add(std::string& list, std::string_view item) {
  if (!list.empty()) list.append(",");
  list.append(item);
}

// The registry and the ISA table in the run's context, so the report derives its order, its
// labels and its roles from them rather than from names it knows.
void add_registry_context() {
  std::string kernels, threaded, isas, bits;
  for (const lifbench::Kernel* k : lifbench::registry()) {
    add(kernels, k->name);
    if (k->caps.threads) add(threaded, k->name);
  }
  for (const lifbench::IsaInfo& row : lifbench::isa_table()) {  // best first
    add(isas, row.name);
    add(bits, std::string(row.name).append(":").append(std::to_string(row.register_bits)));
  }
  benchmark::AddCustomContext("lifbench_kernels", kernels);
  benchmark::AddCustomContext("lifbench_threaded_kernels", threaded);
  benchmark::AddCustomContext("lifbench_default_kernel", lifbench::default_kernel().name);
  benchmark::AddCustomContext("lifbench_reference_kernel", lifbench::reference_kernel().name);
  benchmark::AddCustomContext("lifbench_isas", isas);
  benchmark::AddCustomContext("lifbench_isa_bits", bits);
}

// The stream table in the run's context (table order, versions, which streams are counter-
// based, which this CPU runs), so the report lists the streams the way the table does.
void add_stream_context() {
  std::string streams, versions, counter, here;
  for (const lifbench::StreamInfo& row : lifbench::stream_table()) {  // table order
    add(streams, row.name);
    add(versions, std::string(row.name).append(":").append(std::to_string(row.version)));
    if (row.counter_based) add(counter, row.name);
  }
  for (lifbench::Stream s : lifbench::streams_here()) add(here, lifbench::stream_info(s).name);
  benchmark::AddCustomContext("lifbench_streams", streams);
  benchmark::AddCustomContext("lifbench_stream_versions", versions);
  benchmark::AddCustomContext("lifbench_counter_streams", counter);
  benchmark::AddCustomContext("lifbench_streams_here", here);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lifbench::bench;
  parse_own_flags(&argc, argv);
  std::vector<char*> args(argv, argv + argc);
  std::string min_time = "--benchmark_min_time=0.1";
  bool has_min_time = false;
  for (int i = 1; i < argc; ++i) {
    has_min_time |= std::strncmp(argv[i], "--benchmark_min_time", 20) == 0;
  }
  if (!has_min_time) args.insert(args.begin() + 1, min_time.data());
  argc = static_cast<int>(args.size());
  args.push_back(nullptr);
  argv = args.data();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  register_all(build_plan(g_settings.plan));
  benchmark::AddCustomContext("lifbench_plan", g_settings.plan.plan);
  benchmark::AddCustomContext("lifbench_rng_floor", have_rng_floor() ? "yes" : "no");
  benchmark::AddCustomContext("lifbench_best_isa",
                              std::string(lifbench::to_string(lifbench::best_isa())));
  benchmark::AddCustomContext("lifbench_omp_procs", std::to_string(omp_get_num_procs()));
  add_registry_context();
  add_stream_context();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
