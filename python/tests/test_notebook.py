"""docs/teaching.ipynb runs top to bottom (nbclient) and finds the tutorial's numbers."""

import json
import os
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "teaching.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook executed by a kernel on this interpreter, with this PYTHONPATH."""
    home = tmp_path_factory.mktemp("jupyter")
    spec = home / "kernels" / "lifbench-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "lifbench test", "language": "python"}))
    env = {"JUPYTER_PATH": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "IPYTHONDIR": str(home / "ipython"),
           # the inline backend: Agg rendering to PNG outputs, no display needed
           "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        NotebookClient(nb, kernel_name="lifbench-test", timeout=300,
                       resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


def results_of(nb):
    cell = next(c for c in nb.cells if "results" in c.metadata.get("tags", []))
    return json.loads("".join(o["text"] for o in cell.outputs if o["output_type"] == "stream"))


def test_the_tutorials_spike_counts(executed):
    results = results_of(executed)
    assert results["numpy_spikes_exercise5"] == results["lifbench_spikes_exercise5"] == 2907
    assert results["numpy_spikes_demo"] == results["lifbench_spikes_demo"] == 3004
    assert results["class_spikes"] == 2885 and results["class_identical"]
    assert results["identical"] and all(results["identical"].values())
    assert results["demo_histogram_neurons"] == [500, 500]


def test_timings_were_measured(executed):
    results = results_of(executed)
    timings = results["timings_ns_per_neuron_step"]
    kernels = {"lifbench " + k for k in ("reference", "scalar", "mask", "xsimd", "openmp")}
    assert {"NumPy loop"} | kernels <= set(timings)
    assert all(0 < ns < 1e4 for ns in timings.values())
    assert set(results["class_timings_ns_per_neuron_step"]) == {
        "NumPy class", "LIFNeurons.ode_step", "LIFNeurons.run"}
    if "Numba" in timings:
        assert results["numba_spikes"] == 2907 and results["numba_identical"]


def test_figures_were_drawn(executed):
    images = [o for c in executed.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert len(images) >= 2  # the timing chart and the raster / histogram / rate figure


def test_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")

