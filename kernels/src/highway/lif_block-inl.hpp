// The highway kernel's block of neurons, in Highway ops, once per Highway target.
//
// The xsimd kernel's structure (kernels/src/xsimd/lif_block.hpp) written with Highway: a
// block of 4 Philox vectors of uint32 lanes (one neuron per lane: 64 neurons on AVX3, 32 on
// AVX2, 16 on SSE4/SSSE3, 4 on SCALAR) goes through all steps with its state in vectors;
// its Philox blocks (2 steps in f64, 4 in f32) are generated one block ahead, so the next
// block's rounds are in flight while the current block's steps run. Paths, per block:
//   rows      raster, v, per-neuron spikes or last spike recorded: the block's [K][width]
//             voltages and flags go to RangeRecorder::block (record.hpp), which writes them
//   tail      statistics only, the last, partial block of a chunk: padded lanes masked out
//   centred   statistics only, philox, noise * 2^-31 exact: the input from the integer of 2u-1
//   lane bits centred, on targets with mask registers (AVX3), one refractory period and a
//             fresh start: the refractory test on lane bits in general-purpose registers
//   general   statistics only otherwise (numpy stream, tiny noise)
// Each path spells SPEC 1's operations in model.hpp's order and association (model.hpp's
// templates themselves can't take Highway vectors here: they are compiled without this
// target's attributes, so GCC refuses to inline the target's ops into them).
#if defined(LIFBENCH_HIGHWAY_LIF_BLOCK_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef LIFBENCH_HIGHWAY_LIF_BLOCK_INL_H_
#undef LIFBENCH_HIGHWAY_LIF_BLOCK_INL_H_
#else
#define LIFBENCH_HIGHWAY_LIF_BLOCK_INL_H_
#endif

#include <hwy/highway.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "ars-inl.hpp"
#include "lif_highway.hpp"
#include "lifbench/canonical.hpp"
#include "lifbench/record.hpp"
#include "lifbench/streams.hpp"
#include "philox-inl.hpp"

HWY_BEFORE_NAMESPACE();
namespace lifbench::highway::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Whether this target has mask registers: the lane-bits path exists there only.
inline constexpr bool kMaskRegisters = HWY_TARGET == HWY_AVX3 || HWY_TARGET == HWY_AVX3_DL;

// The block of precision T on this target.
template <class T>
struct Shape {
  using D = hn::ScalableTag<T>;
#if HWY_TARGET == HWY_SCALAR
  using DU = hn::Rebind<std::uint32_t, D>;  // one lane of each
#else
  using DU = hn::Repartition<std::uint32_t, D>;  // Philox words: as wide as a vector of T
#endif
  using V = hn::Vec<D>;
  using M = hn::Mask<D>;
  using VU = hn::Vec<DU>;
  static constexpr int kLanes = static_cast<int>(hn::MaxLanes(D()));
  static constexpr int kWordLanes = static_cast<int>(hn::MaxLanes(DU()));
  static constexpr int kPhiloxVectors = 4;
  static constexpr int kNeurons = kPhiloxVectors * kWordLanes;
  static constexpr int kBatches = kNeurons / kLanes;     // vectors of T per block
  static constexpr int kPerWords = kWordLanes / kLanes;  // vectors of T per Philox vector
  static constexpr int kStepsPerWords = static_cast<int>(kStepsPerCounter);
  // Groups of batches that add to the same canonical lanes (batch b to group b % kSumGroups).
  static constexpr int kSumGroups = std::min<int>(kBatches, kSumLanes / kLanes);
  static_assert(kNeurons <= kMaxBlock && kChunk % kNeurons == 0 && kSumLanes % kLanes == 0);
};

// The model constants of one run, broadcast.
template <class T>
struct VecConstants {
  using V = typename Shape<T>::V;
  V a, el, vr, vth, r, i_mean, noise, one, two, noise_centred;

  explicit VecConstants(const Constants<T>& c) {
    const typename Shape<T>::D d;
    a = hn::Set(d, c.a);
    el = hn::Set(d, c.el);
    vr = hn::Set(d, c.vr);
    vth = hn::Set(d, c.vth);
    r = hn::Set(d, c.r);
    i_mean = hn::Set(d, c.i_mean);
    noise = hn::Set(d, c.noise);
    one = hn::Set(d, T(1));
    two = hn::Set(d, T(2));
    noise_centred = hn::Set(d, c.noise * kCentredScale<T>);
  }

