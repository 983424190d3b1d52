// The instruction sets the SIMD kernels are compiled for, derived from one table
// (isa_table.def): the enum, the names, the register widths, the CPU check and the order
// dispatch tries them in (best first).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lifbench {

// Rows of other CPU families are left out of every expansion of the table.
#if defined(__x86_64__) || defined(_M_X64)
#define LIFBENCH_ISA_ROW_x86_64(...) __VA_ARGS__
#define LIFBENCH_ISA_ROW_aarch64(...)
#elif defined(__aarch64__)
#define LIFBENCH_ISA_ROW_x86_64(...)
#define LIFBENCH_ISA_ROW_aarch64(...) __VA_ARGS__
#else
#define LIFBENCH_ISA_ROW_x86_64(...)
#define LIFBENCH_ISA_ROW_aarch64(...)
#endif

// An ISA of the table; `automatic` means "the best this CPU supports" (or, for a kernel that
// is not compiled per ISA, "none").
enum class Isa {
  automatic,
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) LIFBENCH_ISA_ROW_##family(name, )
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
};

// One row of the ISA table.
struct IsaInfo {
  Isa isa;
  std::string_view name;        // the --isa spelling
  std::string_view xsimd_arch;  // the xsimd::<arch> its units are compiled for
  int register_bits;            // width of one SIMD register
  std::string_view flags;       // the compile flags of its units
  std::string_view aes_flags;   // added to `flags` for its units that run AES rounds (ars)
  bool (*cpu_has)();            // whether this CPU (and OS) runs code compiled with `flags`
  bool (*cpu_has_ars)();        // ... and with `aes_flags` too: the ars stream on this row
};

// The table's rows for this CPU family, best first.
std::span<const IsaInfo> isa_table();
// The row of a table ISA (not automatic).
const IsaInfo& isa_info(Isa isa);

// "auto" or the table name.
std::string_view to_string(Isa isa);
// Parses "auto" or a table name; false if unknown.
bool parse_isa(std::string_view text, Isa* isa);
// The spellings --isa accepts, joined by `sep` ("auto|avx512|avx2|sse2").
std::string isa_choices(std::string_view sep);
// Whether this CPU (and OS) can run code compiled for `isa` (automatic: always).
bool cpu_supports(Isa isa);
// Whether this CPU has every instruction set a row's AES flags enable ("-maes": AES-NI,
// "-mvaes": VAES); false for a flag it does not know.
bool cpu_has_aes_flags(std::string_view aes_flags);
// Whether this CPU runs the ars stream's SIMD code of `isa`: the row's ISA and its AES flags
// (automatic: whether some row runs it, i.e. best_ars_isa() is not automatic).
bool cpu_runs_ars(Isa isa);
// The best table ISA whose ars code this CPU runs; automatic if none. A CPU with AVX2 and
// AES-NI but no VAES runs the kernels on avx2 and the ars stream's SIMD code on sse2.
Isa best_ars_isa();
// The best table ISA this CPU supports (the first supported row); automatic if none.
Isa best_isa();
// The table ISAs this CPU supports, best first.
std::vector<Isa> supported_table_isas();
// Values of `value_bytes` bytes in one register of `isa`.
inline int lanes_of(const IsaInfo& info, int value_bytes) {
  return info.register_bits / (8 * value_bytes);
}

}  // namespace lifbench
