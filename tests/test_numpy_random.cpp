// NumpyRandom against values Debian's NumPy 1.24.2 prints (../shared/NOTES.md and
// reference/golden/numpy_random.json, written by reference/notebook.py).
#include <gtest/gtest.h>

#include "lifbench/numpy_random.hpp"

namespace lifbench {
namespace {

TEST(NumpyRandom, FirstRandomValuesAfterSeed2020) {
  NumpyRandom rng(2020);
  const double expected[] = {0.9862768288615988, 0.8733919458206546, 0.5097455249715815,
                             0.27183571428207576, 0.33691872774596354};
  for (double e : expected) EXPECT_EQ(rng.random(), e);
}

TEST(NumpyRandom, SeedClearsTheCachedNormal) {
  NumpyRandom rng(5);
  const double first = rng.normal();
  rng.seed_with(5);
  EXPECT_EQ(rng.normal(), first);  // a stale cached value would be returned otherwise
}

TEST(NumpyRandom, SecondNormalComesFromTheCache) {
  NumpyRandom two(11), one(11);
  const double x = two.normal();
  const double y = two.normal();  // the cached f*x1: consumes no draws
  EXPECT_NE(x, y);
  one.normal();
  EXPECT_EQ(two.random(), one.random());  // both consumed exactly one accepted pair
}

}  // namespace
}  // namespace lifbench
