#!/usr/bin/python3
"""The report's scale stage: streaming throughput of a stats-only philox run at large n, and
MPI ranks x threads, each checked bit for bit against one process.

Usage: /usr/bin/python3 reports/scale.py --build build/release --out RUN_DIR [--quick]
           [--stream-neurons N] [--mpi-neurons N]

Writes RUN_DIR/scale.json:
  streaming: `lifbench simulate --rng philox --neurons N --record stats` under
             `/usr/bin/time -f %M` for 1 thread and all cores: wall_seconds (summary.json),
             neuron-steps/s, peak RSS; `identical` says whether the statistics agree.
  mpi:       `mpirun --bind-to none -np R lifbench simulate ... --threads T` for R, T in
             {1, 2}, each
             summary.json compared with a single-process run (wall_seconds and threads
             left out); or, without MPI, `available: false` and the reason.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Sizes per mode: full `make report` and QUICK=1.
SIZES = {"default": {"stream": 100_000_000, "mpi": 10_000_000},
         "quick": {"stream": 10_000_000, "mpi": 2_000_000}}
RANKS = (1, 2)
THREADS = (1, 2)
# Fields of summary.json that may differ between runs of the same statistics.
VOLATILE = ("wall_seconds", "threads")
TIMEOUT_S = 600


def load_summary(out_dir):
    """summary.json of a simulate run, or None."""
    try:
        with open(os.path.join(out_dir, "summary.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def differing_fields(a, b):
    """Top-level summary.json fields (other than the volatile ones) whose values differ."""
    keys = (set(a) | set(b)) - set(VOLATILE)
    return sorted(k for k in keys if a.get(k) != b.get(k))


def run_simulate(cmd, out_dir, time_rss=False):
    """Runs one simulate command; returns (summary or None, facts dict)."""
    if time_rss:
        cmd = ["/usr/bin/time", "-f", "LIFBENCH_MAXRSS_KB=%M"] + cmd
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd + ["--out", out_dir], capture_output=True, text=True,
                              timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return None, {"error": f"timed out after {TIMEOUT_S} s"}
    facts = {"elapsed_seconds": time.perf_counter() - start}
    for line in proc.stderr.splitlines():
        if line.startswith("LIFBENCH_MAXRSS_KB="):
            facts["peak_rss_kb"] = int(line.split("=", 1)[1])
    if proc.returncode != 0:
        tail = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-3:]
        facts["error"] = f"exit {proc.returncode}: " + " | ".join(tail)
        return None, facts
    summary = load_summary(out_dir)
    if summary is None:
        facts["error"] = "no summary.json"
    return summary, facts


def run_facts(summary, facts):
    """The numbers the report shows of one run."""
    rec = dict(facts)
    if summary:
        steps, neurons = summary["steps"], summary["neurons"]
        rec.update({"wall_seconds": summary["wall_seconds"], "neurons": neurons,
                    "steps": steps, "total_spikes": summary["total_spikes"],
                    "kernel": summary["kernel"], "precision": summary["precision"],
                    "isa": summary["isa"], "threads_reported": summary["threads"],
                    "neuron_steps_per_s": neurons * steps / summary["wall_seconds"]})
    return rec


def streaming(lifbench, neurons, tmp):
    """Stats-only philox runs at `neurons`, 1 thread and all cores, with peak RSS."""
    base = [lifbench, "simulate", "--rng", "philox", "--neurons", str(neurons), "--record",
            "stats"]
    cores = os.cpu_count() or 1
    result = {"neurons": neurons, "command": " ".join(base[1:]) + " --threads T --out DIR",
              "runs": []}
    summaries = []
    for threads in sorted({1, cores}):
        print(f"   streaming n={neurons:.0e}, {threads} thread(s) ...", end=" ", flush=True)
        summary, facts = run_simulate(base + ["--threads", str(threads)],
                                      os.path.join(tmp, f"stream_t{threads}"), time_rss=True)
        rec = run_facts(summary, facts)
        rec["threads"] = threads
        result["runs"].append(rec)
        if summary:
            summaries.append(summary)
            print(f"{rec['wall_seconds']:.2f} s, {rec['neuron_steps_per_s'] / 1e9:.2f} G "
                  f"neuron-steps/s, peak RSS {rec.get('peak_rss_kb', 0) / 1024:.0f} MiB",
                  flush=True)
        else:
            print(f"failed: {rec.get('error')}", flush=True)
    if len(summaries) == len(result["runs"]) and len(summaries) > 1:
        diff = differing_fields(summaries[0], summaries[-1])
        result["identical"] = not diff
        result["differs"] = diff
    return result


def mpi_unavailable_reason(lifbench):
    """None when mpirun exists and the binary links libmpi, else why not."""
    if not shutil.which("mpirun"):
        return "`mpirun` is not on PATH (Debian package `openmpi-bin`)"
    try:
        libs = subprocess.run(["ldd", lifbench], capture_output=True, text=True,
                              timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"`ldd {lifbench}` failed: {e}"
    if "libmpi" not in libs:
        return (f"`{lifbench}` is not linked with libmpi: it was built without MPI"
                f"{cached_mpi_setting(lifbench)} (configure with `-DLIFBENCH_MPI=ON`, or AUTO "
                "with `libopenmpi-dev` installed)")
    return None


def cached_mpi_setting(lifbench):
    """', its CMakeCache.txt says LIFBENCH_MPI=...' for the binary's build dir, or ''."""
    cache = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(lifbench))),
                         "CMakeCache.txt")
    try:
        with open(cache, encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("LIFBENCH_MPI:"):
                    value = line.split("=", 1)[1].strip()
                    return f"; its CMakeCache.txt has `LIFBENCH_MPI={value}`"
    except OSError:
        pass
    return ""


def mpirun_version():
    try:
        out = subprocess.run(["mpirun", "--version"], capture_output=True, text=True,
                             timeout=30).stdout
        return out.strip().splitlines()[0] if out.strip() else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def mpi_grid(lifbench, neurons, tmp):
    """mpirun -np R x --threads T against one process, bit for bit."""
    reason = mpi_unavailable_reason(lifbench)
    result = {"neurons": neurons, "ranks": list(RANKS), "threads": list(THREADS)}
    if reason:
        print(f"   MPI skipped: {reason}", flush=True)
        return dict(result, available=False, reason=reason)
    base = ["simulate", "--rng", "philox", "--neurons", str(neurons), "--record", "stats"]
    # Open MPI binds each rank to one core by default (np <= 2), which would put a rank's
    # OpenMP threads on that one core: --bind-to none lets the threads use the cores.
    launcher = ["mpirun", "--oversubscribe", "--bind-to", "none"] + (
        ["--allow-run-as-root"] if os.geteuid() == 0 else [])
    result.update(available=True, mpirun=mpirun_version(),
                  command=" ".join(launcher) + " -np R lifbench " + " ".join(base) +
                  " --threads T --out DIR", runs=[])
    print(f"   single process n={neurons:.0e}, 1 thread ...", end=" ", flush=True)
    ref_summary, facts = run_simulate([lifbench, *base, "--threads", "1"],
                                      os.path.join(tmp, "mpi_single"))
    result["single"] = run_facts(ref_summary, facts)
    if not ref_summary:
        print(f"failed: {facts.get('error')}", flush=True)
        return dict(result, available=False,
                    reason=f"the single-process run failed: {facts.get('error')}")
    print(f"{ref_summary['wall_seconds']:.2f} s", flush=True)
    for ranks in RANKS:
        for threads in THREADS:
            print(f"   mpirun -np {ranks}, {threads} thread(s) ...", end=" ", flush=True)
            summary, facts = run_simulate(
                launcher + ["-np", str(ranks), lifbench, *base, "--threads", str(threads)],
                os.path.join(tmp, f"mpi_r{ranks}_t{threads}"))
            rec = run_facts(summary, facts)
            rec.update(ranks=ranks, threads=threads)
            if summary:
                rec["differs"] = differing_fields(summary, ref_summary)
                rec["identical"] = not rec["differs"]
                print(f"{rec['wall_seconds']:.2f} s, {rec['neuron_steps_per_s'] / 1e9:.2f} G "
                      f"neuron-steps/s, bit-identical: {'yes' if rec['identical'] else 'NO'}",
                      flush=True)
            else:
                rec["identical"] = False
                print(f"failed: {rec.get('error')}", flush=True)
            result["runs"].append(rec)
    result["all_identical"] = all(r["identical"] for r in result["runs"])
    return result


def run(lifbench, out_dir, quick=False, stream_neurons=None, mpi_neurons=None):
    """Both measurements into out_dir/scale.json; returns the dict (and its failures)."""
    sizes = SIZES["quick" if quick else "default"]
    with tempfile.TemporaryDirectory(prefix="lifbench_scale_") as tmp:
        data = {"streaming": streaming(lifbench, stream_neurons or sizes["stream"], tmp),
                "mpi": mpi_grid(lifbench, mpi_neurons or sizes["mpi"], tmp)}
    with open(os.path.join(out_dir, "scale.json"), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    return data


def failures(data):
    """Problems the report should warn about: failed runs, results that differ."""
    out = []
    s = data.get("streaming", {})
    if any("error" in r for r in s.get("runs", [])):
        out.append("a streaming run failed")
    if s.get("identical") is False:
        out.append("streaming statistics differ between thread counts")
    m = data.get("mpi", {})
    if m.get("available") and not m.get("all_identical"):
        out.append("an MPI run failed or differs from the single process")
    return out


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", required=True)
    ap.add_argument("--out", required=True, help="run directory (scale.json goes there)")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--stream-neurons", type=float, default=None)
    ap.add_argument("--mpi-neurons", type=float, default=None)
    args = ap.parse_args(argv)
    lifbench = os.path.join(args.build, "apps", "lifbench")
    data = run(lifbench, args.out, args.quick,
               int(args.stream_neurons) if args.stream_neurons else None,
               int(args.mpi_neurons) if args.mpi_neurons else None)
    problems = failures(data)
    for p in problems:
        print(f"scale: WARNING: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
