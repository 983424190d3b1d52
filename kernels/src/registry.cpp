// The implementation registry and the small name tables of the interface.
#include <xsimd/xsimd.hpp>

#include "lifbench/kernel.hpp"

namespace lifbench {

std::string_view to_string(Precision p) { return p == Precision::f64 ? "f64" : "f32"; }
std::string_view to_string(Stream s) { return s == Stream::numpy ? "numpy" : "philox"; }

std::string_view to_string(Isa isa) {
  switch (isa) {
    case Isa::sse2:
      return "sse2";
    case Isa::avx2:
      return "avx2";
    case Isa::avx512:
      return "avx512";
    default:
      return "auto";
  }
}

bool parse_isa(std::string_view text, Isa* isa) {
  for (Isa candidate : {Isa::automatic, Isa::sse2, Isa::avx2, Isa::avx512}) {
    if (text == to_string(candidate)) {
      *isa = candidate;
      return true;
    }
  }
  return false;
}

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

// The avx512 unit is built for xsimd::avx512bw (F, CD, DQ and BW), as its flags say.
bool cpu_supports(Isa isa) {
  const auto archs = xsimd::available_architectures();
  switch (isa) {
    case Isa::sse2:
      return archs.sse2;
    case Isa::avx2:
      return archs.avx2;
    case Isa::avx512:
      return archs.avx512bw;
    default:
      return true;
  }
}

Isa best_isa() {
  for (Isa isa : {Isa::avx512, Isa::avx2, Isa::sse2}) {
    if (cpu_supports(isa)) return isa;
  }
  return Isa::sse2;
}

const std::vector<const Kernel*>& registry() {
  // The last entry is the CLI's default kernel (the fastest).
  static const std::vector<const Kernel*> kernels = {&kReferenceKernel, &kScalarKernel,
                                                     &kMaskKernel, &kXsimdKernel, &kOpenmpKernel};
  return kernels;
}

const Kernel* find_kernel(std::string_view name) {
  for (const Kernel* k : registry()) {
    if (k->name == name) return k;
  }
  return nullptr;
}

std::vector<Isa> supported_isas(const Kernel& k) {
  if (!k.uses_isa) return {Isa::automatic};
  std::vector<Isa> isas;
  for (Isa isa : {Isa::sse2, Isa::avx2, Isa::avx512}) {
    if (cpu_supports(isa)) isas.push_back(isa);
  }
  return isas;
}

}  // namespace lifbench
