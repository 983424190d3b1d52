#!/usr/bin/python3
"""Runs the peers at the benchmark's sizes and writes one JSON file.

  NumPy   the seed notebook's own boolean-mask code (Exercise 5), via
          `reference/notebook.py --time N` (input generation counted, best of repeats)
  Brian2  bench/peers/brian2_peer.py for each target (numpy, cython, cpp_standalone), one
          process per target and size, plus the parity check on the notebook's inputs
  Numba   bench/peers/numba_peer.py for each variant (matrix, fused, parallel), one process
          per variant and size, plus its parity check on the notebook's inputs and, per size,
          the spike checks: matrix = the NumPy peer and fused = matrix exactly (same stream),
          parallel within Z_TOLERANCE standard errors of matrix (per-thread streams)
  lifbench, for the statistical spike check against Brian2: `lifbench simulate` with the same
          parameters (philox stream, t_ref ~ N(10 ms, 7 ms)) at each Brian2 size

Output (--out): {"numpy": [...], "brian2": [...], "brian2_parity": {...},
                 "rate_checks": [...], "numba": [...], "numba_parity": {...},
                 "numba_checks": [...], "errors": [...]}
Progress goes to stderr. A peer that fails is recorded under "errors", not fatal.

Usage: /usr/bin/python3 bench/peers/run_peers.py --lifbench build/release/apps/lifbench \
           --out peers.json [--numpy-sizes 1e3,1e4] [--brian2-sizes 1e4,1e5] [--targets ...]
           [--numba-sizes 1e4,1e5] [--numba-variants matrix,fused,parallel]
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from numba_peer import z_compare  # noqa: E402 - numba_peer imports Numba only when it runs
ROOT = os.path.dirname(os.path.dirname(HERE))
PYTHON = "/usr/bin/python3"
# The parameters of the Brian2 runs and of the lifbench runs compared with them.
T_REF_SIGMA = 0.007
SEED = 2020
# Two means agree when they differ by less than this many standard errors.
Z_TOLERANCE = 4.0


def log(message):
    print(f"[peers] {message}", file=sys.stderr, flush=True)


def sizes(text):
    return [int(float(x)) for x in text.split(",") if x.strip()]


def run_json(cmd, timeout):
    """Runs cmd, returns the JSON object on the last line of its stdout."""
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        tail = "\n".join((proc.stderr or "").strip().splitlines()[-5:])
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}: {tail}")
    lines = [line for line in proc.stdout.splitlines() if line.strip().startswith("{")]
    if not lines:
        raise RuntimeError(f"{' '.join(cmd)} printed no JSON")
    return json.loads(lines[-1])


def numpy_peer(n, repeats):
    """The seed's NumPy code at n neurons."""
    script = os.path.join(ROOT, "reference", "notebook.py")
    return run_json([PYTHON, script, "--time", str(n), "--repeats", str(repeats)], 1800)


def brian2_peer(target, n, repeats, workdir):
    cmd = [PYTHON, os.path.join(HERE, "brian2_peer.py"), "--target", target, "--n", str(n),
           "--repeats", str(repeats), "--t-ref-sigma", str(T_REF_SIGMA), "--seed", str(SEED)]
    if target == "cpp_standalone":
        cmd += ["--workdir", workdir]
    return run_json(cmd, 1800)


def numba_peer(variant, n, repeats):
    cmd = [PYTHON, os.path.join(HERE, "numba_peer.py"), "--variant", variant, "--n", str(n),
           "--repeats", str(repeats), "--seed", str(SEED)]
    return run_json(cmd, 1800)


