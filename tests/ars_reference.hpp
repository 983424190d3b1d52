// Random123's ars4x32_R<R> for the ars tests (test_ars.cpp, test_properties_ars.cpp).
//
// On x86-64 it is Random123 itself: its ars.h is written with AES-NI intrinsics (the files
// that include this header get the baseline row's AES flags, tests/CMakeLists.txt). Other CPU
// families have no Random123 ARS, so there it is portable_ars below: the same rounds written
// out from FIPS-197 (SubBytes, ShiftRows, MixColumns, in the order of x86's aesenc) with
// Random123's key schedule. test_ars.cpp checks portable_ars against Random123 on x86-64, and
// both against Random123's known-answer vectors, so on aarch64 the crypto extension's rounds
// are checked against a definition that was itself checked against Random123.
#pragma once

#include <array>
#include <cstdint>

#include "lifbench/isa.hpp"  // LIFBENCH_ISA_FAMILY_*

#if defined(LIFBENCH_ISA_FAMILY_x86_64)
#include <Random123/ars.h>
#endif

namespace lifbench_test {

using Words = std::array<std::uint32_t, 4>;

namespace detail {

// a * b in GF(2^8) with AES's polynomial x^8 + x^4 + x^3 + x + 1.
constexpr std::uint8_t gf_mul(std::uint8_t a, std::uint8_t b) {
  std::uint8_t product = 0;
  for (int bit = 0; bit < 8; ++bit) {
    if (b & 1) product ^= a;
    const bool carry = (a & 0x80) != 0;
    a = static_cast<std::uint8_t>(a << 1);
    if (carry) a ^= 0x1b;
    b >>= 1;
  }
  return product;
}

// AES's S-box: the multiplicative inverse (0 for 0) through the affine map of FIPS-197 5.1.1.
constexpr std::array<std::uint8_t, 256> make_sbox() {
  std::array<std::uint8_t, 256> box{};
  for (int x = 0; x < 256; ++x) {
    std::uint8_t inverse = 0;
    for (int y = 1; y < 256 && x != 0; ++y) {
      if (gf_mul(static_cast<std::uint8_t>(x), static_cast<std::uint8_t>(y)) == 1) {
        inverse = static_cast<std::uint8_t>(y);
      }
    }
    std::uint8_t s = inverse;
    for (int shift = 1; shift <= 4; ++shift) {
      s ^= static_cast<std::uint8_t>((inverse << shift) | (inverse >> (8 - shift)));
    }
    box[static_cast<std::size_t>(x)] = static_cast<std::uint8_t>(s ^ 0x63);
  }
  return box;
}
inline constexpr std::array<std::uint8_t, 256> kSbox = make_sbox();
static_assert(kSbox[0x00] == 0x63 && kSbox[0x53] == 0xed, "FIPS-197's S-box");

// The 16 state bytes of four words: byte 4c + r is row r of column c (little-endian words,
// as AES-NI and the crypto extension read a 128-bit register).
using State = std::array<std::uint8_t, 16>;
inline State to_state(const Words& w) {
  State s{};
  for (int i = 0; i < 16; ++i) s[i] = static_cast<std::uint8_t>(w[i / 4] >> (8 * (i % 4)));
  return s;
}
inline Words to_words(const State& s) {
  Words w{};
  for (int i = 0; i < 16; ++i) w[i / 4] |= std::uint32_t{s[i]} << (8 * (i % 4));
  return w;
}

// x86's aesenc (mix true) or aesenclast (mix false): ShiftRows(SubBytes(x)), MixColumns
// unless last, then XOR the round key.
inline Words aes_round(const Words& x, const Words& key, bool mix) {
  const State in = to_state(x);
  State s{};
  for (int c = 0; c < 4; ++c) {
    for (int r = 0; r < 4; ++r) s[4 * c + r] = kSbox[in[4 * ((c + r) % 4) + r]];  // row r left r
  }
  if (mix) {
    for (int c = 0; c < 4; ++c) {
      const std::uint8_t a0 = s[4 * c], a1 = s[4 * c + 1], a2 = s[4 * c + 2], a3 = s[4 * c + 3];
      s[4 * c] = gf_mul(a0, 2) ^ gf_mul(a1, 3) ^ a2 ^ a3;
      s[4 * c + 1] = a0 ^ gf_mul(a1, 2) ^ gf_mul(a2, 3) ^ a3;
      s[4 * c + 2] = a0 ^ a1 ^ gf_mul(a2, 2) ^ gf_mul(a3, 3);
      s[4 * c + 3] = gf_mul(a0, 3) ^ a1 ^ a2 ^ gf_mul(a3, 2);
    }
  }
  Words out = to_words(s);
  for (int i = 0; i < 4; ++i) out[i] ^= key[i];
  return out;
}

// The 128-bit key plus (0x9E3779B97F4A7C15, 0xBB67AE8584CAA73B) in 64-bit halves.
inline Words next_round_key(const Words& k) {
  const std::uint64_t low = (k[0] | (std::uint64_t{k[1]} << 32)) + 0x9E3779B97F4A7C15ull;
  const std::uint64_t high = (k[2] | (std::uint64_t{k[3]} << 32)) + 0xBB67AE8584CAA73Bull;
  return {static_cast<std::uint32_t>(low), static_cast<std::uint32_t>(low >> 32),
          static_cast<std::uint32_t>(high), static_cast<std::uint32_t>(high >> 32)};
}

}  // namespace detail

// Random123's ars4x32_R<R>, written out: counter XOR key, R - 1 aesenc, one aesenclast, the
// round key bumped by the Weyl constants before each.
template <unsigned R>
Words portable_ars(const Words& counter, const Words& key) {
  Words k = key;
  Words x = {counter[0] ^ k[0], counter[1] ^ k[1], counter[2] ^ k[2], counter[3] ^ k[3]};
  for (unsigned r = 1; r <= R; ++r) {
    k = detail::next_round_key(k);
    x = detail::aes_round(x, k, r < R);
  }
  return x;
}

// Random123's ars4x32_R<R> of one counter and key: Random123 itself where it exists.
template <unsigned R>
Words random123_ars(const Words& counter, const Words& key) {
#if defined(LIFBENCH_ISA_FAMILY_x86_64)
  using Ars = r123::ARS4x32_R<R>;
  const typename Ars::ctr_type c = {{counter[0], counter[1], counter[2], counter[3]}};
  const typename Ars::key_type k = {{key[0], key[1], key[2], key[3]}};
  const typename Ars::ctr_type out = Ars()(c, k);
  return {out[0], out[1], out[2], out[3]};
#else
  return portable_ars<R>(counter, key);
#endif
}

// Whether random123_ars is Random123's own code on this CPU family (else portable_ars).
inline constexpr bool kRandom123HasArs =
#if defined(LIFBENCH_ISA_FAMILY_x86_64)
    true;
#else
    false;
#endif

}  // namespace lifbench_test
