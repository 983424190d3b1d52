"""lifbench from Python: the LIF simulations of the Neuromatch tutorial at compiled speed.

    import lifbench
    sim = lifbench.simulate(neurons=500, t_ref_sigma=0.007)   # the random-refractory demo
    sim.raster            # uint8 [n, K], as the notebook's raster
    sim.summary           # the summary.json of `lifbench simulate`, as a dict

    neurons = lifbench.LIFNeurons(500)                         # Exercise 7's class, compiled
    neurons.ode_step(dt, i[:, step])

`lifbench.kernels()` lists the implementations, `lifbench.verify()` checks every one of
them against the reference. Bad input raises ValueError (lifbench.UsageError, with the
message of the command line) or TypeError. docs/python.md has the whole story.
"""

from ._core import UsageError
from ._neurons import LIFNeurons
from ._registry import kernels, verify
from ._simulate import MODEL_PARAMETERS, Simulation, simulate

__all__ = ["LIFNeurons", "MODEL_PARAMETERS", "Simulation", "UsageError", "kernels", "simulate",
           "verify"]