  // model.hpp input_current: i_mean * (1 + noise * ((2u) - 1)), from u; kCentred: from the
  // integer y of 2u - 1 (valid when centred_noise_is_exact, model.hpp), the same bits, two
  // operations fewer.
  template <bool kCentred>
  HWY_INLINE V Current(V x) const {
    if constexpr (kCentred) {
      return i_mean * (one + noise_centred * x);
    } else {
      return i_mean * (one + noise * ((two * x) - one));
    }
  }
};

// The inputs of word batch p's four words w (word i: step block * 4 + i), kCentred: the
// integers y, from words whose bit 31 arrives flipped where kFlippedWords has bit i.
template <class T, bool kCentred, unsigned kFlippedWords>
HWY_INLINE void WordInputs(
    const typename Shape<T>::VU (&w)[4], int p,
    typename Shape<T>::V (&x)[Shape<T>::kStepsPerWords][Shape<T>::kBatches]) {
  using S = Shape<T>;
  const typename S::D d;
  if constexpr (sizeof(T) == 8) {
    InputsF64<kCentred, (kFlippedWords & 1u) != 0>(d, w[0], &x[0][p * S::kPerWords]);
    InputsF64<kCentred, (kFlippedWords & 2u) != 0>(d, w[1], &x[1][p * S::kPerWords]);
    InputsF64<kCentred, (kFlippedWords & 4u) != 0>(d, w[2], &x[2][p * S::kPerWords]);
    InputsF64<kCentred, (kFlippedWords & 8u) != 0>(d, w[3], &x[3][p * S::kPerWords]);
  } else {
    x[0][p] = InputF32<kCentred, (kFlippedWords & 1u) != 0>(d, w[0]);
    x[1][p] = InputF32<kCentred, (kFlippedWords & 2u) != 0>(d, w[1]);
    x[2][p] = InputF32<kCentred, (kFlippedWords & 4u) != 0>(d, w[2]);
    x[3][p] = InputF32<kCentred, (kFlippedWords & 8u) != 0>(d, w[3]);
  }
}

// The ars stream's words of one word batch (neurons j_first ..): ArsStreamWords where the
// target has AES rounds, else lifbench::ars_words_range (HWY_SCALAR).
template <class DU>
HWY_INLINE void ArsWords(DU du, const ArsKeySchedule& keys, std::uint32_t block,
                         std::uint64_t j_first, hn::Vec<DU> (&w)[4]) {
  if constexpr (kHasArs) {
    ArsStreamWords(du, keys, block, j_first, kDomainUniform, w);
  } else {
    constexpr std::size_t kLanes = hn::MaxLanes(DU());
    HWY_ALIGN std::uint32_t words[4 * kLanes];
    HWY_ALIGN std::uint32_t lanes[kLanes];
    ars_words_range(keys, j_first, kLanes, block, kDomainUniform, words);
    for (int i = 0; i < 4; ++i) {
      for (std::size_t l = 0; l < kLanes; ++l) lanes[l] = words[4 * l + i];
      w[i] = hn::Load(du, lanes);
    }
  }
}

// The inputs of the kStepsPerWords steps block `block` of the stream feeds, for a block of
// neurons from j_first: x[i][b] for step block * kStepsPerWords + i and batch b (kCentred:
// the integers y; `keys` must then be the flipped keys). Philox flips words 0 and 2, ARS all.
template <class T, bool kCentred>
HWY_INLINE void BlockInputs(
    const RoundKeys& keys, std::uint32_t block,
    const typename Shape<T>::VU (&j_lo)[Shape<T>::kPhiloxVectors], std::uint32_t j_hi,
    std::uint64_t j_first,
    typename Shape<T>::V (&x)[Shape<T>::kStepsPerWords][Shape<T>::kBatches]) {
  using S = Shape<T>;
  const typename S::DU du;
  if (keys.ars) {
    HWY_UNROLL(4)
    for (int p = 0; p < S::kPhiloxVectors; ++p) {
      typename S::VU w[4];
      ArsWords(du, keys.ars_keys, block, j_first + static_cast<std::uint64_t>(p) * S::kWordLanes,
               w);
      WordInputs<T, kCentred, 0b1111u>(w, p, x);
    }
    return;
  }
  HWY_UNROLL(4)
  for (int p = 0; p < S::kPhiloxVectors; ++p) {
    typename S::VU w[4];
    StreamWords(du, keys, block, j_lo[p], j_hi, kDomainUniform, w);
    WordInputs<T, kCentred, 0b0101u>(w, p, x);
  }
}

