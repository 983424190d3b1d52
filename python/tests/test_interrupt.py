"""Ctrl-C (SIGINT) stops a long run within about a second and leaves nothing behind."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import lifbench

# 1e9 neurons x 150 steps, statistics only: minutes of work on any machine.
ENDLESS = dict(rng="philox", neurons=10**9, record="stats")


class Stop(Exception):
    pass


def interrupt_after(seconds, send):
    timer = threading.Timer(seconds, send)
    timer.start()
    return timer


def test_keyboard_interrupt_stops_simulate():
    timer = interrupt_after(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        lifbench.simulate(**ENDLESS)
    timer.join()
    assert time.perf_counter() - start - 0.5 < 1.5  # seen at the next batch
    # The module is usable afterwards.
    assert lifbench.simulate(kernel="reference").total_spikes == 2907


@pytest.mark.parametrize("kernel", ["xsimd", "scalar", "openmp"])
def test_a_signal_handlers_exception_ends_the_run(kernel):
    def handler(signum, frame):
        raise Stop()
    previous = signal.signal(signal.SIGINT, handler)
    try:
        timer = interrupt_after(0.3, lambda: signal.raise_signal(signal.SIGINT))
        start = time.perf_counter()
        with pytest.raises(Stop):
            lifbench.simulate(kernel=kernel, **ENDLESS)
        timer.join()
        assert time.perf_counter() - start - 0.3 < 1.5
    finally:
        signal.signal(signal.SIGINT, previous)


def test_matrix_runs_are_interruptible_too():
    """A run that records the raster is one batch in the driver; the module splits it."""
    def handler(signum, frame):
        raise Stop()
    previous = signal.signal(signal.SIGINT, handler)
    try:
        timer = interrupt_after(0.3, lambda: signal.raise_signal(signal.SIGINT))
        start = time.perf_counter()
        with pytest.raises(Stop):  # 1e5 neurons x 2000 steps: seconds with this kernel
            lifbench.simulate(kernel="scalar", rng="philox", neurons=100_000, t_max=2.0,
                              record="raster")
        timer.join()
        assert time.perf_counter() - start - 0.3 < 1.5
    finally:
        signal.signal(signal.SIGINT, previous)


def test_interrupted_run_leaves_the_neurons_as_they_were():
    def handler(signum, frame):
        raise Stop()
    np.random.seed(0)
    neurons = lifbench.LIFNeurons(8, threads=1)
    neurons.ode_step(1e-3, np.full(8, 3e-10))
    before = {k: np.copy(v) for k, v in vars(neurons).items() if not k.startswith("_")}
    current = np.broadcast_to(np.float64(3e-10), (8, 20_000_000))  # strided, no memory
    previous = signal.signal(signal.SIGINT, handler)
    try:
        timer = interrupt_after(0.1, lambda: signal.raise_signal(signal.SIGINT))
        with pytest.raises(Stop):
            neurons.run(current)
        timer.join()
    finally:
        signal.signal(signal.SIGINT, previous)
    for name, value in before.items():
        assert np.array_equal(getattr(neurons, name), value), name
