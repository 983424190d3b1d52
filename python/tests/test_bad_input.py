"""Bad input raises ValueError with the command line's message, or TypeError; never a crash."""

import re

import numpy as np
import pytest

import lifbench

# (simulate keywords, the same request as command-line flags)
REJECTED = [
    ({"vr": -0.05}, ["--vr", "-0.05"]),                                    # vr >= vth
    ({"vr": -0.04}, ["--vr", "-0.04"]),
    ({"tau": float("nan")}, ["--tau", "nan"]),
    ({"dt": float("inf")}, ["--dt", "inf"]),
    ({"vth": float("-inf")}, ["--vth", "-inf"]),
    ({"i_mean": float("nan")}, ["--i-mean", "nan"]),
    ({"dt": 0.0}, ["--dt", "0"]),
    ({"tau": -0.02}, ["--tau", "-0.02"]),
    ({"r": 0}, ["--r", "0"]),
    ({"t_max": 0.0005}, ["--t-max", "0.0005"]),                             # t_max < dt
    ({"t_ref_mu": -0.001}, ["--t-ref-mu", "-0.001"]),
    ({"t_ref_sigma": -1e-3}, ["--t-ref-sigma", "-0.001"]),
    ({"neurons": -1}, ["--neurons", "-1"]),
    ({"neurons": 2**41}, ["--neurons", str(2**41)]),
    ({"seed": 2**32}, ["--seed", str(2**32)]),                              # numpy stream
    ({"kernel": "numba"}, ["--kernel", "numba"]),
    ({"isa": "neon"}, ["--isa", "neon"]),
    ({"kernel": "scalar", "isa": "avx2"}, ["--kernel", "scalar", "--isa", "avx2"]),
    ({"kernel": "xsimd", "threads": 2}, ["--kernel", "xsimd", "--threads", "2"]),
    ({"threads": 0}, ["--threads", "0"]),
    ({"precision": "f16"}, ["--precision", "f16"]),
    ({"rng": "mt"}, ["--rng", "mt"]),
    ({"variant": "class"}, ["--variant", "class"]),                         # reference only
    ({"kernel": "reference", "variant": "oop"}, ["--kernel", "reference", "--variant", "oop"]),
    ({"record": ("raster", "voltage")}, ["--record", "raster,voltage"]),
    ({"hist_steps": (3, 3)}, ["--hist-steps", "3,3"]),
    ({"hist_steps": (150,)}, ["--hist-steps", "150"]),
    ({"hist_range": (0.1, -0.1)}, ["--hist-range", "0.1,-0.1"]),
    ({"hist_bins": 0}, ["--hist-bins", "0"]),
    ({"precision": "f32", "vr": -0.05, "vth": -0.04999999999}, ["--precision", "f32", "--vr",
                                                                 "-0.05", "--vth",
                                                                 "-0.04999999999"]),
    ({"t_max": 1e9, "dt": 1e-3}, ["--t-max", "1e9"]),                       # 2^31 steps
    # Outputs that would not fit in memory, refused before allocating.
    ({"neurons": 2**40, "record": "raster"}, ["--neurons", str(2**40), "--record", "raster"]),
]


@pytest.mark.parametrize("kwargs,flags", REJECTED, ids=[str(k) for k, _ in REJECTED])
def test_value_error_with_the_command_lines_message(cli, tmp_path, kwargs, flags):
    status, err, out = cli(flags, tmp_path / "out")
    assert status == 2 and err.startswith("lifbench: error: ")
    with pytest.raises(ValueError) as raised:
        lifbench.simulate(**kwargs)
    assert isinstance(raised.value, lifbench.UsageError)
    # (the memory available moves between the two runs)
    def masked(text):
        return re.sub(r"only \d+ MiB", "only N MiB", text)
    assert masked(str(raised.value)) == masked(err.removeprefix("lifbench: error: "))
    assert "\n" not in str(raised.value)


def test_an_isa_the_cpu_lacks(cli, tmp_path):
    accepted = set(next(k for k in lifbench.kernels() if k["name"] == "xsimd")["isas"])
    missing = [isa for isa in ("sse2", "avx2", "avx512") if isa not in accepted]
    if not missing:
        pytest.skip("this CPU has every ISA lifbench compiles for")
    status, err, _ = cli(["--kernel", "xsimd", "--isa", missing[0]], tmp_path)
    with pytest.raises(ValueError, match="not supported by this CPU") as raised:
        lifbench.simulate(kernel="xsimd", isa=missing[0])
    assert status == 2 and str(raised.value) == err.removeprefix("lifbench: error: ")


WRONG_TYPES = [
    {"neurons": 1.5}, {"neurons": "500"}, {"neurons": True}, {"seed": 2020.0},
    {"threads": 1.0}, {"kernel": 3}, {"precision": None and 0 or b"f64"}, {"tau": "0.02"},
    {"tau": 1j}, {"dt": None and 0 or [0.001]}, {"vth": True}, {"record": 5},
    {"record": ["raster", 5]}, {"hist_steps": [1.5]}, {"hist_range": "a,b"},
    {"tau_m": 0.02}, {"out": "/tmp/x"},
]


