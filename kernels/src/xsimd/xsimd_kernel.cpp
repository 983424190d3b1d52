// The `xsimd` kernel's dispatcher (baseline flags): picks the ISA unit, owns the scratch.
#include <stdexcept>
#include <string>
#include <vector>

#include "dispatch.hpp"
#include "lifbench/philox_lanes.hpp"
#include "lifbench/rng_floor.hpp"

namespace lifbench {
namespace simd {
namespace {

// The entry points of one arch.
template <class Arch>
IsaEntry entry_for(Isa isa) {
  return IsaEntry{isa,
                  &lif_range<Arch, double>,
                  &lif_range<Arch, float>,
                  &philox_floor_range<Arch, double>,
                  &philox_floor_range<Arch, float>,
                  &philox_general_lanes<Arch>,
                  &philox_stream_lanes<Arch>,
                  &philox_uniform_lanes<Arch, double>,
                  &philox_uniform_lanes<Arch, float>};
}

}  // namespace

const std::vector<IsaEntry>& isa_table() {
  static const std::vector<IsaEntry> table = [] {
    std::vector<IsaEntry> entries;
    for (const IsaEntry& e :
         {entry_for<xsimd::avx512bw>(Isa::avx512), entry_for<xsimd::avx2>(Isa::avx2),
          entry_for<xsimd::sse2>(Isa::sse2)}) {
      if (cpu_supports(e.isa)) entries.push_back(e);
    }
    return entries;
  }();
  return table;
}

const IsaEntry& isa_entry(Isa isa) {
  for (const IsaEntry& e : isa_table()) {
    if (isa == Isa::automatic || e.isa == isa) return e;
  }
  throw std::invalid_argument("the xsimd kernel can't run ISA " + std::string(to_string(isa)) +
                              " on this CPU");
}

template <class T>
void run_xsimd_range(const IsaEntry& entry, const Inputs<T>& in, const Outputs<T>& out,
                     std::int64_t chunk_begin, std::int64_t chunk_end) {
  if (chunk_end <= chunk_begin) return;
  std::vector<T> scratch(static_cast<std::size_t>(in.steps * (kSumLanes + 1)));
  std::vector<std::int64_t> spike_scratch(static_cast<std::size_t>(in.steps));
  const RangeCall<T> call{&in,
                          &out,
                          chunk_begin,
                          chunk_end,
                          scratch.data(),
                          scratch.data() + in.steps * kSumLanes,
                          spike_scratch.data()};
  if constexpr (sizeof(T) == 8) {
    entry.range_f64(call);
  } else {
    entry.range_f32(call);
  }
}
template void run_xsimd_range(const IsaEntry&, const Inputs<double>&, const Outputs<double>&,
                              std::int64_t, std::int64_t);
template void run_xsimd_range(const IsaEntry&, const Inputs<float>&, const Outputs<float>&,
                              std::int64_t, std::int64_t);

}  // namespace simd

namespace {

// RunFn of the xsimd kernel: the whole range on one thread.
template <class T>
void run_xsimd(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
               std::int64_t chunk_end, const ExecConfig& exec) {
  simd::run_xsimd_range(simd::isa_entry(exec.isa), in, out, chunk_begin, chunk_end);
}

bool has_simd() { return !simd::isa_table().empty(); }

// The concrete ISA an `isa` argument means here.
Isa resolved(Isa isa) { return simd::isa_entry(isa).isa; }

// Throws unless `first` is a multiple of `multiple`.
void require_multiple(std::uint64_t first, std::uint64_t multiple, const char* what) {
  if (first % multiple != 0) {
    throw std::invalid_argument(std::string(what) + ": j_first must be a multiple of " +
                                std::to_string(multiple));
  }
}

}  // namespace

const Kernel kXsimdKernel{"xsimd",
                          "explicit SIMD (xsimd), one source per ISA, runtime dispatch, "
                          "a block of neurons in registers through all steps",
                          has_simd,
                          /*uses_isa=*/true,
                          /*uses_threads=*/false,
                          run_xsimd<double>,
                          run_xsimd<float>,
                          /*preferred_batch_chunks=*/256};

int simd_lanes(Isa isa, Precision p) {
  return simd::register_bits(resolved(isa)) / (p == Precision::f64 ? 64 : 32);
}

int simd_block_neurons(Isa isa, Precision p) {
  return simd::block_neurons(resolved(isa), p == Precision::f64 ? 8 : 4);
}

void simd_philox_words(Isa isa, std::size_t count, const std::uint32_t* counters,
                       const std::uint32_t* keys, std::uint32_t* words) {
  simd::isa_entry(isa).general_words(count, counters, keys, words);
}

void simd_philox_stream_words(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                              std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  require_multiple(j_first, 16, "simd_philox_stream_words");
  simd::isa_entry(isa).stream_words(seed, j_first, count, block, domain, words);
}

void simd_philox_uniforms(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, double* u) {
  require_multiple(j_first, 64, "simd_philox_uniforms");
  simd::isa_entry(isa).uniforms_f64(seed, j_first, count, k, u);
}

void simd_philox_uniforms(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                          std::int64_t k, float* u) {
  require_multiple(j_first, 64, "simd_philox_uniforms");
  simd::isa_entry(isa).uniforms_f32(seed, j_first, count, k, u);
}

}  // namespace lifbench
