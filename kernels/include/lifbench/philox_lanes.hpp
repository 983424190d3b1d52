// The xsimd kernel's SIMD Philox and block shape, one ISA at a time: for tests and
// benchmarks that check the vector code against Random123 (tests/test_philox_simd.cpp).
// Every function throws std::invalid_argument for an ISA this CPU lacks.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lifbench/kernel.hpp"
#include "lifbench/model.hpp"

namespace lifbench {

// Values of precision p in one SIMD register of `isa` (automatic: the best ISA).
int simd_lanes(Isa isa, Precision p);
// Neurons the xsimd kernel keeps in registers as one block on `isa` (a multiple of the lanes;
// the same for both precisions).
int simd_block_neurons(Isa isa, Precision p);

// words[4i..4i+3] = philox4x32_10(counters[4i..4i+3], keys[2i..2i+1]) for i < count, every
// lane its own counter and key (the general SIMD form).
void simd_philox_words(Isa isa, std::size_t count, const std::uint32_t* counters,
                       const std::uint32_t* keys, std::uint32_t* words);

// The fused kernel's form: words of counters {block, j, j >> 32, domain} and key
// {seed, seed >> 32} for j = j_first .. j_first + count - 1; j_first a multiple of 16.
void simd_philox_stream_words(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                              std::uint32_t block, std::uint32_t domain, std::uint32_t* words);

// u[j - j_first] = the philox stream's uniform of (seed, j, step k) as the kernel computes it
// (j_first a multiple of 64); compare with philox_uniform<T> (philox.hpp).
void simd_philox_uniforms(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, double* u);
void simd_philox_uniforms(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, float* u);

}  // namespace lifbench
