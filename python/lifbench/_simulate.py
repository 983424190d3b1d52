"""lifbench.simulate: `lifbench simulate` in memory, with NumPy arrays for results.

The keywords become the command line's flags (t_ref_mu -> --t-ref-mu) and go through its
parser, so every check and every message is the command line's.
"""

import json
import numbers
import operator

import numpy as np

from . import _core

# The model's parameters under the notebook's names (the command line writes --t-max, ...).
MODEL_PARAMETERS = ("t_max", "dt", "tau", "el", "vr", "vth", "r", "i_mean", "noise",
                    "t_ref_mu", "t_ref_sigma")


def _flag(name):
    return "--" + name.replace("_", "-")


def _text(name, value):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    return value


def _integer(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    return str(operator.index(value))


def _real(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    return repr(float(value))  # round-trips the double exactly ('nan', 'inf' included)


def _items(name, value, convert):
    """A comma list from a sequence of values."""
    if isinstance(value, str):
        raise TypeError(f"{name} must be a sequence of values, got str")
    try:
        items = list(value)
    except TypeError:
        raise TypeError(f"{name} must be a sequence, got {type(value).__name__}") from None
    return ",".join(convert(name, item) for item in items)


_TEXT_OPTIONS = ("kernel", "precision", "rng", "isa", "variant")
_INTEGER_OPTIONS = ("seed", "neurons", "threads", "hist_bins", "batch_chunks")


def _arguments(options, model):
    """The command line's flags for simulate()'s keywords (None: the command line's default)."""
    args = []
    for name, value in options.items():
        if value is None:
            continue
        if name in _TEXT_OPTIONS:
            text = _text(name, value)
        elif name in _INTEGER_OPTIONS:
            text = _integer(name, value)
        elif name == "record":  # a sequence, or one string such as "raster,v"
            text = value if isinstance(value, str) else _items(name, value, _text)
        elif name == "hist_steps":
            text = _items(name, value, _integer) or "none"
        else:  # hist_range
            text = _items(name, value, _real)
        args.append(f"{_flag(name)}={text}")
    for name, value in model.items():
        if name not in MODEL_PARAMETERS:
            raise TypeError(f"simulate() got an unexpected keyword argument '{name}'")
        args.append(f"{_flag(name)}={_real(name, value)}")
    return args


def simulate(*, kernel=None, precision=None, rng=None, seed=None, neurons=None, record=None,
             threads=None, isa=None, variant=None, hist_steps=None, hist_bins=None,
             hist_range=None, batch_chunks=None, **model):
    """Runs one simulation, as `lifbench simulate` does, and returns a Simulation.

    Every keyword left at None takes the command line's default: kernel "openmp" (on every
    core), precision "f64", rng "numpy", seed 2020, neurons 500, record
    ("raster", "t_ref", "stats"), isa "auto", variant "loop", the notebook's model.

    kernel: a name from lifbench.kernels(); precision: "f64" or "f32"; rng: "numpy" (the
    notebook's np.random, bit for bit), "philox" or "ars" (counter-based, one word per
    neuron-step; ars needs AES instructions); record: a sequence of "raster", "v",
    "t_ref", "stats", "spikes" (spikes per neuron); threads: for the openmp kernel; isa:
    "auto", "sse2", "avx2" or "avx512"; variant: the reference kernel's notebook form, "loop"
    (Exercise 5), "functions" (Exercise 6) or "class" (Exercise 7); hist_steps, hist_bins,
    hist_range: the V histograms (default: steps K // 10 and K - 1, 50 bins); batch_chunks:
    chunks of 1024 neurons per kernel call (None: chosen so that Ctrl-C is seen within a
    fraction of a second). Model keywords (MODEL_PARAMETERS): t_max, dt, tau, el, vr, vth,
    r, i_mean, noise, t_ref_mu, t_ref_sigma, in SI units.

    Raises ValueError (lifbench.UsageError, the command line's message) for bad values and
    TypeError for arguments of the wrong type. The GIL is released while the kernel runs;
    Ctrl-C stops the run (KeyboardInterrupt) between batches of neurons.
    """
    options = {"kernel": kernel, "precision": precision, "rng": rng, "seed": seed,
               "neurons": neurons, "record": record, "threads": threads, "isa": isa,
               "variant": variant, "hist_steps": hist_steps, "hist_bins": hist_bins,
               "hist_range": hist_range, "batch_chunks": batch_chunks}
    return Simulation(*_core.simulate(_arguments(options, model)))


class Simulation:
    """One run's results, in the notebook's shapes (n neurons, K steps).

    raster: uint8 [n, K] (1 where a neuron spiked); v: [n, K] membrane potentials (if
    recorded); t_ref: [n] refractory periods; spikes: [n] spikes per neuron (record
    "spikes"); spikes_per_step, mean_v, rate_hz: [K] (record "stats"); histograms: the V
    histograms; summary: the dict `lifbench simulate` writes as summary.json. Arrays that
    were not recorded are None. Recorded arrays belong to NumPy (no copy was made);
    spikes_per_step and mean_v are read-only views of the run's statistics.
    """

    def __init__(self, run, arrays, facts):
        self._run = run
        self._summary = None
        self._histograms = None
        self.raster = arrays["raster"]
        self.v = arrays["v"]
        self.t_ref = arrays["t_ref"]
        self.spikes = arrays["spikes"]
        self.neurons = facts["neurons"]
        self.steps = facts["steps"]
        self.dt = facts["dt"]
        self.total_spikes = facts["total_spikes"]
        self.wall_seconds = facts["wall_seconds"]
        self.spikes_per_step = facts.get("spikes_per_step")
        self.mean_v = facts.get("mean_v")

    @property
    def t_range(self):
        """Step times k * dt: the values np.arange(0, t_max, dt) holds."""
        return np.arange(self.steps) * self.dt

    @property
    def rate_hz(self):
        """Population rate per step in Hz, spikes / (n * dt), as summary.json's rate_hz."""
        if self.spikes_per_step is None:
            return None
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.spikes_per_step / (self.neurons * self.dt)

    @property
    def histograms(self):
        """V histograms: dicts of step, t, counts [bins], edges [bins + 1], below, above."""
        if self.spikes_per_step is None:
            return None
        if self._histograms is None:
            self._histograms = self._run.histograms()
            for h in self._histograms:
                h["edges"] = np.linspace(h["lo"], h["hi"], len(h["counts"]) + 1)
        return self._histograms

    @property
    def summary(self):
        """summary.json of this run, as a dict."""
        if self._summary is None:
            self._summary = json.loads(self._run.summary_json())
        return self._summary

    kernel = property(lambda self: self.summary["kernel"], doc="Kernel that ran.")
    isa = property(lambda self: self.summary["isa"], doc="ISA it ran on ('none': no SIMD).")
    threads = property(lambda self: self.summary["threads"], doc="Threads it ran on.")
    precision = property(lambda self: self.summary["precision"], doc="'f64' or 'f32'.")
    parameters = property(lambda self: self.summary["parameters"], doc="The model's values.")

    def __repr__(self):
        return (f"<lifbench.Simulation {self.neurons} neurons x {self.steps} steps, "
                f"{self.total_spikes} spikes, {self.wall_seconds * 1e3:.3g} ms>")
