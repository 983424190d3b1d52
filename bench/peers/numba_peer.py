#!/usr/bin/python3
"""Numba peer: the notebook's LIF population as a notebook user writes it with Numba, timed.

One process runs one variant at one population size and prints one JSON object. The model is
SPEC section 1 (Exercise 5: t_ref = 10 ms, seed 2020), the notebook's statements turned into
a scalar loop (Numba compiles loops, not array expressions, into tight code): each neuron's
v and last_spike are local variables, the masks become `if`s, in the notebook's order and
association, in IEEE double (Numba does not contract a*b + c into FMA unless fastmath is on).

  matrix    `@njit` loop over the notebook's input matrix, drawn as the notebook draws it
            outside the compiled function: np.random.seed(seed), then
            i = i_mean * (1 + noise * (2 * np.random.random([n, K]) - 1)).
            Timed with the drawing counted (ns_per_neuron_step, like the NumPy peer) and
            without it (loop_ns_per_neuron_step); the drawing alone is input_ns_per_neuron_step.
  fused     `@njit` loop that draws its input inside, np.random.random() per neuron-step
            (Numba's own MT19937, seeded with np.random.seed inside the compiled function).
            It draws u[j, 0] too and discards it, as the notebook's matrix holds it unused,
            so its stream is the notebook's draw for draw and it counts the same spikes.
  parallel  `@njit(parallel=True)`, `prange` over neurons, the input drawn inside as in
            `fused`. Numba gives every thread its own generator state, and np.random.seed
            seeds only the calling thread's: the run is not reproducible, and it is matched
            to the notebook in distribution only (mean spikes per neuron, see run_peers.py).

Every variant records per-neuron spike counts (and the serial ones spikes per step), like
stats-only lifbench. Times are per neuron-step of the K = 150 grid (step 0 included), best
of --repeats, after one warm-up call at n = 4 that compiles the function (compile_seconds,
reported apart and not in the time).

--parity runs the semantics check instead: the notebook's own inputs (seed 2020, n 500)
through `matrix` (Exercise 5: 2907 spikes; the random-refractory demo, t_ref ~ N(10 ms,
7 ms): 3004) and `fused` (Exercise 5), spike counts and spikes per step compared with the
notebook's.

Run with Debian's interpreter: /usr/bin/python3 bench/peers/numba_peer.py --variant fused --n 1e6
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np

# The notebook's defaults (SPEC section 1).
T_MAX, DT, TAU, EL, VR, VTH, R, I_MEAN = 0.150, 0.001, 0.020, -0.060, -0.070, -0.050, 1e8, 2.5e-10
NOISE = 0.1 * (T_MAX / DT) ** 0.5
T_REF_MU = 0.010
GRID_STEPS = int(np.arange(0, T_MAX, DT).size)
SEED = 2020
VARIANTS = ("matrix", "fused", "parallel")
WHAT = {
    "matrix": "@njit loop over the notebook's input matrix (drawn by NumPy outside)",
    "fused": "@njit loop drawing np.random.random() inside (Numba's MT19937)",
    "parallel": "@njit(parallel=True), prange over neurons, input drawn inside",
}
# The jitted function of each variant (reports/approaches.py counts their lines).
VARIANT_FUNCTIONS = {"matrix": "lif_matrix", "fused": "lif_fused", "parallel": "lif_parallel"}
GOLDEN = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(
    __file__)))), "reference", "golden")


def compiled():
    """The three jitted functions (imported here so --help works without Numba)."""
    from numba import njit, prange

    @njit
    def lif_matrix(i, t_ref, dt, tau, el, r, vr, vth):
        """Exercise 5 over the input matrix i[n, K]: spikes per step and per neuron."""
        n, steps = i.shape
        a = dt / tau
        per_step = np.zeros(steps, np.int64)
        per_neuron = np.zeros(n, np.int64)
        for j in range(n):
            v = el
            last_spike = -t_ref[j]
            for step in range(1, steps):
                t = step * dt
                v = v + a * (el - v + r * i[j, step])
                spiked = v >= vth
                if spiked:
                    v = vr
                    per_step[step] += 1
                    per_neuron[j] += 1
                if last_spike + t_ref[j] > t:
                    v = vr
                if spiked:
                    last_spike = t
        return per_step, per_neuron

    @njit
    def lif_fused(n, steps, seed, t_ref, dt, tau, el, r, vr, vth, i_mean, noise):
        """Exercise 5 drawing u[j, k] inside, in the notebook's order (u[j, 0] unused)."""
        np.random.seed(seed)
        a = dt / tau
        per_step = np.zeros(steps, np.int64)
        per_neuron = np.zeros(n, np.int64)
        for j in range(n):
            v = el
            last_spike = -t_ref[j]
            np.random.random()  # u[j, 0]: drawn and unused, as in the notebook's matrix
            for step in range(1, steps):
                t = step * dt
                i_now = i_mean * (1 + noise * (2 * np.random.random() - 1))
                v = v + a * (el - v + r * i_now)
                spiked = v >= vth
                if spiked:
                    v = vr
                    per_step[step] += 1
                    per_neuron[j] += 1
                if last_spike + t_ref[j] > t:
                    v = vr
                if spiked:
                    last_spike = t
        return per_step, per_neuron

    @njit(parallel=True)
    def lif_parallel(n, steps, seed, t_ref, dt, tau, el, r, vr, vth, i_mean, noise):
        """Exercise 5, neurons split over Numba's threads, input drawn inside (per thread)."""
        np.random.seed(seed)  # seeds the calling thread's generator only
        a = dt / tau
        per_neuron = np.zeros(n, np.int64)
        for j in prange(n):
            v = el
            last_spike = -t_ref[j]
            count = 0
            np.random.random()
            for step in range(1, steps):
                t = step * dt
                i_now = i_mean * (1 + noise * (2 * np.random.random() - 1))
                v = v + a * (el - v + r * i_now)
                spiked = v >= vth
                if spiked:
                    v = vr
                    count += 1
                if last_spike + t_ref[j] > t:
                    v = vr
                if spiked:
                    last_spike = t
            per_neuron[j] = count
        return per_neuron

    return lif_matrix, lif_fused, lif_parallel


