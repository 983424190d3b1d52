"""lifbench.LIFNeurons: the LIFNeurons class of the tutorial's Exercise 7, compiled.

The state stays in NumPy arrays under the class's names, and the constructor draws the
refractory periods from NumPy's global generator exactly as the class does, so that the
object can replace the class in the notebook and give the same v_n and raster, bit for
bit. Only the arithmetic of ode_step (and of run, K steps at once) is compiled.
"""

import threading

import numpy as np

from . import _core
from ._simulate import _integer, _real, _text

_DTYPES = {"f64": np.float64, "f32": np.float32}


class LIFNeurons:
    """n LIF neurons stepped as Exercise 7's class steps them (t += dt, v recorded after
    each step, the clamp test t_ref > t - last_spike).

    Attributes, as the class has them: n, tau, el, vr, vth, r, t_ref_mu, t_ref_sigma, t_ref
    [n], v [n], spiked [n] (bool), last_spike [n], t, steps. precision "f32" keeps the state
    in float32 (the parameters rounded to float32). threads: cores for large populations
    (None: all). Bad parameters raise ValueError with the command line's message.

    One thread at a time may step an object (a second one gets RuntimeError); different
    objects may be stepped from different threads at once (the GIL is released).
    """

    def __init__(self, n, t_ref_mu=0.01, t_ref_sigma=0.002, tau=20e-3, el=-60e-3,
                 vr=-70e-3, vth=-50e-3, r=100e6, *, precision="f64", threads=None):
        _core.check([f"--neurons={_integer('n', n)}", f"--t-ref-mu={_real('t_ref_mu', t_ref_mu)}",
                     f"--t-ref-sigma={_real('t_ref_sigma', t_ref_sigma)}",
                     f"--precision={_text('precision', precision)}",
                     *self._model_flags(tau, el, vr, vth, r)])
        if threads is not None and int(_integer("threads", threads)) < 1:
            raise ValueError("--threads: must be at least 1")
        dtype = _DTYPES[precision]
        self.precision = precision
        self.threads = threads

        # As the class: the neuron count, the neuron's parameters
        self.n = n
        self.tau = tau
        self.el = el
        self.vr = vr
        self.vth = vth
        self.r = r

        # the refractory periods from NumPy's global generator (a normal per neuron, always)
        self.t_ref_mu = t_ref_mu
        self.t_ref_sigma = t_ref_sigma
        t_ref = self.t_ref_mu + self.t_ref_sigma * np.random.normal(size=self.n)
        t_ref[t_ref < 0] = 0
        self.t_ref = t_ref.astype(dtype, copy=False)

        # and the state variables
        self.v = dtype(self.el) * np.ones(self.n, dtype)
        self.spiked = self.v >= dtype(self.vth)
        self.last_spike = -self.t_ref * np.ones([self.n], dtype)
        self.t = 0.
        self.steps = 0

        self._lock = threading.Lock()
        self._checked = None

    @staticmethod
    def _model_flags(tau, el, vr, vth, r):
        return [f"--tau={_real('tau', tau)}", f"--el={_real('el', el)}",
                f"--vr={_real('vr', vr)}", f"--vth={_real('vth', vth)}", f"--r={_real('r', r)}"]

    def _check(self, dt):
        """Validates dt and the parameters (once per distinct set, they may be changed)."""
        key = (dt, self.tau, self.el, self.vr, self.vth, self.r)
        if key != self._checked:
            dt_text = _real("dt", dt)
            _core.check([f"--dt={dt_text}", f"--t-max={dt_text}", f"--precision={self.precision}",
                         *self._model_flags(self.tau, self.el, self.vr, self.vth, self.r)])
            self._checked = key

    def _begin(self):
        if not self._lock.acquire(blocking=False):
            raise RuntimeError("LIFNeurons: another thread is stepping these neurons")

    def ode_step(self, dt, i):
        """One step of dt (s) with input current i (A): an array of n currents in the
        neurons' precision (a column i[:, step] is fine) or one number for all."""
        self._begin()
        try:
            self._check(dt)
            self.t, self.v, self.spiked = _core.class_step(
                self.n, dt, i, self.v, self.last_spike, self.t_ref, self.t, self.tau, self.el, self.vr,
                self.vth, self.r, self.threads or 0)
            self.steps += 1
        finally:
            self._lock.release()

    def run(self, i, dt=1e-3):
        """K steps at once on the input i [n, K]: the same as ode_step(dt, i[:, k]) for
        k = 0 .. K-1, with v_n[:, k] = v and raster[:, k] = spiked after each, and the
        same state after. Returns (v_n, raster), raster in uint8. Ctrl-C stops it between
        blocks of neurons and leaves the state as it was."""
        self._begin()
        try:
            self._check(dt)
            t, v_n, raster = _core.class_run(
                self.n, dt, i, self.v, self.last_spike, self.t_ref, self.t, self.tau, self.el, self.vr,
                self.vth, self.r, self.threads or 0)
            if v_n.shape[1] > 0:
                self.t = t
                self.v = v_n[:, -1].copy()
                self.spiked = raster[:, -1].astype(bool)
                self.steps += v_n.shape[1]
            return v_n, raster
        finally:
            self._lock.release()

    def __repr__(self):
        return (f"<lifbench.LIFNeurons n={self.n} {self.precision} t={self.t:.6g} s "
                f"steps={self.steps}>")
