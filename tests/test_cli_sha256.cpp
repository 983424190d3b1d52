// The binary's SHA-256 (apps/lifbench/sha256.cpp, which summary.json's digests come from):
// FIPS 180-4 test vectors, and both its paths (SHA extensions, portable) against the
// tests' independent implementation on every length across block boundaries, fed in
// uneven pieces.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "lifbench/sha256.hpp"
#include "sha256.hpp"

namespace lifbench::testing {
namespace {

std::string digest(const std::string& text, bool hardware) {
  cli::Sha256 h(hardware);
  h.update(text.data(), text.size());
  return h.hex();
}

class CliSha256 : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam() && !cli::Sha256::cpu_has_sha()) GTEST_SKIP() << "no SHA extensions";
  }
};

TEST_P(CliSha256, KnownAnswers) {
  EXPECT_EQ(digest("", GetParam()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(digest("abc", GetParam()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", GetParam()),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(digest(std::string(1000000, 'a'), GetParam()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_P(CliSha256, EqualsTheTestsImplementationInAnyPieces) {
  std::mt19937 gen(20201);
  for (std::size_t size = 0; size < 300; ++size) {
    std::vector<unsigned char> bytes(size);
    for (auto& b : bytes) b = static_cast<unsigned char>(gen());
    cli::Sha256 h(GetParam());
    for (std::size_t at = 0; at < size;) {
      const std::size_t piece = std::min<std::size_t>(size - at, gen() % 130);
      h.update(bytes.data() + at, piece);
      at += piece;
    }
    EXPECT_EQ(h.hex(), lifbench_test::sha256_hex(bytes.data(), size)) << "size " << size;
  }
}

INSTANTIATE_TEST_SUITE_P(Paths, CliSha256, ::testing::Values(true, false),
                         [](const auto& param_info) {
                           return param_info.param ? "sha_ni" : "portable";
                         });

}  // namespace
}  // namespace lifbench::testing
