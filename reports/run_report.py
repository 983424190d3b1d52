#!/usr/bin/python3
"""`make report`'s main job: verify, benchmark, run the peers and the seed's simulations,
and render the report, printing progress as it goes.

Usage: /usr/bin/python3 reports/run_report.py --build build/release [--quick]
           [--repetitions R] [--runs-dir reports/runs] [--bench-args "..."]

Writes reports/runs/<date>-<host>-<commit>/ (bench.json, peers.json, machine.json,
verify.txt, approaches.json, sim_demo/, sim_ex1/, scale.json, report.md, report.html,
fig_*.png) and prints its path.
Exit status: 0, or 1 if verification failed, a benchmark was skipped on a mismatch, or a
scale run failed or differed from one process (the report is written either way).
"""

import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PYTHON = "/usr/bin/python3"
sys.path.insert(0, HERE)
import approaches  # noqa: E402
import benchdata  # noqa: E402
import scale  # noqa: E402

# What each mode measures: benchmark plan and repetitions, peer sizes.
MODES = {
    "quick": {"plan": "quick", "repetitions": 3, "numpy_sizes": "1e4,1e5", "numpy_repeats": 2,
              "brian2_sizes": "1e5", "standalone_sizes": "1e5", "brian2_repeats": 2,
              "numba_sizes": "1e4,1e5", "numba_repeats": 2, "verify": ["--quick"]},
    "default": {"plan": "default", "repetitions": 5, "numpy_sizes": "1e3,1e4,1e5,1e6",
                "numpy_repeats": 3, "brian2_sizes": "1e4,1e5,1e6",
                "standalone_sizes": "1e5,1e6", "brian2_repeats": 3,
                "numba_sizes": "1e3,1e4,1e5,1e6", "numba_repeats": 3, "verify": []},
}


class Progress:
    """Numbered stages with elapsed times on stdout."""

    def __init__(self, total, record_path):
        self.total, self.index, self.start = total, 0, time.perf_counter()
        self.record_path, self.stages = record_path, []

    def stage(self, text):
        self.close_stage()
        self.index += 1
        self.stages.append({"stage": text, "start_s": self.elapsed()})
        print(f"\n== [{self.index}/{self.total}] {text}  (t+{self.elapsed():.0f} s)", flush=True)

    def close_stage(self):
        """Ends the current stage: its duration and the load average at its end (other
        processes on the machine disturb the timings; the report shows this)."""
        if self.stages and "seconds" not in self.stages[-1]:
            self.stages[-1]["seconds"] = self.elapsed() - self.stages[-1]["start_s"]
            self.stages[-1]["load_average_after"] = list(os.getloadavg())
            with open(self.record_path, "w", encoding="utf-8") as f:
                json.dump({"stages": self.stages}, f, indent=1)

    def elapsed(self):
        return time.perf_counter() - self.start


def run_dir_name():
    commit = subprocess.run(["git", "rev-parse", "--short=10", "HEAD"], capture_output=True,
                            text=True, cwd=ROOT).stdout.strip() or "nogit"
    date = datetime.datetime.now().strftime("%Y-%m-%d")
    return f"{date}-{socket.gethostname()}-{commit}"


def stream(cmd, log_path=None, prefix=""):
    """Runs cmd, echoing its output line by line (and into log_path); returns exit status."""
    log = open(log_path, "w", encoding="utf-8") if log_path else None
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, bufsize=1)
        for line in proc.stdout:
            if log:
                log.write(line)
            print(prefix + line, end="", flush=True)
        return proc.wait()
    finally:
        if log:
            log.close()


def run_benchmarks(cmd, log_path, repetitions):
    """Runs lifbench_bench, logging its console table and printing one line per finished
    benchmark ([i/N] name, median time); returns exit status."""
    listed = subprocess.run(cmd + ["--benchmark_list_tests=true"], capture_output=True,
                            text=True).stdout.split()
    total = len(listed)
    done = 0
    suffix = "_median" if repetitions > 1 else ""
    pattern = re.compile(r"^(\S+?)" + re.escape(suffix) + r"\s+([\d.]+) (ns|us|ms|s)\b")
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, bufsize=1)
        for line in proc.stdout:
            log.write(line)
            m = pattern.match(line)
            if m and not m.group(1).endswith(("_mean", "_stddev", "_cv")):
                done += 1
                print(f"   [{done}/{total}] {m.group(1)}  {m.group(2)} {m.group(3)}", flush=True)
            elif "ERROR OCCURRED" in line:
                done += 1
                print(f"   [{done}/{total}] {line.strip()}", flush=True)
        return proc.wait()


def run_quiet(cmd, log_path):
    """Runs cmd with its output into log_path; returns exit status."""
    with open(log_path, "w", encoding="utf-8") as log:
        return subprocess.call(cmd, stdout=log, stderr=subprocess.STDOUT)


def bench_skipped_on_mismatch(bench_json):
    try:
        with open(bench_json, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return []
    return [b["name"] for b in data.get("benchmarks", []) if b.get("error_occurred")]


def simulate(lifbench, out_dir, args, log_path):
    """`lifbench simulate` with the default (fastest) kernel, falling back to xsimd, scalar."""
    for kernel in ([], ["--kernel", "xsimd"], ["--kernel", "scalar"]):
        status = run_quiet([lifbench, "simulate", *kernel, *args, "--out", out_dir], log_path)
        if status == 0:
            with open(log_path, encoding="utf-8") as f:
                print("   " + f.read().strip().splitlines()[-1], flush=True)
            return True
    print(f"   simulate failed, see {log_path}", flush=True)
    return False


def measure_approaches(build, bench_json, out_path):
    """Lines of code and compile time of every kernel the benchmark measured
    (reports/approaches.py), into approaches.json."""
    try:
        _, records = benchdata.load(bench_json)
    except (OSError, ValueError) as e:
        print(f"   no benchmark data ({e}): kernel code not measured", flush=True)
        return
    kernels = []
    for r in records.values():
        if r.family == "lif" and r.params["kernel"] not in kernels:
            kernels.append(r.params["kernel"])
    data = approaches.measure(ROOT, build, kernels,
                              log=lambda line: print("   " + line, flush=True))
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)


