// The ars stream's scalar definition (ars.hpp): Random123's ars4x32_R<7>, and its bulk form
// with 128-bit AES-NI. Compiled with -maes (kernels/CMakeLists.txt): Random123's ARS exists
// only where the compiler may emit AES-NI.
#include "lifbench/ars.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>

#if defined(__x86_64__) || defined(_M_X64)
#include <Random123/ars.h>
#include <immintrin.h>
#define LIFBENCH_ARS_X86 1
#else
#define LIFBENCH_ARS_X86 0
#endif

namespace lifbench {

// Random123's Weyl increments of the ARS key schedule (ars.h), low and high 64-bit halves.
constexpr std::uint64_t kArsWeylLow = 0x9E3779B97F4A7C15ull;
constexpr std::uint64_t kArsWeylHigh = 0xBB67AE8584CAA73Bull;

ArsKeySchedule ArsKeySchedule::from_key(const std::array<std::uint32_t, 4>& key) {
  ArsKeySchedule keys{};
  // Words 0-1 and 2-3 of the key as 64-bit halves.
  std::uint64_t low = key[0] | (std::uint64_t{key[1]} << 32);
  std::uint64_t high = key[2] | (std::uint64_t{key[3]} << 32);
  for (auto& round_key : keys.round_key) {
    round_key[0] = static_cast<std::uint32_t>(low);
    round_key[1] = static_cast<std::uint32_t>(low >> 32);
    round_key[2] = static_cast<std::uint32_t>(high);
    round_key[3] = static_cast<std::uint32_t>(high >> 32);
    low += kArsWeylLow;
    high += kArsWeylHigh;
  }
  return keys;
}

ArsKeySchedule ArsKeySchedule::from_seed(std::uint64_t seed) {
  return from_key({static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32), 0, 0});
}

ArsKeySchedule ArsKeySchedule::flipped_keys() const {
  ArsKeySchedule keys = *this;
  for (std::uint32_t& word : keys.round_key[kArsRounds]) word ^= 0x80000000u;
  return keys;
}

#if LIFBENCH_ARS_X86

bool cpu_has_aes() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("aes") != 0;
}

std::array<std::uint32_t, 4> ars_words(std::uint64_t seed, std::uint64_t j, std::uint32_t block,
                                       std::uint32_t domain) {
  using Ars = r123::ARS4x32_R<kArsRounds>;
  const Ars::ctr_type ctr = {
      {block, static_cast<std::uint32_t>(j), static_cast<std::uint32_t>(j >> 32), domain}};
  const Ars::key_type key = {
      {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32), 0, 0}};
  const Ars::ctr_type out = Ars()(ctr, key);
  return {out[0], out[1], out[2], out[3]};
}

namespace {

// Blocks ars_words_range keeps in flight: aesenc has a latency of several cycles and a
// throughput of one or two a cycle, so 8 independent blocks keep the AES units busy.
constexpr std::size_t kArsInFlight = 8;

// The counter {block, j, j >> 32, domain} of neuron j as one 128-bit value.
inline __m128i ars_counter(std::uint32_t block, std::uint64_t j, std::uint32_t domain) {
  const auto low = static_cast<long long>((j << 32) | block);
  const auto high = static_cast<long long>((std::uint64_t{domain} << 32) | (j >> 32));
  return _mm_set_epi64x(high, low);
}

// The 8 round keys as 128-bit values.
struct RoundKeys128 {
  __m128i k[kArsRounds + 1];
  explicit RoundKeys128(const ArsKeySchedule& keys) {
    for (int r = 0; r <= kArsRounds; ++r) {
      k[r] = _mm_load_si128(reinterpret_cast<const __m128i*>(keys.round_key[r]));
    }
  }
};

// ARS of kBlocks consecutive neurons from j, stored at words[0 .. 4 kBlocks).
template <std::size_t kBlocks>
inline void ars_blocks(const RoundKeys128& keys, std::uint64_t j, std::uint32_t block,
                       std::uint32_t domain, std::uint32_t* words) {
  __m128i x[kBlocks];
  for (std::size_t b = 0; b < kBlocks; ++b) {
    x[b] = _mm_xor_si128(ars_counter(block, j + b, domain), keys.k[0]);
  }
  for (int r = 1; r < kArsRounds; ++r) {
    for (std::size_t b = 0; b < kBlocks; ++b) x[b] = _mm_aesenc_si128(x[b], keys.k[r]);
  }
  for (std::size_t b = 0; b < kBlocks; ++b) {
    x[b] = _mm_aesenclast_si128(x[b], keys.k[kArsRounds]);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(words + 4 * b), x[b]);
  }
}

}  // namespace

void ars_words_range(const ArsKeySchedule& keys, std::uint64_t j_first, std::size_t count,
                     std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  const RoundKeys128 k(keys);
  std::size_t i = 0;
  for (; i + kArsInFlight <= count; i += kArsInFlight) {
    ars_blocks<kArsInFlight>(k, j_first + i, block, domain, words + 4 * i);
  }
  for (; i < count; ++i) ars_blocks<1>(k, j_first + i, block, domain, words + 4 * i);
}

#else  // no AES code for this CPU family yet: cpu_has_aes() is false, nothing may be called

bool cpu_has_aes() { return false; }

namespace {
[[noreturn]] void no_aes() {
  throw std::invalid_argument("the ars stream needs AES instructions, which this CPU lacks");
}
}  // namespace

std::array<std::uint32_t, 4> ars_words(std::uint64_t, std::uint64_t, std::uint32_t, std::uint32_t) {
  no_aes();
}

void ars_words_range(const ArsKeySchedule&, std::uint64_t, std::size_t, std::uint32_t,
                     std::uint32_t, std::uint32_t*) {
  no_aes();
}

#endif

void ars_words_range(std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                     std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  ars_words_range(ArsKeySchedule::from_seed(seed), j_first, count, block, domain, words);
}

double ars_normal(std::uint64_t seed, std::uint64_t j) {
  const auto w = ars_words(seed, j, 0, kDomainNormal);
  const double u1 = uniform53(w[0], w[1]);
  const double u2 = uniform53(w[2], w[3]);
  return std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

}  // namespace lifbench
