// The random-number floor of the fused philox kernels: generating their uniforms alone.
//
// Same SIMD Philox, same counters and the same uniform conversion as the xsimd kernel, for
// n neurons x K steps, on one ISA and `threads` OpenMP threads; no LIF arithmetic, no
// recording. The uniforms are summed into a checksum so the compiler can't drop them.
// A kernel's time divided by this floor's is its overhead over the random numbers.
#pragma once

#include <cstdint>

#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"

namespace lifbench {

// Generates u[j, k] for j < neurons, k < steps (rounded up to whole Philox blocks: 2 steps in
// f64, 4 in f32); returns their sum. isa automatic: the best; throws std::invalid_argument
// for an ISA the CPU lacks.
double philox_floor(Precision precision, std::int64_t neurons, std::int64_t steps,
                    std::uint64_t seed, Isa isa, int threads);

}  // namespace lifbench