// Bit l set where lane l of m is true.
template <class D>
HWY_INLINE std::uint64_t LaneBits(D d, hn::Mask<D> m) {
  static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "bytes of the bits in memory order");
  std::uint64_t bits = 0;  // StoreMaskBits writes up to 8 bytes, lane 0 in bit 0 of byte 0
  hn::StoreMaskBits(d, m, reinterpret_cast<std::uint8_t*>(&bits));
  return bits;
}

// The mask whose lane l is bit l of `bits`.
template <class D>
HWY_INLINE hn::Mask<D> MaskFromBits(D d, std::uint64_t bits) {
  std::uint8_t bytes[8];
  std::memcpy(bytes, &bits, sizeof bits);
  return hn::LoadMaskBits(d, bytes);
}

// One block of neurons j0 .. j0 + valid - 1 through all steps, its state in vectors.
// kTail: statistics only and valid less than the block (padded lanes: t_ref 0, v el, masked
// out of every output); kRows: the rows path (any valid); kLaneBits: the lane-bits path.
template <class T, bool kTail, bool kCentred, bool kRows, bool kLaneBits>
class Block {
  using S = Shape<T>;
  using D = typename S::D;
  using V = typename S::V;
  using M = typename S::M;
  static constexpr int kLanes = S::kLanes, kBatches = S::kBatches, kNeurons = S::kNeurons;
  static constexpr int kSteps = S::kStepsPerWords;

 public:
  Block(const RangeCall<T>& call, const VecConstants<T>& bc, std::int64_t* chunk_spikes,
        std::int64_t j0, int valid)
      : call_(call), in_(*call.in), bc_(bc), chunk_spikes_(chunk_spikes), j0_(j0), valid_(valid) {
    Start();
  }

  // Local step 0 (the start state, recorded only), then steps 1 .. K-1.
  HWY_INLINE void Run(const RoundKeys& keys) {
    Record(0, 0);
    if (counter_based(in_.stream)) {
      RunPhilox(keys);
    } else {
      RunNumpy();
    }
  }

  // The last spike times of the block's neurons after the last step (out[valid]).
  HWY_INLINE void LastSpikes(T* out) const {
    HWY_ALIGN T lanes[kNeurons];
    for (int b = 0; b < kBatches; ++b) hn::Store(last_[b], D(), lanes + b * kLanes);
    std::copy(lanes, lanes + valid_, out);
  }

