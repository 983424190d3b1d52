"""Shared helpers of the Python suite: the command line to compare with, and the notebook's
inputs drawn as the notebook draws them."""

import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def cli_binary():
    """The lifbench command line (ctest names it in LIFBENCH_BINARY)."""
    binary = pathlib.Path(os.environ.get("LIFBENCH_BINARY",
                                         ROOT / "build" / "release" / "apps" / "lifbench"))
    if not binary.exists():
        pytest.skip(f"the lifbench command line is not built ({binary})")
    return binary


@pytest.fixture(scope="session")
def cli(cli_binary):
    """Runs `lifbench simulate ARGS`: (exit status, stderr, output directory)."""
    binary = cli_binary

    def run(args, out):
        proc = subprocess.run([str(binary), "simulate", *args, "--out", str(out)],
                              capture_output=True, text=True, timeout=300)
        return proc.returncode, proc.stderr.strip(), pathlib.Path(out)

    return run


def notebook_inputs(seed, n, t_max=0.150, dt=0.001, i_mean=25e-11, dtype=np.float64):
    """np.random.seed(seed), then the notebook's input matrix i [n, K] (K = its t_range),
    computed in `dtype` from the uniforms as lifbench computes it in that precision."""
    np.random.seed(seed)
    steps = len(np.arange(0, t_max, dt))
    u = np.random.random([n, steps]).astype(dtype)
    one, two = dtype(1), dtype(2)
    return dtype(i_mean) * (one + dtype(0.1 * (t_max / dt) ** 0.5) * (two * u - one))


def load_summary(directory):
    with open(pathlib.Path(directory) / "summary.json") as f:
        return json.load(f)
