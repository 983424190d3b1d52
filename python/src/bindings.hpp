// Shared pieces of the Python module lifbench._core: one bind_* function per concern and the
// helper that hands a std::vector to NumPy without copying it.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <utility>
#include <vector>

namespace lifbench::python {

namespace py = pybind11;

// lifbench._core.simulate and its result holder (simulate_binding.cpp).
void bind_simulate(py::module_& m);
// The compiled steps of the LIFNeurons class (neurons_binding.cpp).
void bind_neurons(py::module_& m);
// lifbench._core.kernels and verify (registry_binding.cpp).
void bind_registry(py::module_& m);

// A NumPy array owning `data` (moved into a capsule, never copied) with the given shape.
template <class T>
py::array_t<T> adopt(std::vector<T>&& data, std::vector<py::ssize_t> shape) {
  auto* owned = new std::vector<T>(std::move(data));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(std::move(shape), owned->data(), owner);
}

}  // namespace lifbench::python
