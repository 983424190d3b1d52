// Dispatch of the ars stream's SIMD code (baseline flags): the ISA units that this CPU runs,
// best first, and the functions of lifbench/ars_lanes.hpp.
#include <stdexcept>
#include <string>
#include <vector>

#include "ars_entry_points.hpp"
#include "lifbench/ars_lanes.hpp"

namespace lifbench {
namespace {

// One ISA unit's entry points.
struct ArsIsaEntry {
  Isa isa;
  void (*stream_words)(const ArsKeySchedule&, std::uint64_t, std::size_t, std::uint32_t,
                       std::uint32_t, std::uint32_t*);
  double (*floor_f64)(std::uint64_t, std::int64_t, std::int64_t, std::int64_t);
  double (*floor_f32)(std::uint64_t, std::int64_t, std::int64_t, std::int64_t);
};

// The entry points of one arch.
template <class Arch>
ArsIsaEntry entry_for(Isa isa) {
  return ArsIsaEntry{isa, &simd::ars_stream_lanes<Arch>, &simd::ars_floor_range<Arch, double>,
                     &simd::ars_floor_range<Arch, float>};
}

// Every row of the ISA table, best first.
const std::vector<ArsIsaEntry>& ars_units() {
  static const std::vector<ArsIsaEntry> units = {
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(entry_for<xsimd::arch>(Isa::name), )
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
  };
  return units;
}

// The unit of ars_isa(isa).
const ArsIsaEntry& ars_unit(Isa isa) {
  const Isa resolved = ars_isa(isa);
  for (const ArsIsaEntry& e : ars_units()) {
    if (e.isa == resolved) return e;
  }
  throw std::invalid_argument("the ars stream has no unit for ISA " +
                              std::string(to_string(resolved)));
}

// Throws unless `value` is a multiple of `multiple`.
void require_multiple(std::uint64_t value, std::uint64_t multiple, const char* what) {
  if (value % multiple != 0) {
    throw std::invalid_argument(std::string(what) + " must be a multiple of " +
                                std::to_string(multiple));
  }
}

}  // namespace

Isa ars_isa(Isa isa) {
  if (!cpu_runs_ars(isa)) {
    if (isa == Isa::automatic || !cpu_has_aes()) {
      throw std::invalid_argument("the ars stream needs AES instructions, which this CPU lacks");
    }
    const IsaInfo& row = isa_info(isa);
    throw std::invalid_argument("the ars stream can't run ISA " + std::string(row.name) +
                                " on this CPU (it needs " + std::string(row.flags) + " " +
                                std::string(row.aes_flags) + ")");
  }
  return isa == Isa::automatic ? best_ars_isa() : isa;
}

void simd_ars_stream_words(Isa isa, const ArsKeySchedule& keys, std::uint64_t j_first,
                           std::size_t count, std::uint32_t block, std::uint32_t domain,
                           std::uint32_t* words) {
  require_multiple(j_first, 16, "simd_ars_stream_words: j_first");
  ars_unit(isa).stream_words(keys, j_first, count, block, domain, words);
}

void simd_ars_stream_words(Isa isa, std::uint64_t seed, std::uint64_t j_first, std::size_t count,
                           std::uint32_t block, std::uint32_t domain, std::uint32_t* words) {
  simd_ars_stream_words(isa, ArsKeySchedule::from_seed(seed), j_first, count, block, domain, words);
}

double simd_ars_floor(Isa isa, Precision precision, std::uint64_t seed, std::int64_t j_begin,
                      std::int64_t j_end, std::int64_t steps) {
  if (j_begin < 0 || j_end < j_begin || steps < 0) {
    throw std::invalid_argument("simd_ars_floor: needs 0 <= j_begin <= j_end and steps >= 0");
  }
  require_multiple(static_cast<std::uint64_t>(j_begin), 64, "simd_ars_floor: j_begin");
  const ArsIsaEntry& unit = ars_unit(isa);
  return (precision == Precision::f64 ? unit.floor_f64 : unit.floor_f32)(seed, j_begin, j_end,
                                                                         steps);
}

}  // namespace lifbench
