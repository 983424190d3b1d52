#include "lifbench/outputs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <type_traits>
#include <vector>

#include "lifbench/interrupt.hpp"
#include "lifbench/npy.hpp"
#include "lifbench/params.hpp"
#include "lifbench/sha256.hpp"
#include "lifbench/streams.hpp"

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

// The "parameters" object of summary.json (the model of SPEC 1, neurons and seed).
std::string parameters_json(const ModelParams& p) {
  std::ostringstream js;
  js << "{";
  for_each_param(p, [&js, sep = ""](const ParamInfo& info, auto value) mutable {
    js << sep << json_string(info.name) << ": ";
    if constexpr (std::is_floating_point_v<decltype(value)>) {
      js << json_number(value);
    } else {
      js << value;
    }
    sep = ", ";
  });
  js << "}";
  return js.str();
}

// Bytes written and hashed between two polls for a signal.
constexpr std::size_t kPiece = std::size_t{4} << 20;

// Writes the concatenation of `parts` to `dir`/`name` in pieces of kPiece bytes, hashing
// them and polling for signals in between. Throws std::runtime_error naming `shown`.
OutputFile write_file(const fs::path& dir, const std::string& name,
                      std::initializer_list<std::string_view> parts, const fs::path& shown) {
  const fs::path path = dir / name;
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  const auto fail = [&](int error) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error(std::string("--out: writing '") + shown.string() +
                             "' failed: " + std::strerror(error));
  };
  if (fd < 0) fail(errno);
  OutputFile file{name, 0, {}};
  Sha256 sha;
  for (std::string_view part : parts) {
    while (!part.empty()) {
      interrupt::poll();
      const std::size_t size = std::min(part.size(), kPiece);
      const ssize_t done = ::write(fd, part.data(), size);
      if (done < 0 && errno == EINTR) continue;  // a signal: polled above
      if (done <= 0) fail(done < 0 ? errno : EIO);
      sha.update(part.data(), static_cast<std::size_t>(done));
      file.bytes += static_cast<std::uint64_t>(done);
      part.remove_prefix(static_cast<std::size_t>(done));
    }
  }
  if (::close(fd) != 0) {
    const int error = errno;
    throw std::runtime_error(std::string("--out: writing '") + shown.string() +
                             "' failed: " + std::strerror(error));
  }
  file.sha256 = sha.hex();
  return file;
}

// The bytes of a vector as a string_view.
template <class T>
std::string_view bytes_of(const std::vector<T>& values) {
  return {reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T)};
}

}  // namespace

std::string summary_json(const SimulateOptions& opt, const SimResult& res,
                         const std::vector<OutputFile>& files) {
  const SimRequest& req = opt.request;
  const ModelParams& p = req.params;
  std::ostringstream js;
  js << "{\n";
  js << "  \"lifbench_version\": \"0.1.0\",\n";
  js << file_list_json(files) << ",\n";
  js << "  \"kernel\": " << json_string(req.kernel->name) << ",\n";
  js << "  \"variant\": " << json_string(to_string(req.exec.variant)) << ",\n";
  js << "  \"precision\": " << json_string(to_string(req.precision)) << ",\n";
  js << "  \"rng\": " << json_string(to_string(req.stream)) << ",\n";
  js << "  \"rng_version\": " << stream_info(req.stream).version << ",\n";
  js << "  \"isa\": " << json_string(req.kernel->caps.isas ? to_string(res.isa_used) : "none")
     << ",\n";
  js << "  \"threads\": " << res.threads_used << ",\n";
  js << "  \"parameters\": " << parameters_json(p) << ",\n";
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

void write_outputs(const SimulateOptions& opt, const SimResult& res, OutputDir& dir) {
  const SimRequest& req = opt.request;
  const std::int64_t n = res.neurons, steps = res.steps;
  const bool f64 = req.precision == Precision::f64;
  const fs::path& stage = dir.staging();
  std::vector<OutputFile> files;
  const auto npy_file = [&](const std::string& name, const char* descr,
                            const std::vector<std::int64_t>& shape, std::string_view data) {
    const std::string header = npy::header(descr, shape);
    files.push_back(write_file(stage, name, {header, data}, dir.path() / name));
  };
  if (req.record.raster) {
    npy_file("raster.npy", npy::descr<std::uint8_t>(), {n, steps}, bytes_of(res.raster));
  }
  if (req.record.v) {
    npy_file("v.npy", f64 ? npy::descr<double>() : npy::descr<float>(), {n, steps},
             f64 ? bytes_of(res.v64) : bytes_of(res.v32));
  }
  if (req.record.t_ref) {
    npy_file("t_ref.npy", f64 ? npy::descr<double>() : npy::descr<float>(), {n},
             f64 ? bytes_of(res.t_ref64) : bytes_of(res.t_ref32));
  }
  if (req.record.neuron_spikes) {
    npy_file("spikes.npy", npy::descr<std::int64_t>(), {n}, bytes_of(res.neuron_spikes));
  }
  const std::string summary = summary_json(opt, res, files);
  std::vector<std::string> names;
  names.reserve(files.size() + 1);
  for (const OutputFile& f : files) names.push_back(f.name);
  write_file(stage, "summary.json", {summary}, dir.path() / "summary.json");
  names.emplace_back("summary.json");
  dir.commit(names);
}

}  // namespace lifbench::cli