def numba_checks(records, numpy_records):
    """Spike checks of the Numba variants at each n: matrix must count exactly the NumPy
    peer's spikes and fused exactly matrix's (the same MT19937 stream, draw for draw);
    parallel (one generator per thread) must agree with matrix in mean spikes per neuron."""
    checks = []
    by_n = {}
    for rec in records:
        by_n.setdefault(rec["n"], {})[rec["variant"]] = rec
    numpy_by_n = {rec["n"]: rec for rec in numpy_records}
    for n, variants in sorted(by_n.items()):
        matrix = variants.get("matrix")
        pairs = [("matrix", "NumPy seed code", numpy_by_n.get(n)), ("fused", "matrix", matrix),
                 ("parallel", "matrix", matrix)]
        for variant, against, ref in pairs:
            rec = variants.get(variant)
            if not rec or not ref:
                continue
            check = {"n": n, "variant": variant, "against": against,
                     "numba_spikes": rec["total_spikes"], "reference_spikes": ref["total_spikes"]}
            if variant == "parallel":
                z = z_compare(rec, ref)
                check.update(how="statistical", z=z, z_tolerance=Z_TOLERANCE,
                             agree=abs(z) < Z_TOLERANCE)
            else:
                check.update(how="exact", agree=rec["total_spikes"] == ref["total_spikes"])
            checks.append(check)
    return checks


def run_numba(args, result):
    """The Numba peer: parity, each variant at each size, the spike checks."""
    try:
        result["numba_parity"] = run_json(
            [PYTHON, os.path.join(HERE, "numba_peer.py"), "--parity"], 600)
        for case in result["numba_parity"]["cases"]:
            log(f"numba parity, {case['variant']}, {case['case']}: {case['numba_spikes']} "
                f"spikes (notebook {case['notebook_spikes']})")
    except Exception as e:  # noqa: BLE001
        result["errors"].append(f"numba parity: {e}")
        log(f"numba parity FAILED: {e}")
    for n in sizes(args.numba_sizes):
        for variant in [v for v in args.numba_variants.split(",") if v]:
            started = time.perf_counter()
            try:
                rec = numba_peer(variant, n, args.numba_repeats)
            except Exception as e:  # noqa: BLE001
                result["errors"].append(f"numba {variant} n={n}: {e}")
                log(f"numba {variant} n={n} FAILED: {e}")
                continue
            result["numba"].append(rec)
            log(f"numba {variant} n={n}: {rec['ns_per_neuron_step']:.1f} ns/neuron-step, "
                f"compile {rec['compile_seconds']:.1f} s, {rec['total_spikes']} spikes "
                f"({time.perf_counter() - started:.0f} s)")
    result["numba_checks"] = numba_checks(result["numba"], result["numpy"])
    for check in result["numba_checks"]:
        if not check["agree"]:
            log(f"numba {check['variant']} n={check['n']}: spikes DISAGREE with "
                f"{check['against']} ({check['numba_spikes']} vs {check['reference_spikes']})")