 private:
  // The start state (record.hpp's rules: v0 or el, last_spike0 or -t_ref), the Philox
  // counters and the canonical lanes the batches add to.
  HWY_INLINE void Start() {
    const D d;
    const std::int64_t row0 = j0_ - in_.base_neuron;
    HWY_ALIGN T t_ref0[kNeurons], v0[kNeurons], last0[kNeurons];
    for (int l = 0; l < kNeurons; ++l) {
      const bool live = l < valid_;
      t_ref0[l] = live ? in_.t_ref[row0 + l] : T(0);
      v0[l] = live && in_.v0 ? in_.v0[row0 + l] : in_.c.el;
      last0[l] = live && in_.last_spike0 ? in_.last_spike0[row0 + l] : -t_ref0[l];
    }
    for (int b = 0; b < kBatches; ++b) {
      t_ref_[b] = hn::Load(d, t_ref0 + b * kLanes);
      v_[b] = hn::Load(d, v0 + b * kLanes);
      last_[b] = hn::Load(d, last0 + b * kLanes);
      until_[b] = last_[b] + t_ref_[b];  // refractory_until: SPEC 1's last_spike + t_ref
      live_[b] =
          hn::FirstN(d, static_cast<std::size_t>(std::clamp(valid_ - b * kLanes, 0, kLanes)));
    }
    live_bits_ = valid_ >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << valid_) - 1;
    for (int p = 0; p < S::kPhiloxVectors; ++p) {
      j_lo_[p] = hn::Iota(typename S::DU(), static_cast<std::uint32_t>(j0_ + p * S::kWordLanes));
    }
    j_hi_ = static_cast<std::uint32_t>(static_cast<std::uint64_t>(j0_) >> 32);
    for (int g = 0; g < S::kSumGroups; ++g) {
      lane_sum_[g] = call_.lane_sums + (j0_ + g * kLanes) % kSumLanes;
    }
    if constexpr (kLaneBits) std::fill(call_.clamp_ring, call_.clamp_ring + call_.ring_mask + 1, 0);
  }

  // The philox stream: block b's steps run while block b + 1's rounds are generated.
  HWY_INLINE void RunPhilox(const RoundKeys& keys) {
    const std::int64_t first = in_.first_step, steps = in_.steps;
    if (steps < 2) return;
    V inputs[2][kSteps][kBatches];
    std::int64_t block = (first + 1) / kSteps;
    const std::int64_t last_block = (first + steps - 1) / kSteps;
    BlockInputs<T, kCentred>(keys, static_cast<std::uint32_t>(block), j_lo_, j_hi_,
                             static_cast<std::uint64_t>(j0_), inputs[block & 1]);
    for (; block <= last_block; ++block) {
      if (block < last_block) {
        BlockInputs<T, kCentred>(keys, static_cast<std::uint32_t>(block + 1), j_lo_, j_hi_,
                                 static_cast<std::uint64_t>(j0_), inputs[(block + 1) & 1]);
      }
      const V(&x)[kSteps][kBatches] = inputs[block & 1];
      const std::int64_t local = block * kSteps - first;  // local step of the block's first
      if (local >= 1 && local + kSteps <= steps) {
        HWY_UNROLL(4)
        for (int i = 0; i < kSteps; ++i) StepInputs(local + i, x[i]);
      } else {  // the run's first or last block: some of its steps are outside the run
        for (int i = 0; i < kSteps; ++i) {
          if (local + i >= 1 && local + i < steps) StepInputs(local + i, x[i]);
        }
      }
    }
  }

  // The numpy stream, read where it lies: a vector's currents of a step are consecutive in
  // its input tile (kernel.hpp input_offset). Padded lanes read the last tile's zeros, or 0
  // for a vector past it.
  HWY_INLINE void RunNumpy() {
    static_assert(kInputTile % kLanes == 0);  // a vector lies in one tile
    const D d;
    const T* first[kBatches];  // each vector's currents at step 1
    for (int b = 0; b < kBatches; ++b) {
      first[b] = b * kLanes < valid_ ? in_.current_at(j0_ + b * kLanes, 1) : nullptr;
    }
    for (std::int64_t k = 1; k < in_.steps; ++k) {
      const std::int64_t step_offset = (k - 1) * kInputTile;
      V current[kBatches];
      for (int b = 0; b < kBatches; ++b) {
        current[b] = first[b] ? hn::LoadU(d, first[b] + step_offset) : hn::Zero(d);
      }
      Step(k, current);
    }
  }

  // Step k from the Philox inputs (u or the centred integers).
  HWY_INLINE void StepInputs(std::int64_t k, const V (&x)[kBatches]) {
    V current[kBatches];
    for (int b = 0; b < kBatches; ++b) current[b] = bc_.template Current<kCentred>(x[b]);
    Step(k, current);
  }

  // SPEC 1 for local step k >= 1 with these currents, then its recording.
  HWY_INLINE void Step(std::int64_t k, const V (&current)[kBatches]) {
    if constexpr (kLaneBits) {
      StepLaneBits(k, current);
    } else {
      const D d;
      const V t = hn::Set(d, call_.step_times[k]);
      std::uint64_t spiked_bits = 0;
      for (int b = 0; b < kBatches; ++b) {
        const V v = v_[b] + bc_.a * ((bc_.el - v_[b]) + bc_.r * current[b]);  // euler_update
        const M spiked = v >= bc_.vth;                                        // crosses_threshold
        const M clamped = until_[b] > t;                                      // is_clamped
        v_[b] = hn::IfThenElse(hn::Or(spiked, clamped), bc_.vr, v);
        until_[b] = hn::IfThenElse(spiked, t + t_ref_[b], until_[b]);
        if constexpr (kRows) last_[b] = hn::IfThenElse(spiked, t, last_[b]);
        spiked_bits |= LaneBits(d, spiked) << (b * kLanes);
      }
      Record(k, spiked_bits);
    }
  }

  // Step k with the refractory test on lane bits. A neuron spiking at step a is clamped
  // exactly at steps a+1 .. clamp_end[a]-1, so clamped_bits_ holds the lanes clamped now and
  // ring slot s the lanes that step s releases; a lane spiking while clamped leaves its
  // earlier slot (rare).
  HWY_INLINE void StepLaneBits(std::int64_t k, const V (&current)[kBatches]) {
    const D d;
    std::uint64_t& released = call_.clamp_ring[k & call_.ring_mask];
    clamped_bits_ &= ~released;
    released = 0;
    std::uint64_t spiked_bits = 0;
    for (int b = 0; b < kBatches; ++b) {
      const V v = v_[b] + bc_.a * ((bc_.el - v_[b]) + bc_.r * current[b]);  // euler_update
      const std::uint64_t spiked = LaneBits(d, v >= bc_.vth);               // crosses_threshold
      spiked_bits |= spiked << (b * kLanes);
      v_[b] = hn::IfThenElse(MaskFromBits(d, spiked | (clamped_bits_ >> (b * kLanes))), bc_.vr, v);
    }
    if (const std::uint64_t moved = spiked_bits & clamped_bits_; moved != 0) [[unlikely]] {
      for (std::int64_t i = 1; i <= call_.ring_mask; ++i) {
        call_.clamp_ring[(k + i) & call_.ring_mask] &= ~moved;
      }
    }
    call_.clamp_ring[call_.clamp_end[k] & call_.ring_mask] |= spiked_bits;
    clamped_bits_ |= spiked_bits;
    Record(k, spiked_bits);
  }

  // Records step k (spiked_bits: bit l for neuron j0 + l).
  HWY_INLINE void Record(std::int64_t k, std::uint64_t spiked_bits) {
    if constexpr (kRows) {
      RecordRows(k, spiked_bits);
    } else {
      RecordStats(k, kTail ? spiked_bits & live_bits_ : spiked_bits);
    }
  }

  // Statistics only: the chunk's spike count and canonical lane sums, and the snapshot.
  HWY_INLINE void RecordStats(std::int64_t k, std::uint64_t spiked_bits) {
    const D d;
    chunk_spikes_[k] += __builtin_popcountll(spiked_bits);
    for (int g = 0; g < S::kSumGroups; ++g) {  // batches g, g + kSumGroups, ...: neuron order
      T* lanes = lane_sum_[g] + k * kSumLanes;
      V sum = hn::LoadU(d, lanes);
      for (int b = g; b < kBatches; b += S::kSumGroups) {
        sum = kTail ? hn::IfThenElse(live_[b], sum + v_[b], sum) : sum + v_[b];
      }
      hn::StoreU(sum, d, lanes);
    }
    const Outputs<T>& out = *call_.out;
    if (out.snapshot_slot && out.snapshot_slot[k] >= 0) {
      T* to = out.snapshots + out.snapshot_slot[k] * out.snapshot_stride +
              (j0_ - chunk_first(call_.chunk_begin));
      StoreValid(to);
    }
  }

  // The rows path: step k's voltages and flags into the call's [K][valid] row tiles.
  HWY_INLINE void RecordRows(std::int64_t k, std::uint64_t spiked_bits) {
    StoreValid(call_.v_rows + k * valid_);
    std::uint8_t* flags = call_.spike_rows + k * valid_;
    for (int l = 0; l < valid_; ++l) flags[l] = static_cast<std::uint8_t>((spiked_bits >> l) & 1u);
  }

  // The voltages of the live lanes to to[0 .. valid).
  HWY_INLINE void StoreValid(T* to) const {
    const D d;
    if (valid_ == kNeurons) {
      for (int b = 0; b < kBatches; ++b) hn::StoreU(v_[b], d, to + b * kLanes);
    } else {
      HWY_ALIGN T lanes[kNeurons];
      for (int b = 0; b < kBatches; ++b) hn::Store(v_[b], d, lanes + b * kLanes);
      std::copy(lanes, lanes + valid_, to);
    }
  }

  const RangeCall<T>& call_;
  const Inputs<T>& in_;
  const VecConstants<T>& bc_;
  std::int64_t* chunk_spikes_;
  std::int64_t j0_;
  int valid_;
  V v_[kBatches], until_[kBatches], t_ref_[kBatches], last_[kBatches];
  M live_[kBatches];
  std::uint64_t live_bits_ = 0, clamped_bits_ = 0;
  typename S::VU j_lo_[S::kPhiloxVectors];
  std::uint32_t j_hi_ = 0;
  T* lane_sum_[S::kSumGroups];
};

