// Writing a run's files into DIR atomically: every file goes to a temporary name first and
// is renamed only when all of them are complete; on failure the temporaries are removed.
#pragma once

#include <string>

#include "lifbench/cli.hpp"

namespace lifbench::cli {

// Throws UsageError("--out: ...") if DIR can't be created or written.
void check_output_dir(const std::string& dir);

// The summary.json text of a run.
std::string summary_json(const SimulateOptions& opt, const SimResult& res);

// Writes raster.npy, v.npy, t_ref.npy, spikes.npy (as recorded) and summary.json.
// Throws std::runtime_error (no files left behind) on any I/O failure.
void write_outputs(const SimulateOptions& opt, const SimResult& res);

}  // namespace lifbench::cli
