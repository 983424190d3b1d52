// The random streams of SPEC section 2, derived from one table (stream_table.def): names,
// versions, parsing, whether this CPU runs a stream, and the counter-based streams' numbers
// as pure functions of (stream, seed, neuron j, step k).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lifbench/ars.hpp"
#include "lifbench/isa.hpp"
#include "lifbench/model.hpp"
#include "lifbench/philox.hpp"

namespace lifbench {

// One row of the stream table.
struct StreamInfo {
  Stream stream;
  std::string_view name;     // the --rng spelling
  int version;               // recorded in summary.json
  bool counter_based;        // generated inside the kernels from (seed, j, k)
  bool needs_aes;            // built from AES rounds: the CPU needs AES instructions
  std::string_view summary;  // one line for the usage text and the docs
};

// The table's rows, in table order.
std::span<const StreamInfo> stream_table();
// The row of a stream.
const StreamInfo& stream_info(Stream s);
// Parses a --rng spelling; false if unknown.
bool parse_stream(std::string_view text, Stream* s);
// The spellings --rng accepts, joined by `sep` ("numpy|philox").
std::string stream_choices(std::string_view sep);
// Whether the stream's numbers are pure functions of (seed, j, k), generated in the kernels.
constexpr bool counter_based(Stream s) {
  constexpr bool kCounterBased[] = {
#define LIFBENCH_STREAM(name, version, is_counter_based, needs_aes, summary) is_counter_based,
#include "lifbench/stream_table.def"
#undef LIFBENCH_STREAM
  };
  return kCounterBased[static_cast<int>(s)];
}
// Why this CPU cannot run the stream (empty if it can).
std::string_view stream_unavailable_reason(Stream s);
// The table ISA a kernel compiled per ISA runs the stream on when `requested` is asked for:
// the best row that runs it for automatic (AES streams: the best row whose AES flags the CPU
// has), else `requested`.
Isa isa_for_stream(Isa requested, Stream s);
// Whether this CPU runs the stream's SIMD code on a table ISA.
bool isa_runs_stream(Isa isa, Stream s);
// The streams this CPU runs, in table order (what tests, verify and the benchmarks iterate).
std::vector<Stream> streams_here();
// The counter-based streams this CPU runs, in table order.
std::vector<Stream> counter_streams_here();

// The four words of the counter {block, j, j >> 32, domain} of a counter-based stream.
inline CounterWords stream_words(Stream s, std::uint64_t seed, std::uint64_t j, std::uint32_t block,
                                 std::uint32_t domain) {
  if (s == Stream::ars) {
    const std::array<std::uint32_t, 4> w = ars_words(seed, j, block, domain);
    return CounterWords{{w[0], w[1], w[2], w[3]}};
  }
  return philox_words(seed, j, block, domain);
}

// u[j,k] of a counter-based stream in precision T (one word per neuron-step).
template <class T>
inline T stream_uniform(Stream s, std::uint64_t seed, std::uint64_t j, std::int64_t k) {
  const auto block = static_cast<std::uint32_t>(k / kStepsPerCounter);
  return uniform_of_step<T>(stream_words(s, seed, j, block, kDomainUniform), k);
}

// z[j] ~ N(0,1) of a counter-based stream: Box-Muller in double on the words of domain 1.
inline double stream_normal(Stream s, std::uint64_t seed, std::uint64_t j) {
  return box_muller(stream_words(s, seed, j, 0, kDomainNormal));
}

}  // namespace lifbench
