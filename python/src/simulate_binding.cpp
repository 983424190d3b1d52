// lifbench._core.simulate: the command line's parser and checks, the driver with the GIL
// released and Ctrl-C honoured, and the results handed to NumPy without copies.
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "kernel_facts.hpp"
#include "lifbench/cli.hpp"
#include "lifbench/outputs.hpp"
#include "lifbench/simulate.hpp"

namespace lifbench::python {

namespace {

// A finished run: the request as parsed and the result, whose statistics stay here (the
// NumPy arrays of spikes per step and mean v are views of them; summary.json is made
// from them on demand). Raster, v, t_ref and per-neuron spikes are moved out to NumPy.
struct Run {
  cli::SimulateOptions opt;
  SimResult res;
};

// Refuses, before allocating, a run that would not fit in memory: the command line's
// check and message. Small runs skip reading /proc/meminfo.
void check_memory(const SimRequest& req) {
  const std::uint64_t need = estimate_bytes(req);
  if (need < (std::uint64_t{64} << 20)) return;
  const std::uint64_t have = cli::available_memory_bytes();
  if (have > 0 && need > have / 10 * 9) {
    throw cli::UsageError("--neurons: the run needs about " + std::to_string(need >> 20) +
                          " MiB but only " + std::to_string(have >> 20) +
                          " MiB are available; record less (--record stats) or fewer neurons");
  }
}

// Chunks per kernel call when the caller chose none: the kernel's preference (a matrix run
// is otherwise one call), capped at about 2^24 neuron-steps per thread, so that the driver
// comes back to check_signals() several times a second (every 20-200 ms with
// the compiled kernels at 1-10 ns per neuron-step).
std::int64_t interruptible_batch(const SimRequest& req) {
  const std::int64_t steps = std::max<std::int64_t>(step_count(req.params.t_max, req.params.dt), 1);
  const std::int64_t threads = std::max(1, req.exec.threads);
  const std::int64_t budget =
      std::max<std::int64_t>(threads, (std::int64_t{1} << 24) * threads / (kChunk * steps));
  const std::int64_t preferred = kernel_facts(*req.kernel).batch_chunks;
  return preferred > 0 ? std::min(preferred, budget) : budget;
}

// The driver's progress callback: runs pending signal handlers (the GIL held briefly); a
// handler that raises (KeyboardInterrupt) ends the run by unwinding through the driver.
void check_signals(std::int64_t /*done*/, std::int64_t /*total*/) {
  py::gil_scoped_acquire gil;
  if (PyErr_CheckSignals() != 0) throw py::error_already_set();
}

// A view of one of the held run's vectors (read-only: the summary is made from them).
template <class T>
py::array held_view(const std::vector<T>& data, const py::object& owner) {
  py::array_t<T> view({static_cast<py::ssize_t>(data.size())}, data.data(), owner);
  py::detail::array_proxy(view.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return view;
}

// The per-neuron and [n, K] arrays a run recorded, moved to NumPy; absent ones are None.
py::dict recorded_arrays(Run& run) {
  SimResult& res = run.res;
  const RecordSet& rec = run.opt.request.record;
  const py::ssize_t n = res.local_neurons, steps = res.steps;
  const bool f64 = run.opt.request.precision == Precision::f64;
  py::dict arrays;
  arrays["raster"] = rec.raster ? py::object(adopt(std::move(res.raster), {n, steps})) : py::none();
  arrays["v"] = !rec.v ? py::object(py::none())
                : f64  ? py::object(adopt(std::move(res.v64), {n, steps}))
                       : py::object(adopt(std::move(res.v32), {n, steps}));
  arrays["t_ref"] = !rec.t_ref ? py::object(py::none())
                    : f64      ? py::object(adopt(std::move(res.t_ref64), {n}))
                               : py::object(adopt(std::move(res.t_ref32), {n}));
  arrays["spikes"] =
      rec.neuron_spikes ? py::object(adopt(std::move(res.neuron_spikes), {n})) : py::none();
  return arrays;
}

// Runs the command line's checks on `args` (the flags), simulating nothing.
void check_args(std::vector<std::string> args) {
  args.emplace_back("--out=.");
  cli::parse_simulate(args);
}

// Parses `args` (the command line's flags) and runs the simulation.
// Returns (run, arrays, facts) where facts holds the scalars a result shows at once.
py::tuple simulate_args(std::vector<std::string> args) {
  args.emplace_back("--out=.");  // required by the parser, never touched
  auto run = std::make_unique<Run>();
  run->opt = cli::parse_simulate(args);
  SimRequest& req = run->opt.request;
  check_memory(req);
  if (req.batch_chunks <= 0) req.batch_chunks = interruptible_batch(req);
  req.progress = check_signals;
  {
    py::gil_scoped_release release;
    run->res = simulate(req);
  }
  req.progress = nullptr;
  Run& held = *run;
  py::object owner = py::cast(std::move(run));
  py::dict facts;
  facts["neurons"] = held.res.neurons;
  facts["steps"] = held.res.steps;
  facts["dt"] = req.params.dt;
  facts["total_spikes"] = held.res.total_spikes;
  facts["wall_seconds"] = held.res.wall_seconds;
  facts["stats"] = req.record.stats;
  if (req.record.stats) {
    facts["spikes_per_step"] = held_view(held.res.spikes_per_step, owner);
    facts["mean_v"] = held_view(held.res.mean_v, owner);
  }
  return py::make_tuple(owner, recorded_arrays(held), facts);
}

// The run's histograms: step, time, bin range, counts, and the voltages outside the range.
py::list histograms(const Run& run) {
  const HistogramSpec& spec = run.opt.request.histogram;
  py::list out;
  for (const Histogram& h : run.res.histograms) {
    py::dict d;
    d["step"] = h.step;
    d["t"] = static_cast<double>(h.step) * run.opt.request.params.dt;
    d["lo"] = spec.lo;
    d["hi"] = spec.hi;
    d["counts"] =
        py::array_t<std::int64_t>(static_cast<py::ssize_t>(h.counts.size()), h.counts.data());
    d["below"] = h.below;
    d["above"] = h.above;
    out.append(d);
  }
  return out;
}

}  // namespace

void bind_simulate(py::module_& m) {
  py::class_<Run>(m, "Run", "A finished run (held by lifbench.Simulation).")
      .def("summary_json", [](const Run& run) { return cli::summary_json(run.opt, run.res); })
      .def("histograms", &histograms);
  m.def("check", &check_args, py::arg("args"),
        "Raises UsageError if `lifbench simulate ARGS` would reject ARGS.");
  m.def("simulate", &simulate_args, py::arg("args"),
        "Runs `lifbench simulate ARGS` in memory: (run, arrays, facts).");
}

}  // namespace lifbench::python
