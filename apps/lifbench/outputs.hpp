// Writing a run's files: each .npy and summary.json is written into the staging folder of
// DIR in pieces (hashed with SHA-256 as they go, signals polled between pieces), then the
// output folder commits them all at once (lifbench/outdir.hpp).
#pragma once

#include <string>
#include <vector>

#include "lifbench/cli.hpp"
#include "lifbench/outdir.hpp"

namespace lifbench::cli {

// The summary.json text of a run; `files` are the run's other files (size and SHA-256).
std::string summary_json(const SimulateOptions& opt, const SimResult& res,
                         const std::vector<OutputFile>& files = {});

// Writes raster.npy, v.npy, t_ref.npy, spikes.npy (as recorded) and summary.json into
// `dir` and commits them. Throws interrupt::Interrupted on a signal and std::runtime_error
// on an I/O failure; either way DIR is left as it was.
void write_outputs(const SimulateOptions& opt, const SimResult& res, OutputDir& dir);

}  // namespace lifbench::cli
