// lifbench._core.class_step and class_run: the compiled steps behind lifbench.LIFNeurons
// (python/lifbench/_neurons.py keeps the state as NumPy arrays, like the class it replaces).
#include <omp.h>

#include <algorithm>
#include <string>
#include <vector>

#include "bindings.hpp"
#include "class_form.hpp"

namespace lifbench::python {

namespace {

std::string shape_text(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t d = 0; d < a.ndim(); ++d) {
    s += std::to_string(a.shape(d)) + (a.ndim() == 1 ? "," : d + 1 < a.ndim() ? ", " : "");
  }
  return s + ")";
}

template <class T>
const char* precision_name() {
  return sizeof(T) == 8 ? "float64" : "float32";
}

// A state array of the neurons (v, last_spike, t_ref): dtype T, shape (n,).
template <class T>
Strided<T> state_array(const py::object& obj, const char* what, py::ssize_t n, bool write) {
  if (!py::isinstance<py::array_t<T>>(obj)) {
    throw py::type_error(std::string("LIFNeurons: ") + what + " must be a " + precision_name<T>() +
                         " NumPy array (the neurons' precision), got " +
                         py::str(py::type::of(obj)).cast<std::string>() +
                         (py::isinstance<py::array>(obj)
                              ? " of " + py::str(obj.attr("dtype")).cast<std::string>()
                              : ""));
  }
  const auto a = py::reinterpret_borrow<py::array>(obj);
  if (a.ndim() != 1 || a.shape(0) != n) {
    throw py::value_error(std::string("LIFNeurons: ") + what + " must have shape (" +
                          std::to_string(n) + ",), got " + shape_text(a));
  }
  if (write && !a.writeable()) {
    throw py::value_error(std::string("LIFNeurons: ") + what + " must be writeable");
  }
  return {static_cast<char*>(const_cast<void*>(a.data())), a.strides(0), 0};
}

// One step's input current: an array of shape (n,) in the neurons' precision (any
// stride, e.g. a column i[:, step]), or one number for every neuron.
template <class T>
Strided<T> step_current(const py::object& i, py::ssize_t n, T& scalar) {
  if ((PyFloat_Check(i.ptr()) || PyLong_Check(i.ptr())) && !PyBool_Check(i.ptr())) {
    scalar = static_cast<T>(i.cast<double>());
    return {reinterpret_cast<char*>(&scalar), 0, 0};
  }
  if (!py::isinstance<py::array_t<T>>(i)) {
    throw py::type_error(std::string("LIFNeurons.ode_step: i must be a ") + precision_name<T>() +
                         " array (the neurons' precision) or a number, got " +
                         (py::isinstance<py::array>(i)
                              ? py::str(i.attr("dtype")).cast<std::string>() + " array"
                              : py::str(py::type::of(i)).cast<std::string>()));
  }
  const auto a = py::reinterpret_borrow<py::array>(i);
  if (a.ndim() == 0) return {static_cast<char*>(const_cast<void*>(a.data())), 0, 0};
  if (a.ndim() != 1 || a.shape(0) != n) {
    throw py::value_error("LIFNeurons.ode_step: i must have shape (" + std::to_string(n) +
                          ",), one current per neuron, got " + shape_text(a));
  }
  return {static_cast<char*>(const_cast<void*>(a.data())), a.strides(0), 0};
}

// A whole run's input: an [n, K] array in the neurons' precision, any strides.
template <class T>
Strided<T> run_current(const py::object& i, py::ssize_t n) {
  if (!py::isinstance<py::array_t<T>>(i)) {
    throw py::type_error(std::string("LIFNeurons.run: i must be a ") + precision_name<T>() +
                         " array of shape (n, K) (the neurons' precision), got " +
                         (py::isinstance<py::array>(i)
                              ? py::str(i.attr("dtype")).cast<std::string>() + " array"
                              : py::str(py::type::of(i)).cast<std::string>()));
  }
  const auto a = py::reinterpret_borrow<py::array>(i);
  if (a.ndim() != 2 || a.shape(0) != n) {
    throw py::value_error("LIFNeurons.run: i must have shape (" + std::to_string(n) +
                          ", K), one row per neuron, got " + shape_text(a));
  }
  return {static_cast<char*>(const_cast<void*>(a.data())), a.strides(0), a.strides(1)};
}

int thread_count(int threads) { return threads > 0 ? threads : omp_get_num_procs(); }

// The state every call reads: v, last_spike (written), t_ref.
template <class T>
ClassState<T> read_state(py::ssize_t n, const py::object& v, const py::object& last_spike,
                         const py::object& t_ref) {
  return {n, state_array<T>(v, "v", n, false), state_array<T>(last_spike, "last_spike", n, true),
          state_array<T>(t_ref, "t_ref", n, false)};
}

// ode_step(dt, i) for the whole population: returns (t, new v, new spiked); last_spike is
// updated in place, as the class does.
template <class T>
py::tuple step_typed(const Constants<T>& c, const py::object& i, const ClassState<T>& s, double t0,
                     int threads) {
  T scalar{};
  const Strided<T> current = step_current<T>(i, s.n, scalar);
  const T t = static_cast<T>(t0) + c.dt;  // self.t += dt
  py::array_t<T> v_out(s.n);
  py::array_t<bool> spiked_out(s.n);
  T* v = v_out.mutable_data();
  bool* spiked = spiked_out.mutable_data();
  {
    py::gil_scoped_release release;
#pragma omp parallel for schedule(static) num_threads(thread_count(threads)) if (s.n >= 65536)
    for (py::ssize_t j = 0; j < s.n; ++j) {
      T vj = s.v.get(j), last = s.last_spike.get(j);
      spiked[j] = class_step(vj, last, current.get(j), s.t_ref.get(j), t, c);
      v[j] = vj;
      s.last_spike.set(j, last);
    }
  }
  return py::make_tuple(static_cast<double>(t), v_out, spiked_out);
}

// run(i): K ode_steps on an [n, K] input, in blocks of rows with Ctrl-C looked at in
// between. Returns (t, v_n, raster); last_spike is written only once the run completed.
template <class T>
py::tuple run_typed(const Constants<T>& c, const py::object& i, const ClassState<T>& s, double t0,
                    int threads) {
  const Strided<T> current = run_current<T>(i, s.n);
  const py::ssize_t steps = py::reinterpret_borrow<py::array>(i).shape(1);
  std::vector<T> times(static_cast<std::size_t>(steps));
  T t = static_cast<T>(t0);
  for (auto& tm : times) tm = t = t + c.dt;  // self.t += dt, step after step
  py::array_t<T> v_n({s.n, steps});
  py::array_t<std::uint8_t> raster({s.n, steps});
  std::vector<T> last_out(static_cast<std::size_t>(s.n));
  const int team = thread_count(threads);
  T* v_data = v_n.mutable_data();
  std::uint8_t* raster_data = raster.mutable_data();
  const py::ssize_t block =
      std::max<py::ssize_t>(1, (py::ssize_t{1} << 24) * team / std::max<py::ssize_t>(steps, 1));
  for (py::ssize_t first = 0; first < s.n; first += block) {
    {
      py::gil_scoped_release release;
      class_run_rows(c, current, s, times, v_data, raster_data, last_out.data(), first,
                     std::min(s.n, first + block), team);
    }
    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
  }
  for (py::ssize_t j = 0; j < s.n; ++j) s.last_spike.set(j, last_out[j]);
  return py::make_tuple(static_cast<double>(t), v_n, raster);
}

// Dispatches on the precision of v (float64 or float32).
template <template <class> class Fn>
py::tuple dispatch(py::ssize_t n, double dt, const py::object& i, const py::object& v,
                   const py::object& last_spike, const py::object& t_ref, double t, double tau,
                   double el, double vr, double vth, double r, int threads) {
  if (py::isinstance<py::array_t<double>>(v)) {
    return Fn<double>::call(class_constants<double>(dt, tau, el, vr, vth, r), i,
                            read_state<double>(n, v, last_spike, t_ref), t, threads);
  }
  if (py::isinstance<py::array_t<float>>(v)) {
    return Fn<float>::call(class_constants<float>(dt, tau, el, vr, vth, r), i,
                           read_state<float>(n, v, last_spike, t_ref), t, threads);
  }
  throw py::type_error("LIFNeurons: v must be a float64 or float32 NumPy array, got " +
                       py::str(py::type::of(v)).cast<std::string>());
}

template <class T>
struct Step {
  static py::tuple call(const Constants<T>& c, const py::object& i, const ClassState<T>& s,
                        double t, int threads) {
    return step_typed<T>(c, i, s, t, threads);
  }
};
template <class T>
struct RunAll {
  static py::tuple call(const Constants<T>& c, const py::object& i, const ClassState<T>& s,
                        double t, int threads) {
    return run_typed<T>(c, i, s, t, threads);
  }
};

}  // namespace

void bind_neurons(py::module_& m) {
  m.def("class_step", &dispatch<Step>, "One LIFNeurons.ode_step: (t, v, spiked).");
  m.def("class_run", &dispatch<RunAll>,
        "K LIFNeurons.ode_steps on an [n, K] input: (t, v_n, raster).");
}

}  // namespace lifbench::python
