// The kernel registry. A new kernel is one source file (its `Kernel` entry at the bottom)
// plus one line in kKernels below: docs/adding_a_kernel.md.
#include "lifbench/registry.hpp"

#include <iterator>

namespace lifbench {

// Registry entries, each defined next to its kernel.
extern const Kernel kReferenceKernel;  // reference/src/reference.cpp
extern const Kernel kScalarKernel;     // kernels/src/scalar.cpp
extern const Kernel kMaskKernel;       // kernels/src/mask.cpp
extern const Kernel kXsimdKernel;      // kernels/src/xsimd/xsimd_kernel.cpp
extern const Kernel kOpenmpKernel;     // kernels/src/openmp.cpp
extern const Kernel kSkeletonKernel;   // kernels/src/skeleton.cpp
extern const Kernel kAutovecKernel;    // kernels/src/autovec/autovec.cpp
extern const Kernel kStdsimdKernel;    // kernels/src/stdsimd/stdsimd.cpp
extern const Kernel kHighwayKernel;    // kernels/src/highway/highway_kernel.cpp

namespace {
const Kernel* const kKernels[] = {&kReferenceKernel, &kScalarKernel,  &kMaskKernel,
                                  &kXsimdKernel,     &kOpenmpKernel,  &kSkeletonKernel,
                                  &kAutovecKernel,   &kStdsimdKernel, &kHighwayKernel};
}  // namespace

std::span<const Kernel* const> registry() { return {kKernels, std::size(kKernels)}; }

const Kernel* find_kernel(std::string_view name) {
  for (const Kernel* k : registry()) {
    if (k->name == name) return k;
  }
  return nullptr;
}

const Kernel& reference_kernel() { return kReferenceKernel; }

const Kernel& default_kernel() { return kOpenmpKernel; }

}  // namespace lifbench
