// The shared kernel interface and the implementation registry.
//
// A kernel simulates a range of whole chunks of neurons through all K steps. The driver
// (simulate.hpp) prepares the inputs, splits the population into chunks, calls the kernel
// and combines the per-chunk statistics in chunk order, so that statistics never depend on
// which kernel, ISA or thread count produced them (docs/model.md, "Reductions").
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lifbench/isa.hpp"
#include "lifbench/model.hpp"

namespace lifbench {

// Neurons per chunk: the unit of work splitting and of the canonical reduction.
inline constexpr std::int64_t kChunk = 1024;
// Chunks per super-chunk (65536 neurons): chunk sums add up in chunk order within a super-chunk,
// and the super-chunk sums add up in super-chunk order (the unit MPI ranks split on).
inline constexpr std::int64_t kSuperChunk = 64;
// Accumulator lanes of the canonical per-chunk voltage sum (neuron j goes to lane j % 16).
inline constexpr std::int64_t kSumLanes = 16;

// Number of chunks covering n neurons.
inline std::int64_t chunk_count(std::int64_t n) { return (n + kChunk - 1) / kChunk; }

// The layout of the materialized input (Stream::numpy), the one every kernel reads: tiles of
// kInputTile neurons, each holding all K steps of its neurons step-major ([tile][step][lane]),
// tiles in neuron order, a partial last tile padded with zeros. Row r of the matrix is neuron
// base_neuron + r (Inputs); a matrix starts at a tile and ends with the tile of its last row
// (a kernel reads no tile past it). A SIMD batch of up to kInputTile lanes starting at a
// multiple of its width reads step k as consecutive values, and a block of several tiles reads
// them side by side: no transposition, and a range read block by block is read front to back
// in a few streams at once (docs/architecture.md, "The materialized input").
inline constexpr std::int64_t kInputTile = 16;
static_assert(kChunk % kInputTile == 0);
// Where I[row, k] is in a tiled input matrix of `steps` steps.
constexpr std::int64_t input_offset(std::int64_t row, std::int64_t k, std::int64_t steps) {
  return row / kInputTile * (kInputTile * steps) + k * kInputTile + row % kInputTile;
}
// Elements of a tiled input matrix of `rows` rows: whole tiles.
constexpr std::int64_t input_elements(std::int64_t rows, std::int64_t steps) {
  return (rows + kInputTile - 1) / kInputTile * kInputTile * steps;
}
// Storage for tiled inputs: 64-byte aligned, so that every tile step starts a cache line.
template <class T>
struct TileAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  TileAllocator() = default;
  template <class U>
  explicit TileAllocator(const TileAllocator<U>& /*other*/) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, std::size_t /*n*/) { ::operator delete(p, kAlign); }
  bool operator==(const TileAllocator& /*other*/) const { return true; }
};
// A tiled input matrix: input_elements(rows, steps) values, zero where nothing is stored.
template <class T>
using InputMatrix = std::vector<T, TileAllocator<T>>;

// The notebook form the reference kernel transcribes (SPEC 3, --variant).
enum class Variant { loop, functions, klass };
std::string_view to_string(Variant v);

// Everything a kernel reads. Pointers stay valid for the whole call.
template <class T>
struct Inputs {
  std::int64_t neurons = 0;  // n
  std::int64_t steps = 0;    // K
  Constants<T> c{};
  Stream stream = Stream::numpy;
  std::uint64_t seed = 0;      // philox key (Stream::philox)
  const T* t_ref = nullptr;    // [n] refractory periods, already rounded to T
  const T* current = nullptr;  // materialized input I (Stream::numpy), tiled: input_offset
  // Neuron number of element 0 of every per-neuron array, inputs and outputs alike (t_ref,
  // current, v0, last_spike0, raster, v, neuron_spikes, last_spike_out): neuron j is at
  // row j - base_neuron. 0 for whole-population arrays; the first neuron of a batch or of
  // an MPI rank's range when the driver streams.
  std::int64_t base_neuron = 0;
  // Continuing a run (the stepping API, stepper.hpp): local step k is global step
  // first_step + k (its time and its philox block); local step 0 is the carried state.
  // Null v0 / last_spike0 mean a fresh start: v = el, last_spike = -t_ref.
  std::int64_t first_step = 0;
  const T* v0 = nullptr;           // [n] voltage at local step 0
  const T* last_spike0 = nullptr;  // [n] last spike time at local step 0

