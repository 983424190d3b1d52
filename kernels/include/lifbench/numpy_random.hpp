// NumPy's legacy global generator (np.random.seed / random / normal), bit for bit.
//
// MT19937 seeded with init_genrand(seed); random() is genrand_res53; normal() is the
// legacy polar Box-Muller that returns f*x2 and caches f*x1 for the next call.
#pragma once

#include <array>
#include <cstdint>

namespace lifbench {

class NumpyRandom {
 public:
  // np.random.seed(seed): re-initializes the state and clears the cached normal.
  explicit NumpyRandom(std::uint32_t seed) { seed_with(seed); }
  void seed_with(std::uint32_t seed);

  // One 32-bit MT19937 output.
  std::uint32_t next_u32();
  // np.random.random(): ((a >> 5) * 67108864 + (b >> 6)) / 2^53.
  double random();
  // np.random.normal() (standard): legacy polar Box-Muller with its cached value.
  double normal();

 private:
  void twist();

  std::array<std::uint32_t, 624> mt_{};
  int index_ = 624;
  bool has_gauss_ = false;
  double gauss_ = 0.0;
};

}  // namespace lifbench
