"""lifbench.simulate: the command line's run, in memory, bit for bit."""

import numpy as np
import pytest

import lifbench
from conftest import load_summary, notebook_inputs

EVERYTHING = ("raster", "v", "t_ref", "stats", "spikes")


def loop_form(i, t_ref, dt=1e-3, tau=20e-3, el=-60e-3, vr=-70e-3, vth=-50e-3, r=100e6):
    """Exercise 5 / the random-refractory demo, NumPy: (v_n, raster)."""
    n, steps = i.shape
    v_n = el * np.ones([n, steps])
    raster = np.zeros([n, steps])
    last_spike = -t_ref * np.ones([n])
    for step, t in enumerate(np.arange(steps) * dt):
        if step == 0:
            continue
        v_n[:, step] = v_n[:, step - 1] + dt / tau * (el - v_n[:, step - 1] + r * i[:, step])
        spiked = v_n[:, step] >= vth
        v_n[spiked, step] = vr
        raster[spiked, step] = 1.
        v_n[last_spike + t_ref > t, step] = vr
        last_spike[spiked] = t
    return v_n, raster


@pytest.mark.parametrize("sigma,spikes", [(0.0, 2907), (0.007, 3004)])
def test_notebook_runs(sigma, spikes):
    sim = lifbench.simulate(kernel="reference", t_ref_sigma=sigma, record=EVERYTHING)
    assert sim.total_spikes == spikes
    i = notebook_inputs(2020, n=500)
    t_ref = 0.01 + sigma * np.random.normal(size=500) if sigma else np.full(500, 0.01)
    t_ref[t_ref < 0] = 0
    v_n, raster = loop_form(i, t_ref)
    assert np.array_equal(sim.v, v_n) and np.array_equal(sim.raster, raster)
    assert np.array_equal(sim.t_ref, t_ref)
    assert np.array_equal(sim.spikes, raster.sum(axis=1))
    assert np.array_equal(sim.spikes_per_step, raster.sum(axis=0))
    assert np.array_equal(sim.t_range, np.arange(0, 0.150, 0.001))


@pytest.mark.parametrize("kernel", [k["name"] for k in lifbench.kernels() if k["supported"]])
@pytest.mark.parametrize("precision", ["f64", "f32"])
def test_every_kernel_agrees_with_the_reference(kernel, precision):
    def run(name):
        return lifbench.simulate(kernel=name, precision=precision, neurons=1500, seed=3,
                                 t_ref_sigma=0.004, record=EVERYTHING)
    ours, ref = run(kernel), run("reference")
    for name in ("raster", "v", "t_ref", "spikes", "spikes_per_step", "mean_v"):
        assert getattr(ours, name).tobytes() == getattr(ref, name).tobytes(), name


def test_shapes_and_dtypes():
    sim = lifbench.simulate(neurons=37, t_max=0.0105, precision="f32", record=EVERYTHING)
    assert sim.steps == 11 == len(np.arange(0, 0.0105, 0.001))
    assert sim.raster.shape == (37, 11) and sim.raster.dtype == np.uint8
    assert sim.v.shape == (37, 11) and sim.v.dtype == np.float32
    assert sim.t_ref.shape == (37,) and sim.t_ref.dtype == np.float32
    assert sim.spikes.dtype == np.int64 and sim.spikes_per_step.shape == (11,)
    assert sim.mean_v.dtype == np.float64 and sim.rate_hz.shape == (11,)
    only_stats = lifbench.simulate(neurons=37, record=["stats"])
    assert only_stats.raster is None and only_stats.v is None and only_stats.t_ref is None
    no_stats = lifbench.simulate(neurons=37, record="raster")
    assert no_stats.spikes_per_step is None and no_stats.histograms is None
    assert "spikes_per_step" not in no_stats.summary