  // Where I[j, k] of the materialized input is; the next neurons of j's tile follow it, and
  // I[j, k + 1] is kInputTile values later.
  const T* current_at(std::int64_t j, std::int64_t k) const {
    return current + input_offset(j - base_neuron, k, steps);
  }
};

// Where a kernel writes. Null pointers are not recorded.
template <class T>
struct Outputs {
  std::uint8_t* raster = nullptr;         // [n*K] row-major, row j - base_neuron
  T* v = nullptr;                         // [n*K] row-major, row j - base_neuron
  std::int64_t* neuron_spikes = nullptr;  // [n] spikes per neuron, at j - base_neuron
  T* last_spike_out = nullptr;            // [n] last spike time after the last step
  // Per chunk of the call's range (relative index c - chunk_begin), per step:
  std::int64_t* chunk_spikes = nullptr;  // [chunks*K] spike counts
  double* chunk_vsum = nullptr;          // [chunks*K] canonical voltage sums
  // Voltage snapshots for histograms: snapshot_slot[k] >= 0 marks step k; the voltage of
  // neuron j goes to snapshots[slot * snapshot_stride + (j - chunk_begin * kChunk)].
  const std::int32_t* snapshot_slot = nullptr;  // [K], -1 = no snapshot
  T* snapshots = nullptr;
  std::int64_t snapshot_stride = 0;
};

// First neuron of chunk c and one past the last of chunk c (clipped to n).
inline std::int64_t chunk_first(std::int64_t c) { return c * kChunk; }
inline std::int64_t chunk_end_neuron(std::int64_t c, std::int64_t n) {
  return (c + 1) * kChunk < n ? (c + 1) * kChunk : n;
}

// How to execute: threads (openmp), forced ISA (xsimd, openmp), notebook variant (reference).
struct ExecConfig {
  int threads = 1;
  Isa isa = Isa::automatic;
  Variant variant = Variant::loop;
};

// Simulates chunks [chunk_begin, chunk_end) of the population through all steps.
template <class T>
using RunFn = void (*)(const Inputs<T>&, const Outputs<T>&, std::int64_t chunk_begin,
                       std::int64_t chunk_end, const ExecConfig&);

// What a kernel honours: a capability descriptor. Callers ask it, never the kernel's name.
struct KernelCaps {
  bool isas = false;            // compiled per row of the ISA table; honours ExecConfig::isa
  bool threads = false;         // honours ExecConfig::threads
  bool f32 = true;              // has an f32 form (Kernel::run_f32)
  bool variants = false;        // runs the notebook's variants (ExecConfig::variant)
  bool continuation = true;     // continues a carried state (Inputs::first_step, v0, last_spike0)
  bool whole_matrices = false;  // keeps [n, K] working matrices of its range (memory estimate)
};

// A run shape that steers a kernel onto one of its code paths. `lifbench verify` and the
// tests run one case of every path of every kernel, so a path no ordinary case reaches is
// still compared with the reference.
struct KernelPath {
  std::string_view name;  // the path, as the kernel's documentation names it
  Stream stream = Stream::philox;
  bool records_rows = false;      // raster, v, t_ref and per-neuron spikes (else statistics only)
  bool random_t_ref = false;      // per-neuron refractory periods (t_ref_sigma > 0)
  bool tiny_noise = false;        // noise so small that noise * 2^-31 underflows
  bool partial_block = false;     // a population that ends inside a block of neurons
  Isa only_isa = Isa::automatic;  // the path exists on this ISA only (automatic: on every ISA)
};

bool always_supported();

// One registered implementation, in the manner of simdjson's implementation registry:
// designated initializers, capabilities instead of positional flags.
struct Kernel {
  std::string name;
  std::string description;
  KernelCaps caps;
  RunFn<double> run_f64 = nullptr;
  RunFn<float> run_f32 = nullptr;          // null unless caps.f32
  bool (*supported)() = always_supported;  // can it run on this machine?
  // Chunks the kernel wants per call when the driver streams (0 = whole range at once).
  std::int64_t preferred_batch_chunks = 0;
  std::span<const KernelPath> paths = {};  // its code paths beyond the ordinary cases
};

// The ISAs a kernel can be forced to on this CPU, best first (just `automatic` if it is not
// compiled per ISA).
std::vector<Isa> supported_isas(const Kernel& k);

}  // namespace lifbench
