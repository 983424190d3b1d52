// lifbench.kernels() and lifbench.verify(): the registry and the verify matrix from Python.
#include <pybind11/stl.h>

#include <sstream>
#include <string>

#include "bindings.hpp"
#include "kernel_facts.hpp"
#include "lifbench/registry.hpp"
#include "lifbench/verify.hpp"

namespace lifbench::python {

// The only function of the module that reads lifbench::Kernel's fields.
KernelFacts kernel_facts(const Kernel& kernel) {
  KernelFacts facts;
  facts.name = kernel.name;
  facts.description = kernel.description;
  facts.supported = kernel.supported();
  facts.isas = {"auto"};
  if (kernel.caps.isas) {
    for (Isa isa : supported_isas(kernel)) facts.isas.emplace_back(to_string(isa));
  }
  facts.threads = kernel.caps.threads;
  facts.f32 = kernel.caps.f32;
  facts.batch_chunks = kernel.preferred_batch_chunks;
  return facts;
}

namespace {

// One registry entry as a dict (name, description, supported, isas, threads, f32).
py::dict kernel_info(const Kernel& kernel) {
  const KernelFacts facts = kernel_facts(kernel);
  py::dict info;
  info["name"] = facts.name;
  info["description"] = facts.description;
  info["supported"] = facts.supported;
  info["isas"] = facts.isas;
  info["threads"] = facts.threads;
  info["f32"] = facts.f32;
  return info;
}

// Every registered kernel, in the registry's order.
py::list kernels() {
  py::list out;
  for (const Kernel* kernel : registry()) out.append(kernel_info(*kernel));
  return out;
}

// Runs `lifbench verify` (the GIL released) and returns (mismatches, its table as text).
py::tuple verify(bool quick) {
  std::ostringstream table;
  int mismatches = 0;
  {
    py::gil_scoped_release release;
    cli::VerifyOptions options;
    options.quick = quick;
    mismatches = cli::run_verify(options, table);
  }
  return py::make_tuple(mismatches, table.str());
}

}  // namespace

void bind_registry(py::module_& m) {
  m.def("kernels", &kernels, "The kernel registry: one dict per kernel.");
  m.def("verify", &verify, py::arg("quick"),
        "Every kernel x ISA x threads x precision x stream against the reference: "
        "(mismatches, table text).");
}

}  // namespace lifbench::python
