// The `ars` stream (SPEC 2): u[j,k] and z[j] as pure functions of (seed, j, k), from AES
// rounds. docs/ars.md describes it for users.
//
// Random123's ars4x32_R<7> is the definition. Key = {seed low 32 bits, seed high 32 bits, 0,
// 0}. Counter = {block, j low 32 bits, j high 32 bits, domain}, as for the philox stream. One
// call gives words w0..w3:
//   domain 0: word i is the input of step 4 block + i of neuron j, one word per neuron-step
//             in both precisions: f64 u = w 2^-32 (exact), f32 u = (w >> 8) 2^-24;
//   domain 1: block 0; z[j] = sqrt(-2 ln(1 - u1)) cos(2 pi u2) with u1 = res53(w0, w1),
//             u2 = res53(w2, w3) (Box-Muller in double, as philox_normal).
// ARS needs AES instructions (AES-NI on x86-64). Every function below except cpu_has_aes()
// has the precondition cpu_has_aes(): without it the CPU stops on an illegal instruction.
// Callers check it once (a run, a test) and reject the stream as bad input otherwise.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "lifbench/philox.hpp"

namespace lifbench {

// ARS rounds: a plain XOR with the first round key, 6 aesenc, 1 aesenclast.
inline constexpr int kArsRounds = 7;
// Steps one ARS call feeds (one 32-bit word per neuron-step).
inline constexpr std::int64_t kArsStepsPerBlock = 4;

// Whether this CPU has the AES instructions ARS needs (AES-NI on x86-64; false elsewhere for
// now).
bool cpu_has_aes();

// The round keys of one seed, as Random123 derives them: k0 = key, k(r+1) = k(r) +
// (0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B) in 64-bit halves (words 0-1, words 2-3).
// The same for every neuron: computed once per run.
struct ArsKeySchedule {
  alignas(16) std::uint32_t round_key[kArsRounds + 1][4];

  // The schedule of key {seed & 0xffffffff, seed >> 32, 0, 0}: the stream's.
  static ArsKeySchedule from_seed(std::uint64_t seed);
  // The schedule of any 128-bit key (words 0 .. 3), for tests against Random123.
  static ArsKeySchedule from_key(const std::array<std::uint32_t, 4>& key);
  // This schedule with bit 31 of all four words of the last round key flipped: every output
  // word then comes out with bit 31 flipped (aesenclast ends with an XOR of the key), which
  // read as int32 is w - 2^31 (the centred form of the inputs).
  ArsKeySchedule flipped_keys() const;
};

// ars4x32_R<7>(counter {block, j, j >> 32, domain}, key {seed, seed >> 32, 0, 0}) through
// Random123 itself. Precondition: cpu_has_aes().
std::array<std::uint32_t, 4> ars_words(std::uint64_t seed, std::uint64_t j, std::uint32_t block,
                                       std::uint32_t domain);

// words[4 i + w] = word w of ars_words(seed, j_first + i, block, domain) for i < count, with
// 128-bit AES-NI and several blocks in flight (for kernels without AES code of their own).
// Precondition: cpu_has_aes().
void ars_words_range(const ArsKeySchedule& keys, std::uint64_t j_first, std::size_t count,
                     std::uint32_t block, std::uint32_t domain, std::uint32_t* words);
void ars_words_range(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                     std::uint32_t block, std::uint32_t domain, std::uint32_t* words);

// u[j,k] of the ars stream in precision T. Precondition: cpu_has_aes().
template <class T>
inline T ars_uniform(std::uint64_t seed, std::uint64_t j, std::int64_t k) {
  const auto block = static_cast<std::uint32_t>(k / kArsStepsPerBlock);
  const std::uint32_t w = ars_words(seed, j, block, kDomainUniform)[k % kArsStepsPerBlock];
  if constexpr (sizeof(T) == 8) {
    return static_cast<double>(w) * 0x1p-32;  // exact: 32 bits fit a double
  } else {
    return uniform24(w);
  }
}

// z[j] ~ N(0,1) of the ars stream (Box-Muller in double). Precondition: cpu_has_aes().
double ars_normal(std::uint64_t seed, std::uint64_t j);

}  // namespace lifbench
