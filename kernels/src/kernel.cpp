// The small name tables of the kernel interface and the capability helpers.
#include "lifbench/kernel.hpp"

namespace lifbench {

std::string_view to_string(Precision p) { return p == Precision::f64 ? "f64" : "f32"; }

std::string_view to_string(Variant v) {
  switch (v) {
    case Variant::functions:
      return "functions";
    case Variant::klass:
      return "class";
    default:
      return "loop";
  }
}

bool always_supported() { return true; }

std::vector<Isa> supported_isas(const Kernel& k) {
  if (!k.caps.isas) return {Isa::automatic};
  return supported_table_isas();
}

}  // namespace lifbench
