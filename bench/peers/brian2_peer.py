#!/usr/bin/python3
"""Brian2 peer: the notebook's LIF population as a Brian2 user writes it, timed.

One process runs one code-generation target at one population size and prints one JSON
object. The model is SPEC section 1 in Brian2's words:

    dv/dt = (el - v + r*I)/tau : volt (unless refractory)
    I = i_mean*(1 + noise*(2*rand() - 1)) : amp (constant over dt)   # a fresh uniform per step
    threshold 'v >= vth', reset 'v = vr', refractory '(t - lastspike) < t_ref', method 'euler'

`(constant over dt)` draws I once per neuron and step, like the notebook's input matrix.
Brian2 runs the notebook's K - 1 = 149 updates; times are per neuron-step of the K = 150 grid,
like every other figure of the report.
The refractory condition is written as an expression: `refractory=t_ref` would round the
period to whole steps (3101 spikes instead of the notebook's 3004 on the demo case).

Timing, the way users run it:
  numpy, cython     `Network.run((K - 1) * dt)` wall time, after one untimed run that generates and
                    (cython) compiles the code; the cold first run is reported apart.
  cpp_standalone    the simulation loop time the generated binary measures itself
                    (`device._last_run_time`), after one build; the whole binary's wall time
                    and the build time are reported apart.

--parity runs the semantics check instead: the notebook's own inputs (NumPy seed 2020, n=500)
fed through a TimedArray, spike counts compared with the notebook's (Exercise 5 and the
random-refractory demo).

Run with Debian's interpreter: /usr/bin/python3 bench/peers/brian2_peer.py --target cython --n 100000
"""

import argparse
import json
import os
import sys
import tempfile
import time

import numpy as np

# The notebook's defaults (SPEC section 1).
T_MAX, DT, TAU, EL, VR, VTH, R, I_MEAN = 0.150, 0.001, 0.020, -0.060, -0.070, -0.050, 1e8, 2.5e-10
NOISE = 0.1 * (T_MAX / DT) ** 0.5
T_REF_MU = 0.010
# The notebook's time grid has K = len(np.arange(0, t_max, dt)) points and K - 1 Euler updates
# (step 0 only records). Brian2 runs the same K - 1 updates; its cost is divided by n * K
# neuron-steps, the unit every lifbench and NumPy figure uses.
GRID_STEPS = int(np.arange(0, T_MAX, DT).size)
RUN_TIME = (GRID_STEPS - 1) * DT


def quiet_brian():
    """Keeps Brian2's INFO/WARNING chatter off stderr (the caller shows progress there)."""
    from brian2 import BrianLogger
    BrianLogger.log_level_error()


def namespace(units):
    """Model constants with Brian2 units."""
    b = units
    return dict(el=EL * b.volt, vr=VR * b.volt, vth=VTH * b.volt, r=R * b.ohm,
                tau=TAU * b.second, i_mean=I_MEAN * b.amp, noise=NOISE)


def build_group(b, n, t_ref, current_eq):
    """The NeuronGroup of SPEC 1 with a per-neuron refractory period and spike counter."""
    eqs = f"""dv/dt = (el - v + r*I)/tau : volt (unless refractory)
{current_eq}
t_ref : second (constant)"""
    group = b.NeuronGroup(n, eqs, threshold="v >= vth", reset="v = vr",
                          refractory="(t - lastspike) < t_ref", method="euler",
                          namespace=None)
    group.v = EL * b.volt
    group.t_ref = t_ref * b.second
    monitor = b.SpikeMonitor(group, record=False)  # counts only, as stats-only lifbench
    return group, monitor


def refractory_periods(n, sigma, seed):
    """t_ref = mu + sigma * N(0,1), negatives set to 0 (NumPy's generator, any seed)."""
    if sigma <= 0:
        return np.full(n, T_REF_MU)
    rng = np.random.RandomState(seed)
    t_ref = T_REF_MU + sigma * rng.normal(size=n)
    t_ref[t_ref < 0] = 0.0
    return t_ref


def spike_stats(counts):
    """Mean and standard deviation of spikes per neuron, and the total."""
    counts = np.asarray(counts, dtype=np.float64)
    return {"total_spikes": int(counts.sum()),
            "spikes_per_neuron_mean": float(counts.mean()) if counts.size else float("nan"),
            "spikes_per_neuron_std": float(counts.std(ddof=1)) if counts.size > 1 else 0.0}


def time_runtime(b, target, n, repeats, sigma, seed):
    """numpy / cython targets: best Network.run wall time of `repeats` warm runs."""
    b.prefs.codegen.target = target
    b.defaultclock.dt = DT * b.second
    b.seed(seed)
    ns = namespace(b)
    current = "I = i_mean*(1 + noise*(2*rand() - 1)) : amp (constant over dt)"
    group, monitor = build_group(b, n, refractory_periods(n, sigma, seed), current)
    net = b.Network(group, monitor)
    net.store()
    start = time.perf_counter()
    net.run(RUN_TIME * b.second, namespace=ns)  # generates and compiles the code
    cold = time.perf_counter() - start
    runs, counts = [], None
    for _ in range(repeats):
        net.restore()
        start = time.perf_counter()
        net.run(RUN_TIME * b.second, namespace=ns)
        runs.append(time.perf_counter() - start)
        counts = np.array(monitor.count[:])
    return {"seconds": min(runs), "all_seconds": runs, "first_run_seconds": cold,
            "steps": GRID_STEPS, "updates": GRID_STEPS - 1}, counts