def notebook_current(n, steps, seed):
    """The notebook's input: np.random.seed, then i_mean * (1 + noise * (2u - 1)), [n, K]."""
    np.random.seed(seed)
    return I_MEAN * (1 + NOISE * (2 * np.random.random([n, steps]) - 1))


class Runner:
    """Runs one variant: returns (per-neuron spike counts, spikes per step or None, times)."""

    def __init__(self, variant):
        self.variant = variant
        self.matrix, self.fused, self.parallel = compiled()

    def __call__(self, n, seed, t_ref):
        model = (DT, TAU, EL, R, VR, VTH)
        start = time.perf_counter()
        if self.variant == "matrix":
            i = notebook_current(n, GRID_STEPS, seed)
            drawn = time.perf_counter()
            per_step, per_neuron = self.matrix(i, t_ref, *model)
            end = time.perf_counter()
            return per_neuron, per_step, {"total": end - start, "input": drawn - start,
                                          "loop": end - drawn}
        args = (n, GRID_STEPS, seed, t_ref, *model, I_MEAN, NOISE)
        if self.variant == "fused":
            per_step, per_neuron = self.fused(*args)
        else:
            per_step, per_neuron = None, self.parallel(*args)
        return per_neuron, per_step, {"total": time.perf_counter() - start}


def spike_stats(counts):
    """Mean and standard deviation of spikes per neuron, and the total."""
    counts = np.asarray(counts, dtype=np.float64)
    return {"total_spikes": int(counts.sum()),
            "spikes_per_neuron_mean": float(counts.mean()) if counts.size else float("nan"),
            "spikes_per_neuron_std": float(counts.std(ddof=1)) if counts.size > 1 else 0.0}


def threads_used(variant):
    """(threads, threading layer) of a variant; call after the parallel function ran."""
    if variant != "parallel":
        return 1, None
    import numba
    try:
        layer = numba.threading_layer()
    except ValueError:  # no parallel region ran yet
        layer = None
    return int(numba.get_num_threads()), layer


