#!/usr/bin/python3
"""The Python module's costs, measured (docs/python.md quotes a run of it):

1. simulate() at n = 1: time per call, and its part outside the driver (the call's time
   minus the driver's own wall_seconds);
2. LIFNeurons.ode_step at n = 500: time per step;
3. LIFNeurons.run at n = 1e6 x 150 steps against the same compiled loop timed from C++
   (lifbench_class_bench), and the xsimd kernel recording the same outputs (the loop form).

    PYTHONPATH=build/release/python /usr/bin/python3 python/bench/bench_python.py \
        --build build/release
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np

import lifbench


def cpu_name():
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def per_call(fn, calls, rounds=7):
    """Median over rounds of the mean time of `calls` calls of fn(), in seconds."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            fn()
        times.append((time.perf_counter() - start) / calls)
    return statistics.median(times)


def simulate_overhead(kernel):
    """simulate(neurons=1) per call, and the driver's own time of the same run."""
    lifbench.simulate(kernel=kernel, neurons=1)  # warm (thread pool, pages)
    total = per_call(lambda: lifbench.simulate(kernel=kernel, neurons=1), 2000)
    inside = statistics.median(lifbench.simulate(kernel=kernel, neurons=1).wall_seconds
                               for _ in range(2000))
    return {"kernel": kernel, "per_call_us": total * 1e6, "driver_us": inside * 1e6,
            "overhead_us": (total - inside) * 1e6}


def ode_step_cost(n=500):
    np.random.seed(2020)
    i = 25e-11 * (1 + 1.2247448713915892 * (2 * np.random.random([n, 150]) - 1))
    neurons = lifbench.LIFNeurons(n)
    column = i[:, 7]  # a strided column, as the notebook passes it
    contiguous = np.ascontiguousarray(column)
    return {"n": n, "column_us": per_call(lambda: neurons.ode_step(1e-3, column), 20000) * 1e6,
            "contiguous_us": per_call(lambda: neurons.ode_step(1e-3, contiguous), 20000) * 1e6}


def run_against_cpp(build, threads, n=1_000_000, steps=150, rounds=7):
    """Best of `rounds` of each, the Python and the C++ runs taking turns (a shared machine's
    load then weighs on both alike)."""
    np.random.seed(2020)
    i = 25e-11 * (1 + 1.2247448713915892 * (2 * np.random.random([n, steps]) - 1))
    python_best, cpp_best = float("inf"), float("inf")
    for _ in range(rounds):
        np.random.seed(1)
        neurons = lifbench.LIFNeurons(n, threads=threads)
        start = time.perf_counter()
        v_n, raster = neurons.run(i)
        python_best = min(python_best, time.perf_counter() - start)
        del v_n, raster
        cpp = json.loads(subprocess.run([f"{build}/python/lifbench_class_bench", str(n),
                                         str(steps), str(threads), "1"], capture_output=True, text=True,
                                        check=True).stdout)
        cpp_best = min(cpp_best, cpp["seconds"])
    del i
    xsimd = min(lifbench.simulate(kernel="xsimd", neurons=n, record=("raster", "v"),
                                  hist_steps=()).wall_seconds for _ in range(3))
    return {"n": n, "steps": steps, "python_run_s": python_best, "cpp_loop_s": cpp_best,
            "threads": cpp["threads"], "ratio": python_best / cpp_best,
            "xsimd_numpy_stream_s": xsimd}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build/release")
    args = parser.parse_args()
    print(f"CPU: {cpu_name()}; Python {sys.version.split()[0]}, NumPy {np.__version__}")
    for kernel in ("openmp", "xsimd", "reference"):
        r = simulate_overhead(kernel)
        print(f"simulate(kernel={kernel!r}, neurons=1): {r['per_call_us']:.1f} us per call, "
              f"{r['driver_us']:.1f} us in the driver, {r['overhead_us']:.1f} us outside it")
    r = ode_step_cost()
    print(f"LIFNeurons.ode_step at n = {r['n']}: {r['column_us']:.2f} us per step with a column "
          f"i[:, k], {r['contiguous_us']:.2f} us with a contiguous array")
    for threads in (1, os.cpu_count()):
        r = run_against_cpp(args.build, threads)
        print(f"LIFNeurons.run at n = {r['n']} x {r['steps']} ({r['threads']} threads): "
              f"{r['python_run_s']:.3f} s from Python, {r['cpp_loop_s']:.3f} s for the same "
              f"loop from C++ (ratio {r['ratio']:.3f})")
    print(f"For scale, the xsimd kernel (loop form, 1 thread) drawing the numpy stream and "
          f"recording raster and v at n = 1e6 x 150: {r['xsimd_numpy_stream_s']:.3f} s")


if __name__ == "__main__":
    main()