// One block's whole run on one path (a function of its own: the Block and its vectors are
// locals here, every member inlined, so the state stays in registers). kRows: its last
// spike times to last_spike[valid].
template <class T, bool kTail, bool kCentred, bool kRows, bool kLaneBits>
HWY_NOINLINE void RunBlock(const RangeCall<T>& call, const VecConstants<T>& bc,
                           const RoundKeys& keys, std::int64_t* chunk_spikes, std::int64_t j0,
                           int valid, T* last_spike = nullptr) {
  Block<T, kTail, kCentred, kRows, kLaneBits> block(call, bc, chunk_spikes, j0, valid);
  block.Run(keys);
  if constexpr (kRows) block.LastSpikes(last_spike);
}

// Statistics only: chunk after chunk, its blocks on their paths, its sums folded.
template <class T>
void StatisticsRange(const RangeCall<T>& call, const VecConstants<T>& bc, const RoundKeys& keys,
                     const RoundKeys& flipped) {
  constexpr int kNeurons = Shape<T>::kNeurons;
  const Inputs<T>& in = *call.in;
  const Outputs<T>& out = *call.out;
  const std::int64_t steps = in.steps;
  const bool centred = counter_based(in.stream) && centred_noise_is_exact(in.c.noise);
  const bool lane_bits = kMaskRegisters && call.clamp_end != nullptr;
  for (std::int64_t chunk = call.chunk_begin; chunk < call.chunk_end; ++chunk) {
    std::int64_t* spikes = out.chunk_spikes ? out.chunk_spikes + (chunk - call.chunk_begin) * steps
                                            : call.spike_scratch;
    std::fill(spikes, spikes + steps, 0);
    std::fill(call.lane_sums, call.lane_sums + steps * kSumLanes, T(0));
    const std::int64_t end = chunk_end_neuron(chunk, in.neurons);
    for (std::int64_t j0 = chunk_first(chunk); j0 < end; j0 += kNeurons) {
      const int valid = static_cast<int>(std::min<std::int64_t>(kNeurons, end - j0));
      if (valid < kNeurons) {
        RunBlock<T, true, false, false, false>(call, bc, keys, spikes, j0, valid);
      } else if (centred && lane_bits) {
        if constexpr (kMaskRegisters) {
          RunBlock<T, false, true, false, true>(call, bc, flipped, spikes, j0, valid);
        }
      } else if (centred) {
        RunBlock<T, false, true, false, false>(call, bc, flipped, spikes, j0, valid);
      } else {
        RunBlock<T, false, false, false, false>(call, bc, keys, spikes, j0, valid);
      }
    }
    for (std::int64_t k = 0; k < steps && out.chunk_vsum; ++k) {
      out.chunk_vsum[(chunk - call.chunk_begin) * steps + k] =
          fold_lanes(call.lane_sums + k * kSumLanes);
    }
  }
}