def lifbench_spikes(lifbench, n):
    """Per-neuron spike counts of a lifbench run with the Brian2 runs' parameters."""
    out = tempfile.mkdtemp(prefix="lifbench-peer-")
    try:
        for kernel in ("openmp", "xsimd", "scalar"):
            proc = subprocess.run(
                [lifbench, "simulate", "--kernel", kernel, "--rng", "philox", "--neurons",
                 str(n), "--t-ref-sigma", str(T_REF_SIGMA), "--seed", str(SEED), "--record",
                 "stats,spikes", "--out", out], capture_output=True, text=True, timeout=600)
            if proc.returncode == 0:
                return kernel, np.load(os.path.join(out, "spikes.npy"))
        raise RuntimeError(f"lifbench simulate failed: {proc.stderr.strip()}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def rate_check(brian, kernel, counts):
    """Compares mean spikes per neuron of Brian2 and lifbench (independent RNGs)."""
    n_b, n_l = brian["n"], len(counts)
    mean_b, sd_b = brian["spikes_per_neuron_mean"], brian["spikes_per_neuron_std"]
    mean_l = float(np.mean(counts))
    sd_l = float(np.std(counts, ddof=1)) if n_l > 1 else 0.0
    stderr = math.sqrt(sd_b ** 2 / n_b + sd_l ** 2 / n_l)
    z = (mean_b - mean_l) / stderr if stderr > 0 else float("inf")
    t_max_s = brian["steps"] * 0.001
    return {"target": brian["target"], "n": n_b, "lifbench_kernel": kernel,
            "brian2_spikes_per_neuron": mean_b, "lifbench_spikes_per_neuron": mean_l,
            "brian2_rate_hz": mean_b / t_max_s, "lifbench_rate_hz": mean_l / t_max_s,
            "relative_difference": (mean_b - mean_l) / mean_l if mean_l else float("nan"),
            "z": z, "z_tolerance": Z_TOLERANCE, "agree": abs(z) < Z_TOLERANCE}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lifbench", required=True, help="path of the lifbench binary")
    ap.add_argument("--out", required=True)
    ap.add_argument("--numpy-sizes", default="1e3,1e4,1e5,1e6")
    ap.add_argument("--numpy-repeats", type=int, default=3)
    ap.add_argument("--brian2-sizes", default="1e4,1e5,1e6")
    ap.add_argument("--targets", default="numpy,cython,cpp_standalone")
    ap.add_argument("--standalone-sizes", default=None,
                    help="sizes for cpp_standalone (default: --brian2-sizes); each is a build")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--numba-sizes", default="1e3,1e4,1e5,1e6")
    ap.add_argument("--numba-variants", default="matrix,fused,parallel")
    ap.add_argument("--numba-repeats", type=int, default=3)
    args = ap.parse_args(argv)

    result = {"numpy": [], "brian2": [], "brian2_parity": None, "rate_checks": [],
              "numba": [], "numba_parity": None, "numba_checks": [],
              "errors": [], "t_ref_sigma_brian2": T_REF_SIGMA}
    for n in sizes(args.numpy_sizes):
        started = time.perf_counter()
        # At 1e6 one run takes half a minute and allocates 3.6 GB: once is enough.
        repeats = args.numpy_repeats if n < 1_000_000 else 1
        try:
            rec = numpy_peer(n, repeats)
            result["numpy"].append(rec)
            log(f"numpy (seed code) n={n}: {rec['ns_per_neuron_step']:.1f} ns/neuron-step "
                f"({time.perf_counter() - started:.0f} s)")
        except Exception as e:  # noqa: BLE001 - a failed peer is reported, not fatal
            result["errors"].append(f"numpy n={n}: {e}")
            log(f"numpy n={n} FAILED: {e}")

    run_numba(args, result)

    targets = [t for t in args.targets.split(",") if t]
    try:
        result["brian2_parity"] = run_json(
            [PYTHON, os.path.join(HERE, "brian2_peer.py"), "--parity"], 600)
        for case in result["brian2_parity"]["cases"]:
            log(f"brian2 parity, {case['case']}: {case['brian2_spikes']} spikes "
                f"(notebook {case['notebook_spikes']})")
    except Exception as e:  # noqa: BLE001
        result["errors"].append(f"brian2 parity: {e}")
        log(f"brian2 parity FAILED: {e}")

    lifbench_counts = {}
    workdir = tempfile.mkdtemp(prefix="lifbench-brian2-standalone-")
    try:
        for target in targets:
            target_sizes = sizes(args.standalone_sizes) if (
                target == "cpp_standalone" and args.standalone_sizes) else sizes(args.brian2_sizes)
            for n in target_sizes:
                started = time.perf_counter()
                try:
                    rec = brian2_peer(target, n, args.repeats, workdir)
                except Exception as e:  # noqa: BLE001
                    result["errors"].append(f"brian2 {target} n={n}: {e}")
                    log(f"brian2 {target} n={n} FAILED: {e}")
                    continue
                result["brian2"].append(rec)
                if n not in lifbench_counts:
                    lifbench_counts[n] = lifbench_spikes(args.lifbench, n)
                check = rate_check(rec, *lifbench_counts[n])
                result["rate_checks"].append(check)
                log(f"brian2 {target} n={n}: {rec['ns_per_neuron_step']:.1f} ns/neuron-step, "
                    f"{check['brian2_rate_hz']:.2f} Hz vs lifbench {check['lifbench_rate_hz']:.2f}"
                    f" Hz (z={check['z']:+.2f}) ({time.perf_counter() - started:.0f} s)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