@pytest.mark.parametrize("kwargs", WRONG_TYPES, ids=str)
def test_type_error(kwargs):
    with pytest.raises(TypeError):
        lifbench.simulate(**kwargs)


def test_numpy_scalars_are_numbers():
    sim = lifbench.simulate(neurons=np.int64(20), tau=np.float32(0.02), seed=np.uint32(1))
    assert sim.neurons == 20 and sim.parameters["tau"] == float(np.float32(0.02))


@pytest.fixture
def neurons():
    np.random.seed(0)
    return lifbench.LIFNeurons(10)


@pytest.mark.parametrize("kwargs,message", [
    ({"vr": -0.04}, "--vr: must be below --vth"),
    ({"tau": 0.0}, "--tau: must be positive"),
    ({"r": float("nan")}, "--r: must be a finite number, got NaN"),
    ({"t_ref_sigma": -0.1}, "--t-ref-sigma: must not be negative"),
    ({"t_ref_mu": float("inf")}, "--t-ref-mu: must be finite"),
    ({"precision": "f16"}, "--precision: must be f64 or f32"),
    ({"threads": 0}, "--threads: must be at least 1"),
])
def test_neurons_reject_bad_parameters_before_drawing(kwargs, message):
    np.random.seed(1)
    with pytest.raises(ValueError, match=message):
        lifbench.LIFNeurons(10, **kwargs)
    after_failure = np.random.random()
    np.random.seed(1)
    assert np.random.random() == after_failure  # the generator was not touched


def test_neurons_reject_a_negative_count():
    with pytest.raises(ValueError, match="--neurons: must not be negative"):
        lifbench.LIFNeurons(-1)
    with pytest.raises(TypeError):
        lifbench.LIFNeurons(10.0)


@pytest.mark.parametrize("i,error,message", [
    (np.zeros(10, np.float32), TypeError, "must be a float64 array"),
    (np.zeros(10, np.int64), TypeError, "must be a float64 array"),
    (list(np.zeros(10)), TypeError, "or a number, got <class 'list'>"),
    ("1e-10", TypeError, "or a number"),
    (True, TypeError, "or a number"),
    (np.zeros(9), ValueError, r"must have shape \(10,\), one current per neuron, got \(9,\)"),
    (np.zeros((10, 1)), ValueError, r"got \(10, 1\)"),
    (np.zeros(10).astype(">f8"), TypeError, "must be a float64 array"),
])
def test_ode_step_rejects_bad_currents(neurons, i, error, message):
    with pytest.raises(error, match=message):
        neurons.ode_step(1e-3, i)
    assert neurons.steps == 0 and neurons.t == 0.0  # nothing was half-done


@pytest.mark.parametrize("dt,error", [(0.0, ValueError), (-1e-3, ValueError),
                                      (float("nan"), ValueError), (float("inf"), ValueError),
                                      ("0.001", TypeError)])
def test_ode_step_rejects_bad_dt(neurons, dt, error):
    with pytest.raises(error):
        neurons.ode_step(dt, 2e-10)
    assert neurons.steps == 0


def test_changed_attributes_are_checked_again(neurons):
    neurons.ode_step(1e-3, 2e-10)
    neurons.vth = neurons.vr
    with pytest.raises(ValueError, match="--vr: must be below --vth"):
        neurons.ode_step(1e-3, 2e-10)
    neurons.vth = -0.05
    neurons.v = np.zeros(11)
    with pytest.raises(ValueError, match=r"v must have shape \(10,\)"):
        neurons.ode_step(1e-3, 2e-10)
    neurons.v = [0.0] * 10
    with pytest.raises(TypeError, match="v must be a float64 or float32 NumPy array"):
        neurons.ode_step(1e-3, 2e-10)
    neurons.v = np.zeros(10)
    neurons.last_spike.flags.writeable = False
    with pytest.raises(ValueError, match="last_spike must be writeable"):
        neurons.ode_step(1e-3, 2e-10)
    neurons.last_spike = neurons.last_spike.astype(np.float32)
    with pytest.raises(TypeError, match="last_spike must be a float64 NumPy array"):
        neurons.ode_step(1e-3, 2e-10)
    assert neurons.steps == 1


def test_run_rejects_bad_inputs(neurons):
    with pytest.raises(ValueError, match=r"must have shape \(10, K\), one row per neuron"):
        neurons.run(np.zeros((9, 5)))
    with pytest.raises(ValueError, match=r"got \(10,\)"):
        neurons.run(np.zeros(10))
    with pytest.raises(TypeError, match="must be a float64 array of shape"):
        neurons.run(np.zeros((10, 5), np.float32))
    with pytest.raises(TypeError):
        neurons.run([[0.0] * 5] * 10)
    assert neurons.steps == 0
    v_n, raster = neurons.run(np.zeros((10, 0)))
    assert v_n.shape == raster.shape == (10, 0) and neurons.steps == 0
