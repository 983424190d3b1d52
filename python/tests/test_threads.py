"""Several Python threads at once: simulate() and separate LIFNeurons run in parallel (the
GIL is released) and give the sequential results; one LIFNeurons refuses a second stepper."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import lifbench
from conftest import notebook_inputs

RECORD = ("raster", "v", "t_ref", "stats")


def run_case(seed):
    kernel = ["reference", "scalar", "mask", "xsimd", "openmp"][seed % 5]
    sim = lifbench.simulate(kernel=kernel, seed=seed, neurons=2000, t_ref_sigma=0.003,
                            rng="numpy" if seed % 2 else "philox", record=RECORD)
    return sim.raster.tobytes(), sim.v.tobytes(), sim.mean_v.tobytes()


def test_concurrent_simulations_equal_sequential_ones():
    seeds = list(range(20))
    sequential = [run_case(s) for s in seeds]
    with ThreadPoolExecutor(max_workers=4) as pool:
        concurrent = list(pool.map(run_case, seeds))
    assert concurrent == sequential


def test_the_gil_is_released_while_a_kernel_runs():
    window = {}

    def long_run():
        window["start"] = time.perf_counter()
        lifbench.simulate(kernel="scalar", rng="philox", neurons=600_000, record="stats")
        window["end"] = time.perf_counter()

    worker = threading.Thread(target=long_run)
    worker.start()
    ticks = []
    while worker.is_alive():
        ticks.append(time.perf_counter())  # Python code running beside the kernel
    worker.join()
    start, end = window["start"], window["end"]
    assert end - start > 0.4
    inside = [t for t in ticks if start + 0.05 < t < end - 0.05]
    # Python kept running in this thread through the whole run, not only at GIL switches
    # (gaps of a few ms are the scheduler's, on a loaded machine).
    assert len(inside) > 1000 and max(np.diff(inside)) < 0.2


def test_separate_neurons_step_in_parallel_threads():
    i = notebook_inputs(1, n=3000)

    def run(seed):
        np.random.seed(seed)  # (the global generator is drawn before the threads start)
        return lifbench.LIFNeurons(3000, threads=1)

    populations = [run(s) for s in range(4)]
    expected = []
    for s in range(4):
        copy = run(s)
        expected.append(copy.run(i)[0].tobytes())
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda p: p.run(i)[0].tobytes(), populations))
    assert results == expected


def test_one_population_refuses_a_second_thread():
    np.random.seed(0)
    neurons = lifbench.LIFNeurons(8, threads=1)
    current = np.broadcast_to(np.float64(3e-10), (8, 5_000_000))
    errors = []
    started = threading.Event()

    def second():
        started.wait()
        time.sleep(0.05)
        try:
            neurons.ode_step(1e-3, 3e-10)
        except RuntimeError as e:
            errors.append(str(e))

    other = threading.Thread(target=second)
    other.start()
    started.set()
    neurons.run(current)
    other.join()
    assert errors == ["LIFNeurons: another thread is stepping these neurons"]
    assert neurons.steps == 5_000_000
    neurons.ode_step(1e-3, 3e-10)  # free again
    assert neurons.steps == 5_000_001
