// SHA-256 (FIPS 180-4) of the files a run writes, for summary.json: the x86 SHA extensions
// where the CPU has them (about 1.5 GB/s), else portable code.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lifbench::cli {

class Sha256 {
 public:
  // `hardware` false forces the portable compression (the tests compare both).
  explicit Sha256(bool hardware = true);

  // Appends `size` bytes to the message.
  void update(const void* data, std::size_t size);

  // Pads, finishes and returns the digest as 64 lowercase hex digits (call once).
  std::string hex();

  // Whether this CPU has the SHA extensions (and so the fast path is used).
  static bool cpu_has_sha();

 private:
  void compress(const std::uint8_t* blocks, std::size_t count);

  std::array<std::uint32_t, 8> state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                      0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<std::uint8_t, 64> block_{};
  std::size_t fill_ = 0;
  std::uint64_t length_ = 0;
  bool hardware_ = false;
};

}  // namespace lifbench::cli
