#include "lifbench/outputs.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "lifbench/npy.hpp"
#include "lifbench/params.hpp"

namespace lifbench::cli {

namespace fs = std::filesystem;

namespace {

// A JSON number that round-trips a double; NaN and inf as Python's json writes them.
std::string json_number(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

template <class T>
std::string json_array(const std::vector<T>& xs) {
  std::string s = "[";
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (i) s += ", ";
    if constexpr (std::is_floating_point_v<T>) {
      s += json_number(static_cast<double>(xs[i]));
    } else {
      s += std::to_string(xs[i]);
    }
  }
  return s + "]";
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

// One file to be written: final name and a function producing its bytes on a stream.
struct PendingFile {
  std::string name;
  std::function<bool(std::ostream&)> write;
};

}  // namespace

void check_output_dir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw UsageError("--out: cannot create directory '" + dir + "'" +
                     (ec ? " (" + ec.message() + ")" : ""));
  }
  const fs::path probe = fs::path(dir) / (".lifbench-probe-" + std::to_string(getpid()));
  {
    std::ofstream os(probe);
    if (!os) throw UsageError("--out: directory '" + dir + "' is not writable");
  }
  fs::remove(probe, ec);
}

std::string summary_json(const SimulateOptions& opt, const SimResult& res) {
  const SimRequest& req = opt.request;
  const ModelParams& p = req.params;
  std::ostringstream js;
  js << "{\n";
  js << "  \"lifbench_version\": \"0.1.0\",\n";
  js << "  \"kernel\": " << json_string(req.kernel->name) << ",\n";
  js << "  \"variant\": " << json_string(to_string(req.exec.variant)) << ",\n";
  js << "  \"precision\": " << json_string(to_string(req.precision)) << ",\n";
  js << "  \"rng\": " << json_string(to_string(req.stream)) << ",\n";
  js << "  \"isa\": " << json_string(req.kernel->caps.isas ? to_string(res.isa_used) : "none")
     << ",\n";
  js << "  \"threads\": " << res.threads_used << ",\n";
  js << "  \"parameters\": {";
  for_each_param(p, [&js, sep = ""](const ParamInfo& info, auto value) mutable {
    js << sep << json_string(info.name) << ": ";
    if constexpr (std::is_floating_point_v<decltype(value)>) {
      js << json_number(value);
    } else {
      js << value;
    }
    sep = ", ";
  });
  js << "},\n";
  js << "  \"neurons\": " << res.neurons << ",\n";
  js << "  \"steps\": " << res.steps << ",\n";
  js << "  \"total_spikes\": " << res.total_spikes << ",\n";
  if (req.record.stats) {
    std::vector<double> rate(res.spikes_per_step.size());
    for (std::size_t k = 0; k < rate.size(); ++k) {
      rate[k] =
          static_cast<double>(res.spikes_per_step[k]) / (static_cast<double>(res.neurons) * p.dt);
    }
    js << "  \"spikes_per_step\": " << json_array(res.spikes_per_step) << ",\n";
    js << "  \"mean_v\": " << json_array(res.mean_v) << ",\n";
    js << "  \"rate_hz\": " << json_array(rate) << ",\n";
    js << "  \"histograms\": [";
    for (std::size_t s = 0; s < res.histograms.size(); ++s) {
      const Histogram& h = res.histograms[s];
      js << (s ? ", " : "") << "{\"step\": " << h.step
         << ", \"t\": " << json_number(static_cast<double>(h.step) * p.dt)
         << ", \"lo\": " << json_number(req.histogram.lo)
         << ", \"hi\": " << json_number(req.histogram.hi) << ", \"below\": " << h.below
         << ", \"above\": " << h.above << ", \"counts\": " << json_array(h.counts) << "}";
    }
    js << "],\n";
  }
  js << "  \"wall_seconds\": " << json_number(res.wall_seconds) << "\n";
  js << "}\n";
  return js.str();
}

void write_outputs(const SimulateOptions& opt, const SimResult& res) {
  const SimRequest& req = opt.request;
  const std::int64_t n = res.neurons, steps = res.steps;
  std::vector<PendingFile> files;
  const auto npy_file = [&](const std::string& name, const std::string& descr,
                            const std::vector<std::int64_t>& shape, const void* data,
                            std::size_t bytes) {
    files.push_back(
        {name, [=](std::ostream& os) { return npy::write(os, descr, shape, data, bytes); }});
  };
  const auto cells = static_cast<std::size_t>(n * steps);
  if (req.record.raster) {
    npy_file("raster.npy", npy::descr<std::uint8_t>(), {n, steps}, res.raster.data(), cells);
  }
  if (req.record.v) {
    if (req.precision == Precision::f64) {
      npy_file("v.npy", npy::descr<double>(), {n, steps}, res.v64.data(), cells * 8);
    } else {
      npy_file("v.npy", npy::descr<float>(), {n, steps}, res.v32.data(), cells * 4);
    }
  }
  if (req.record.t_ref) {
    if (req.precision == Precision::f64) {
      npy_file("t_ref.npy", npy::descr<double>(), {n}, res.t_ref64.data(), n * 8);
    } else {
      npy_file("t_ref.npy", npy::descr<float>(), {n}, res.t_ref32.data(), n * 4);
    }
  }
  if (req.record.neuron_spikes) {
    npy_file("spikes.npy", npy::descr<std::int64_t>(), {n}, res.neuron_spikes.data(), n * 8);
  }
  const std::string summary = summary_json(opt, res);
  files.push_back({"summary.json", [&summary](std::ostream& os) {
                     os << summary;
                     return static_cast<bool>(os);
                   }});

  const fs::path dir(opt.out_dir);
  const std::string suffix = ".tmp-" + std::to_string(getpid());
  std::vector<fs::path> written;
  const auto discard = [&] {
    std::error_code ec;
    for (const auto& path : written) fs::remove(path, ec);
  };
  for (const PendingFile& f : files) {
    const fs::path tmp = dir / ("." + f.name + suffix);
    written.push_back(tmp);
    std::ofstream os(tmp, std::ios::binary);
    if (!os || !f.write(os) || !(os.flush())) {
      discard();
      throw std::runtime_error("--out: writing " + tmp.string() + " failed");
    }
  }
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::error_code ec;
    fs::rename(written[i], dir / files[i].name, ec);
    if (ec) {
      discard();
      throw std::runtime_error("--out: renaming into " + (dir / files[i].name).string() +
                               " failed: " + ec.message());
    }
  }
}

}  // namespace lifbench::cli