def test_arrays_are_handed_over_without_copies():
    sim = lifbench.simulate(neurons=50, record=EVERYTHING)
    for name in ("raster", "v", "t_ref", "spikes"):
        array = getattr(sim, name)
        assert type(array.base).__name__ == "PyCapsule", name  # the C++ vector itself
        assert not array.flags.owndata and array.flags.writeable and array.flags.c_contiguous
    # The statistics stay with the run (summary.json is made from them): read-only views.
    for name in ("spikes_per_step", "mean_v"):
        array = getattr(sim, name)
        assert type(array.base).__name__ == "Run" and not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 1
    raster = sim.raster
    del sim
    raster[:] = 1  # the array outlives the result and stays valid
    assert raster.sum() == raster.size


CLI_CASES = [
    ({"kernel": "reference"}, ["--kernel", "reference"]),
    ({"kernel": "xsimd", "precision": "f32", "t_ref_sigma": 0.007},
     ["--kernel", "xsimd", "--precision", "f32", "--t-ref-sigma", "0.007"]),
    ({"kernel": "openmp", "threads": 2, "rng": "philox", "seed": 99, "neurons": 3000,
      "tau": 0.015, "i_mean": 3e-10, "vth": float("inf"), "hist_steps": (3, 7), "hist_bins": 9},
     ["--kernel", "openmp", "--threads", "2", "--rng", "philox", "--seed", "99", "--neurons",
      "3000", "--tau", "0.015", "--i-mean", "3e-10", "--vth", "inf", "--hist-steps", "3,7",
      "--hist-bins", "9"]),
    ({"kernel": "reference", "variant": "functions", "neurons": 100, "t_max": 0.05,
      "noise": 2.0, "hist_range": (-0.09, -0.04)},
     ["--kernel", "reference", "--variant", "functions", "--neurons", "100", "--t-max", "0.05",
      "--noise", "2", "--hist-range", "-0.09,-0.04"]),
]


@pytest.mark.parametrize("kwargs,flags", CLI_CASES)
def test_same_files_as_the_command_line(cli, tmp_path, kwargs, flags):
    status, err, out = cli([*flags, "--record", ",".join(EVERYTHING)], tmp_path)
    assert status == 0, err
    sim = lifbench.simulate(record=EVERYTHING, **kwargs)
    for name, array in (("raster", sim.raster), ("v", sim.v), ("t_ref", sim.t_ref),
                        ("spikes", sim.spikes)):
        theirs = np.load(out / f"{name}.npy")
        assert theirs.dtype == array.dtype and theirs.tobytes() == array.tobytes(), name
    summary, theirs = dict(sim.summary), load_summary(out)
    for d in (summary, theirs):
        d.pop("wall_seconds")
        d.pop("files", None)
    assert summary == theirs
    assert np.array_equal(sim.rate_hz, theirs["rate_hz"])
    assert np.array_equal(sim.mean_v, theirs["mean_v"])
    assert [h["counts"].tolist() for h in sim.histograms] == [h["counts"] for h in
                                                             theirs["histograms"]]
    assert sim.kernel == theirs["kernel"] and sim.isa == theirs["isa"]


def test_batches_do_not_change_results():
    """simulate() splits matrix runs into batches so that Ctrl-C is seen; results stay."""
    base = dict(neurons=5000, seed=8, t_ref_sigma=0.003, record=EVERYTHING)
    whole = lifbench.simulate(batch_chunks=5, **base)
    for chunks in (1, 2, None):
        sim = lifbench.simulate(batch_chunks=chunks, **base)
        for name in ("raster", "v", "spikes_per_step", "mean_v"):
            assert getattr(sim, name).tobytes() == getattr(whole, name).tobytes()


def test_empty_population():
    sim = lifbench.simulate(neurons=0, record=EVERYTHING)
    assert sim.raster.shape == (0, 150) and sim.total_spikes == 0
    assert np.isnan(sim.mean_v).all() and np.isnan(sim.rate_hz).all()


def test_model_parameters_are_the_summarys():
    """The keyword list covers every model parameter summary.json records."""
    parameters = lifbench.simulate(neurons=1).summary["parameters"]
    assert set(lifbench.MODEL_PARAMETERS) == set(parameters) - {"neurons", "seed"}
