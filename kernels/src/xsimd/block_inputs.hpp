// What the xsimd kernel's block loop computes its steps from: the model constants broadcast to
// batches, and the inputs one Philox block of the stream feeds (uniforms or centred integers).
#pragma once

#include <cstdint>

#include "lif_shape.hpp"
#include "lifbench/model.hpp"
#include "lifbench/philox.hpp"  // kDomainUniform (its inline functions stay unused here)
#include "philox_simd.hpp"
#include "simd_arch.hpp"  // first: it includes xsimd and the intrinsics

namespace lifbench::simd {

// Broadcast model constants of one run: the `K` of model.hpp's formulas for batches.
template <class Arch, class T>
struct BatchConstants {
  xsimd::batch<T, Arch> a, el, vr, vth, r, i_mean, noise, one, noise_centred;

  explicit BatchConstants(const Constants<T>& c)
      : a(c.a),
        el(c.el),
        vr(c.vr),
        vth(c.vth),
        r(c.r),
        i_mean(c.i_mean),
        noise(c.noise),
        one(T(1)),
        noise_centred(c.noise * kCentredScale<T>) {}
};

// The form of a Philox block's inputs: the uniform u, or the integer y of the centred uniform
// 2u - 1 = y * kCentredScale (model.hpp input_current_centred).
enum class InputForm { uniform, centred };

// The round keys an input form needs: the stream's, or for centred integers flipped_keys()
// (words 0 and 2 arrive with bit 31 flipped, philox_simd.hpp). A template on the arch like
// everything an ISA unit compiles (entry_points.hpp).
template <class Arch>
struct StreamKeys {
  PhiloxRoundKeys uniform;
  PhiloxRoundKeys centred;

  explicit StreamKeys(std::uint64_t seed)
      : uniform(PhiloxRoundKeys::from_seed(seed)), centred(uniform.flipped_keys()) {}
  const PhiloxRoundKeys& of(InputForm form) const {
    return form == InputForm::centred ? centred : uniform;
  }
};

// Philox words of the stream for block `block` of a block's kPhiloxBatches uint32 batches,
// turned into the inputs of the kStepsPerWords steps it feeds: x[i][b] for step
// block * kStepsPerWords + i and batch b, in form `kForm` (`keys` = StreamKeys::of(kForm)).
template <class Arch, class T, InputForm kForm = InputForm::uniform>
inline void block_uniforms(
    const PhiloxRoundKeys& keys, std::uint32_t block,
    const xsimd::batch<std::uint32_t, Arch> (&j_lo)[LifShape<Arch, T>::kPhiloxBatches],
    std::uint32_t j_hi,
    xsimd::batch<T, Arch> (&x)[LifShape<Arch, T>::kStepsPerWords][LifShape<Arch, T>::kBatches]) {
  constexpr bool kCentred = kForm == InputForm::centred;
#pragma GCC unroll 8
  for (int p = 0; p < LifShape<Arch, T>::kPhiloxBatches; ++p) {
    xsimd::batch<std::uint32_t, Arch> w[4];
    philox_stream_words<Arch>(keys, block, j_lo[p], j_hi, kDomainUniform, w);
    for (int i = 0; i < 4; ++i) {      // word i: step block * 4 + i (words 0 and 2: flipped)
      if constexpr (sizeof(T) == 8) {  // lower lanes, then upper lanes
        if constexpr (kCentred) {
          if (i % 2 == 0) {
            centred_f64_flipped<Arch>(w[i], x[i][2 * p], x[i][2 * p + 1]);
          } else {
            centred_f64<Arch>(w[i], x[i][2 * p], x[i][2 * p + 1]);
          }
        } else {
          uniforms_f64<Arch>(w[i], x[i][2 * p], x[i][2 * p + 1]);
        }
      } else if constexpr (kCentred) {
        x[i][p] = i % 2 == 0 ? centred_f32_flipped<Arch>(w[i]) : centred_f32<Arch>(w[i]);
      } else {
        x[i][p] = uniforms_f32<Arch>(w[i]);
      }
    }
  }
}

// The input current of one batch from its Philox input in form kForm (model.hpp).
template <InputForm kForm, class Arch, class T>
inline xsimd::batch<T, Arch> current_of(xsimd::batch<T, Arch> x,
                                        const BatchConstants<Arch, T>& bc) {
  if constexpr (kForm == InputForm::centred) {
    return input_current_centred(x, bc);
  } else {
    return input_current(x, bc);
  }
}

}  // namespace lifbench::simd
