"""lifbench.LIFNeurons against a NumPy transcription of Exercise 7's class: bit for bit."""

import functools

import numpy as np
import pytest

import lifbench
from class_transcription import NotebookNeurons, exercise7
from conftest import notebook_inputs

PARAMETER_SETS = [
    {},                                          # the class's defaults (sigma 2 ms)
    {"t_ref_sigma": 0.007},                      # the demo's spread, some periods clipped
    {"t_ref_sigma": 0.0},                        # fixed period: a normal is still drawn
    {"t_ref_mu": 0.0, "t_ref_sigma": 0.0},       # no refractory period
    {"t_ref_mu": 0.004, "t_ref_sigma": 0.02},    # many periods clipped to 0
    {"tau": 0.013, "el": -0.065, "vr": -0.075, "vth": -0.052, "r": 1.3e8},
    {"vth": float("inf"), "t_ref_mu": 0.0},      # Exercise 1: no threshold
]


def same_bits(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def assert_same_state(ours, theirs):
    for name in ("v", "spiked", "last_spike", "t_ref"):
        assert same_bits(getattr(ours, name), getattr(theirs, name)), name
    assert ours.t == theirs.t and ours.steps == theirs.steps


@pytest.mark.parametrize("seed", [2020, 0, 7, 123456789])
@pytest.mark.parametrize("params", PARAMETER_SETS, ids=lambda p: ",".join(p) or "defaults")
def test_exercise7_bit_for_bit(seed, params):
    i = notebook_inputs(seed, n=300)
    # Each class draws its refractory periods right after the inputs, from the same state.
    v_ref, raster_ref, ref = exercise7(functools.partial(NotebookNeurons, **params), i)
    i_again = notebook_inputs(seed, n=300)
    v_ours, raster_ours, ours = exercise7(functools.partial(lifbench.LIFNeurons, **params),
                                          i_again)
    assert same_bits(v_ours, v_ref)
    assert same_bits(raster_ours, raster_ref)
    assert_same_state(ours, ref)
    # The generator was left where the class leaves it.
    after_ours = np.random.random()
    notebook_inputs(seed, n=300)
    NotebookNeurons(300, **params)
    assert np.random.random() == after_ours


def test_notebook_case_counts_2885_spikes():
    _, raster, neurons = exercise7(lifbench.LIFNeurons, notebook_inputs(2020, n=500))
    assert raster.sum() == 2885
    assert neurons.steps == 150 and neurons.t == pytest.approx(0.150)


@pytest.mark.parametrize("params", PARAMETER_SETS, ids=lambda p: ",".join(p) or "defaults")
def test_run_equals_ode_steps(params):
    i = notebook_inputs(11, n=257)
    np.random.seed(5)
    stepped = lifbench.LIFNeurons(257, **params)
    v_n = np.empty(i.shape)
    raster = np.zeros(i.shape, np.uint8)
    for k in range(i.shape[1]):
        stepped.ode_step(1e-3, i[:, k])
        v_n[:, k] = stepped.v
        raster[:, k] = stepped.spiked
    np.random.seed(5)
    whole = lifbench.LIFNeurons(257, **params)
    v_run, raster_run = whole.run(i)
    assert same_bits(v_run, v_n) and same_bits(raster_run, raster)
    assert_same_state(whole, stepped)


def test_run_continues_a_stepped_population_and_takes_any_layout():
    i = notebook_inputs(3, n=100)
    np.random.seed(1)
    ref = NotebookNeurons(100)
    for k in range(i.shape[1]):
        ref.ode_step(1e-3, i[:, k])
    np.random.seed(1)
    ours = lifbench.LIFNeurons(100)
    for k in range(40):
        ours.ode_step(1e-3, i[:, k])
    ours.run(np.asfortranarray(i[:, 40:100]))
    ours.run(i[:, 100:])  # a strided view
    assert_same_state(ours, ref)


def test_varying_dt_and_scalar_current():
    np.random.seed(9)
    ref = NotebookNeurons(64)
    np.random.seed(9)
    ours = lifbench.LIFNeurons(64)
    for k, dt in enumerate([1e-3, 5e-4, 2e-3, 1e-4] * 20):
        current = 3.1e-10 if k % 2 else np.float64(2.2e-10)
        ref.ode_step(dt, current)
        ours.ode_step(dt, current)
    assert_same_state(ours, ref)


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_threads_give_the_same_bits(threads):
    i = notebook_inputs(4, n=70_000, t_max=0.02)
    np.random.seed(2)
    one = lifbench.LIFNeurons(70_000, threads=1)
    np.random.seed(2)
    many = lifbench.LIFNeurons(70_000, threads=threads)
    assert all(same_bits(a, b) for a, b in zip(one.run(i), many.run(i)))
    one.ode_step(1e-3, i[:, 0])
    many.ode_step(1e-3, i[:, 0])
    assert_same_state(many, one)


@pytest.mark.parametrize("precision", ["f64", "f32"])
@pytest.mark.parametrize("sigma", [0.0, 0.002, 0.007])
def test_matches_the_reference_kernels_class_form(precision, sigma):
    """The same model through the C++ reference (simulate(variant="class")), f32 included."""
    sim = lifbench.simulate(kernel="reference", variant="class", precision=precision,
                            neurons=400, seed=77, t_ref_sigma=sigma,
                            record=("raster", "v", "t_ref"))
    dtype = np.float64 if precision == "f64" else np.float32
    i = notebook_inputs(77, n=400, dtype=dtype)
    # The normals follow the inputs in both (with sigma 0 the class draws them and adds 0).
    neurons = lifbench.LIFNeurons(400, t_ref_mu=0.01, t_ref_sigma=sigma, precision=precision)
    assert same_bits(neurons.t_ref, sim.t_ref)
    v_n, raster = neurons.run(i)
    assert same_bits(v_n, sim.v) and same_bits(raster, sim.raster)


def test_f32_state_is_float32():
    np.random.seed(0)
    neurons = lifbench.LIFNeurons(10, precision="f32")
    assert neurons.v.dtype == np.float32 and neurons.t_ref.dtype == np.float32
    neurons.ode_step(1e-3, np.full(10, 3e-10, np.float32))
    assert neurons.v.dtype == np.float32 and neurons.spiked.dtype == bool


def test_attributes_behave_as_the_class():
    np.random.seed(0)
    neurons = lifbench.LIFNeurons(5)
    last_spike = neurons.last_spike
    old_v = neurons.v
    neurons.ode_step(1e-3, np.full(5, 1e-8))  # everyone spikes
    assert neurons.spiked.all() and neurons.spiked.dtype == bool
    assert neurons.last_spike is last_spike and (last_spike == neurons.t).all()  # in place
    assert neurons.v is not old_v and (old_v == -0.06).all()  # a new array, as the class's
    neurons.tau = 1e-3  # attributes may be changed between steps, as in the class
    ref = NotebookNeurons.__new__(NotebookNeurons)
    ref.__dict__.update({k: (v.copy() if isinstance(v, np.ndarray) else v)
                         for k, v in vars(neurons).items() if not k.startswith("_")})
    i = np.linspace(1e-10, 5e-10, 5)
    neurons.ode_step(2e-3, i)
    ref.ode_step(2e-3, i)
    assert_same_state(neurons, ref)
