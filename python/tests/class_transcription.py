"""Exercise 7's LIFNeurons class transcribed with NumPy, statement by statement, as the
ground truth for lifbench.LIFNeurons (written for this suite, not copied from the notebook).
"""

import numpy as np


class NotebookNeurons:
    """The class's state and its ode_step, in float64 NumPy arithmetic."""

    def __init__(self, n, t_ref_mu=0.01, t_ref_sigma=0.002, tau=20e-3, el=-60e-3,
                 vr=-70e-3, vth=-50e-3, r=100e6):
        self.n, self.tau, self.el, self.vr, self.vth, self.r = n, tau, el, vr, vth, r
        # One normal per neuron from the global generator, negatives clipped to zero.
        periods = t_ref_mu + t_ref_sigma * np.random.normal(size=n)
        periods[periods < 0] = 0
        self.t_ref = periods
        self.v = np.full(n, el) * 1.0
        self.spiked = self.v >= vth
        self.last_spike = -self.t_ref * np.ones(n)
        self.t = 0.0
        self.steps = 0

    def ode_step(self, dt, i):
        self.t = self.t + dt
        self.steps = self.steps + 1
        drive = (self.el - self.v) + self.r * i
        self.v = self.v + (dt / self.tau) * drive
        self.spiked = self.v >= self.vth
        self.v[self.spiked] = self.vr
        self.last_spike[self.spiked] = self.t
        refractory = self.t_ref > (self.t - self.last_spike)
        self.v[refractory] = self.vr
        self.last_spike[self.spiked] = self.t


def exercise7(make_neurons, i, dt=1e-3):
    """The notebook's Exercise 7 loop around any class: (v_n, raster, neurons)."""
    n, steps = i.shape
    v_n = -60e-3 * np.ones([n, steps])
    raster = np.zeros([n, steps])
    neurons = make_neurons(n)
    for step in range(steps):
        neurons.ode_step(dt, i[:, step])
        v_n[:, step] = neurons.v
        raster[neurons.spiked, step] = 1.
    return v_n, raster, neurons