def time_standalone(b, n, repeats, sigma, seed, workdir):
    """cpp_standalone: build once, run the binary `repeats` times, its own loop timer."""
    b.set_device("cpp_standalone", directory=workdir, build_on_run=False)
    b.defaultclock.dt = DT * b.second
    b.seed(seed)
    ns = namespace(b)
    current = "I = i_mean*(1 + noise*(2*rand() - 1)) : amp (constant over dt)"
    group, monitor = build_group(b, n, refractory_periods(n, sigma, seed), current)
    net = b.Network(group, monitor)
    net.run(RUN_TIME * b.second, namespace=ns)
    start = time.perf_counter()
    b.device.build(directory=workdir, compile=True, run=False)
    build_seconds = time.perf_counter() - start
    runs, binary = [], []
    for _ in range(repeats):
        b.device.run(workdir, False, [])
        runs.append(float(b.device._last_run_time))
        binary.append(float(b.device.timers["run_binary"]))
    counts = np.array(monitor.count[:])
    return {"seconds": min(runs), "all_seconds": runs, "binary_seconds": min(binary),
            "build_seconds": build_seconds, "steps": GRID_STEPS, "updates": GRID_STEPS - 1}, counts


def parity_case(b, sigma):
    """Spikes of the notebook's exact inputs (seed 2020, n 500) through Brian2 (numpy)."""
    b.prefs.codegen.target = "numpy"
    b.start_scope()
    b.defaultclock.dt = DT * b.second
    n = 500
    np.random.seed(2020)
    steps = len(np.arange(0, T_MAX, DT))
    current = I_MEAN * (1 + NOISE * (2 * np.random.random([n, steps]) - 1))
    t_ref = np.full(n, T_REF_MU)
    if sigma > 0:
        t_ref = T_REF_MU + sigma * np.random.normal(size=n)
        t_ref[t_ref < 0] = 0.0
    # Brian2's step s integrates from t_s to t_s + dt: the notebook's step s + 1 and I[:, s+1].
    notebook_current = b.TimedArray(current[:, 1:].T.copy() * b.amp, dt=DT * b.second)
    ns = namespace(b)
    ns["notebook_current"] = notebook_current
    group, monitor = build_group(b, n, t_ref, "I = notebook_current(t, i) : amp")
    net = b.Network(group, monitor)
    net.run((steps - 1) * DT * b.second, namespace=ns)
    return int(monitor.num_spikes)


def run_parity(b):
    """The semantics check against the notebook's own numbers."""
    cases = [
        {"case": "random-refractory demo (t_ref ~ N(10 ms, 7 ms))", "sigma": 0.007,
         "notebook_spikes": 3004},
        {"case": "Exercise 5 (t_ref = 10 ms)", "sigma": 0.0, "notebook_spikes": 2907},
    ]
    for case in cases:
        case["brian2_spikes"] = parity_case(b, case["sigma"])
        case["identical"] = case["brian2_spikes"] == case["notebook_spikes"]
    return {"peer": "brian2", "what": "parity with the notebook's inputs (seed 2020, n 500)",
            "brian2_version": b.__version__, "cases": cases}


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", choices=("numpy", "cython", "cpp_standalone"), default="numpy")
    ap.add_argument("--n", type=float, default=1e5, help="neurons")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--t-ref-sigma", type=float, default=0.007,
                    help="refractory spread in s (default: the demo's 7 ms, see docs)")
    ap.add_argument("--seed", type=int, default=2020)
    ap.add_argument("--workdir", default=None, help="cpp_standalone project directory")
    ap.add_argument("--parity", action="store_true", help="run the semantics check instead")
    return ap.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    import brian2 as b
    quiet_brian()
    if args.parity:
        print(json.dumps(run_parity(b)))
        return 0
    n = int(args.n)
    if args.target == "cpp_standalone":
        workdir = args.workdir or tempfile.mkdtemp(prefix="lifbench-brian2-")
        timing, counts = time_standalone(b, n, args.repeats, args.t_ref_sigma, args.seed, workdir)
    else:
        timing, counts = time_runtime(b, args.target, n, args.repeats, args.t_ref_sigma,
                                      args.seed)
    neuron_steps = n * timing["steps"]
    record = {"peer": "brian2", "target": args.target, "brian2_version": b.__version__,
              "n": n, "neuron_steps": neuron_steps, "repeats": args.repeats,
              "t_ref_sigma": args.t_ref_sigma, "seed": args.seed}
    record.update(timing)
    record["ns_per_neuron_step"] = timing["seconds"] * 1e9 / neuron_steps
    record["all_ns_per_neuron_step"] = [s * 1e9 / neuron_steps for s in timing["all_seconds"]]
    record.update(spike_stats(counts))
    print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
