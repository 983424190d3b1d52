// lifbench._core: the compiled half of the Python package `lifbench` (python/lifbench/).
#include "bindings.hpp"
#include "lifbench/cli.hpp"

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  m.doc() = "lifbench's compiled core; use the package `lifbench`, not this module";
  // Bad input: lifbench.UsageError, a ValueError carrying the command line's one-line message.
  py::register_exception<lifbench::cli::UsageError>(m, "UsageError", PyExc_ValueError);
  lifbench::python::bind_simulate(m);
  lifbench::python::bind_neurons(m);
  lifbench::python::bind_registry(m);
}