def publish_example(run_dir, dest):
    """Copies a finished run to dest (reports/example), leaving out the console logs."""
    if os.path.isdir(dest):
        shutil.rmtree(dest)
    shutil.copytree(run_dir, dest, ignore=shutil.ignore_patterns("*.log"))
    print(f"report: copied to {dest}")


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repetitions", type=int, default=None)
    ap.add_argument("--runs-dir", default=os.path.join(HERE, "runs"))
    ap.add_argument("--bench-args", default="", help="extra lifbench_bench arguments")
    ap.add_argument("--skip-peers", action="store_true")
    ap.add_argument("--publish-example", action="store_true",
                    help="also copy the run to reports/example (the committed sample)")
    args = ap.parse_args(argv)

    mode = MODES["quick" if args.quick else "default"]
    reps = args.repetitions or mode["repetitions"]
    lifbench = os.path.join(args.build, "apps", "lifbench")
    bench = os.path.join(args.build, "bench", "lifbench_bench")
    for binary in (lifbench, bench):
        if not os.access(binary, os.X_OK):
            print(f"report: {binary} is missing; build first (make report does)",
                  file=sys.stderr)
            return 2
    out = os.path.join(args.runs_dir, run_dir_name())
    os.makedirs(out, exist_ok=True)
    progress = Progress(8, os.path.join(out, "stages.json"))
    failures = []

    progress.stage("machine facts")
    subprocess.run([PYTHON, os.path.join(HERE, "machine.py"), "--build", args.build, "--out",
                    os.path.join(out, "machine.json")], check=False)
    with open(os.path.join(out, "machine.json"), encoding="utf-8") as f:
        facts = json.load(f)
    print(f"   {facts.get('cpu_model')}, {facts.get('logical_cpus')} CPUs, commit "
          f"{facts.get('commit')}, load average {facts.get('load_average', [0])[0]:.2f}")

    progress.stage("lifbench verify" + (" --quick" if args.quick else ""))
    status = run_quiet([lifbench, "verify", *mode["verify"]], os.path.join(out, "verify.txt"))
    with open(os.path.join(out, "verify.txt"), encoding="utf-8") as f:
        lines = f.read().strip().splitlines()
    print("   " + (lines[-1] if lines else "no output"), flush=True)
    if status != 0:
        failures.append("lifbench verify reported mismatches")

    progress.stage(f"benchmarks (plan {mode['plan']}, {reps} repetitions)")
    bench_json = os.path.join(out, "bench.json")
    cmd = [bench, f"--lif_plan={mode['plan']}", f"--benchmark_repetitions={reps}",
           "--benchmark_display_aggregates_only=true", f"--benchmark_out={bench_json}",
           "--benchmark_out_format=json", *shlex.split(args.bench_args)]
    if run_benchmarks(cmd, os.path.join(out, "bench.log"), reps) != 0:
        failures.append("lifbench_bench failed")
    skipped = bench_skipped_on_mismatch(bench_json)
    if skipped:
        failures.append(f"{len(skipped)} benchmark(s) skipped with an error")

    progress.stage("kernel code: lines (stated rule) and compile time of each kernel's units")
    measure_approaches(args.build, bench_json, os.path.join(out, "approaches.json"))

    progress.stage("peers: the seed's NumPy code, Numba and Brian2")
    if args.skip_peers:
        print("   skipped (--skip-peers)")
    else:
        stream([PYTHON, os.path.join(ROOT, "bench", "peers", "run_peers.py"), "--lifbench",
                lifbench, "--out", os.path.join(out, "peers.json"),
                "--numpy-sizes", mode["numpy_sizes"], "--numpy-repeats",
                str(mode["numpy_repeats"]), "--brian2-sizes", mode["brian2_sizes"],
                "--standalone-sizes", mode["standalone_sizes"], "--repeats",
                str(mode["brian2_repeats"]), "--numba-sizes", mode["numba_sizes"],
                "--numba-repeats", str(mode["numba_repeats"])], prefix="   ")

    progress.stage("the seed's simulations in C++ (figures)")
    simulate(lifbench, os.path.join(out, "sim_demo"),
             ["--rng", "numpy", "--neurons", "500", "--t-ref-sigma", "0.007", "--record",
              "raster,v,t_ref,stats"], os.path.join(out, "sim_demo.log"))
    simulate(lifbench, os.path.join(out, "sim_ex1"),
             ["--rng", "numpy", "--neurons", "10000", "--vth", "inf", "--t-ref-mu", "0",
              "--hist-range=-0.065,-0.02", "--hist-bins", "90", "--record", "stats"],
             os.path.join(out, "sim_ex1.log"))

    progress.stage("scale: streaming (stats only) and MPI ranks x threads")
    scale_data = scale.run(lifbench, out, quick=args.quick)
    failures += scale.failures(scale_data)

    progress.stage("rendering the report")
    progress.close_stage()
    status = subprocess.call([PYTHON, os.path.join(HERE, "render.py"), out])
    if status != 0:
        failures.append("rendering failed")
    print(f"\nreport: {os.path.join(out, 'report.md')} (and report.html), "
          f"{progress.elapsed():.0f} s in all")
    if args.publish_example and not failures:
        publish_example(out, os.path.join(HERE, "example"))
    for failure in failures:
        print(f"report: WARNING: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