// Rows recorded: every block's run handed to the recorder (record.hpp), which writes it.
template <class T>
void RowsRange(const RangeCall<T>& call, const VecConstants<T>& bc, const RoundKeys& keys) {
  constexpr int kNeurons = Shape<T>::kNeurons;
  const Inputs<T>& in = *call.in;
  RangeRecorder<T> rec(in, *call.out, call.chunk_begin, call.chunk_end);
  HWY_ALIGN T last_spike[kNeurons];
  for (std::int64_t chunk = call.chunk_begin; chunk < call.chunk_end; ++chunk) {
    const std::int64_t end = chunk_end_neuron(chunk, in.neurons);
    for (std::int64_t j0 = chunk_first(chunk); j0 < end; j0 += kNeurons) {
      const int width = static_cast<int>(std::min<std::int64_t>(kNeurons, end - j0));
      RunBlock<T, false, false, true, false>(call, bc, keys, nullptr, j0, width, last_spike);
      rec.block(j0, width, call.v_rows, call.spike_rows, last_spike);
    }
  }
}

// This target's kernel on one range call (RangeFn).
template <class T>
void LifRange(const RangeCall<T>& call) {
  const Outputs<T>& out = *call.out;
  const VecConstants<T> bc(call.in->c);
  const RoundKeys keys = RoundKeys::for_stream(call.in->seed, false, call.in->stream);
  if (out.raster || out.v || out.neuron_spikes || out.last_spike_out) {
    RowsRange(call, bc, keys);
  } else {
    StatisticsRange(call, bc, keys, RoundKeys::for_stream(call.in->seed, true, call.in->stream));
  }
}

}  // namespace lifbench::highway::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // LIFBENCH_HIGHWAY_LIF_BLOCK_INL_H_
