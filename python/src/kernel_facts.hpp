// What the module needs to know about a registered kernel, read in one place
// (kernel_facts() in registry_binding.cpp) so that a change of lifbench::Kernel's fields
// touches one function here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lifbench/kernel.hpp"

namespace lifbench::python {

struct KernelFacts {
  std::string name;
  std::string description;
  bool supported = false;         // runs on this CPU
  std::vector<std::string> isas;  // what isa= accepts ("auto" always)
  bool threads = false;           // honours threads=
  bool f32 = false;               // has an f32 form
  std::int64_t batch_chunks = 0;  // chunks per call it prefers when streaming (0: all)
};

KernelFacts kernel_facts(const Kernel& kernel);

}  // namespace lifbench::python