def time_variant(variant, n, repeats, seed):
    """The timed record of one variant at n neurons (best of `repeats`, after a warm-up)."""
    import numba
    run = Runner(variant)
    start = time.perf_counter()
    run(4, seed, np.full(4, T_REF_MU))  # compiles (Numba compiles on the first call)
    compile_seconds = time.perf_counter() - start
    t_ref = np.full(n, T_REF_MU)
    runs, counts = [], None
    for _ in range(repeats):
        counts, _, times = run(n, seed, t_ref)
        runs.append(times)
    best = min(runs, key=lambda x: x["total"])
    neuron_steps = n * GRID_STEPS
    per = (lambda s: s * 1e9 / neuron_steps) if neuron_steps else (lambda s: float("nan"))
    threads, layer = threads_used(variant)
    record = {"peer": "numba", "variant": variant, "what": WHAT[variant],
              "numba_version": numba.__version__, "numpy_version": np.__version__,
              "n": n, "steps": GRID_STEPS, "neuron_steps": neuron_steps, "repeats": repeats,
              "seed": seed, "t_ref": T_REF_MU, "threads": threads, "threading_layer": layer,
              "compile_seconds": compile_seconds, "seconds": best["total"],
              "ns_per_neuron_step": per(best["total"]),
              "all_ns_per_neuron_step": [per(x["total"]) for x in runs],
              "generation_counted": True}
    if variant == "matrix":
        record["input_ns_per_neuron_step"] = per(best["input"])
        record["loop_ns_per_neuron_step"] = per(best["loop"])
    record.update(spike_stats(counts))
    return record


def golden_spikes_per_step(name):
    """spikes_per_step of reference/golden/<name>.json, or None if absent."""
    try:
        with open(os.path.join(GOLDEN, name + ".json"), encoding="utf-8") as f:
            return json.load(f)["spikes_per_step"]
    except (OSError, ValueError, KeyError):
        return None


def run_parity():
    """The notebook's own cases through `matrix` (both) and `fused` (Exercise 5)."""
    import numba
    n = 500
    cases = [("matrix", "Exercise 5 (t_ref = 10 ms)", 0.0, 2907, "exercise5_refractory"),
             ("matrix", "random-refractory demo (t_ref ~ N(10 ms, 7 ms))", 0.007, 3004,
              "demo_random_refractory"),
             ("fused", "Exercise 5 (t_ref = 10 ms)", 0.0, 2907, "exercise5_refractory")]
    runners = {v: Runner(v) for v in ("matrix", "fused")}
    out = []
    for variant, case, sigma, expected, golden in cases:
        t_ref = np.full(n, T_REF_MU)
        if sigma > 0:  # the notebook draws the normals after the matrix
            i = notebook_current(n, GRID_STEPS, SEED)
            t_ref = T_REF_MU + sigma * np.random.normal(size=n)
            t_ref[t_ref < 0] = 0.0
            per_step, per_neuron = runners[variant].matrix(i, t_ref, DT, TAU, EL, R, VR, VTH)
        else:
            per_neuron, per_step, _ = runners[variant](n, SEED, t_ref)
        reference = golden_spikes_per_step(golden)
        spikes = int(per_neuron.sum())
        same_steps = reference is not None and [int(x) for x in per_step] == reference
        out.append({"variant": variant, "case": case, "notebook_spikes": expected,
                    "numba_spikes": spikes, "spikes_per_step_identical": same_steps,
                    "identical": spikes == expected and same_steps})
    return {"peer": "numba", "what": "parity with the notebook's inputs (seed 2020, n 500)",
            "numba_version": numba.__version__, "cases": out}


def z_compare(a, b):
    """z of the difference of two records' mean spikes per neuron (independent neurons)."""
    stderr = math.sqrt(a["spikes_per_neuron_std"] ** 2 / a["n"] +
                       b["spikes_per_neuron_std"] ** 2 / b["n"])
    diff = a["spikes_per_neuron_mean"] - b["spikes_per_neuron_mean"]
    return diff / stderr if stderr > 0 else (0.0 if diff == 0 else float("inf"))


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--variant", choices=VARIANTS, default="fused")
    ap.add_argument("--n", type=float, default=1e5, help="neurons")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--parity", action="store_true", help="run the semantics check instead")
    return ap.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    if args.parity:
        print(json.dumps(run_parity()))
        return 0
    n = int(args.n)
    if n < 0 or args.repeats < 1:
        print("numba_peer: --n must not be negative and --repeats must be at least 1",
              file=sys.stderr)
        return 2
    print(json.dumps(time_variant(args.variant, n, args.repeats, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
