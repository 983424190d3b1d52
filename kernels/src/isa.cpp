// The ISA table's rows as data (isa_table.def), and the lookups derived from them.
#include "lifbench/isa.hpp"

#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#endif

#include <array>
#include <stdexcept>
#include <string_view>
#include <xsimd/xsimd.hpp>

#include "lifbench/ars.hpp"  // cpu_has_aes

namespace lifbench {
namespace {

#if defined(__x86_64__) || defined(_M_X64)
// VAES: CPUID leaf 7, subleaf 0, ECX bit 9 (clang's __builtin_cpu_supports lacks "vaes").
bool cpu_has_vaes() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) != 0 && (ecx & (1u << 9)) != 0;
}
#endif

// Whether this CPU has the instruction set one AES compile flag enables; false if unknown.
bool cpu_has_aes_flag(std::string_view flag) {
#if defined(__x86_64__) || defined(_M_X64)
  if (flag == "-maes") return cpu_has_aes();
  if (flag == "-mvaes") return cpu_has_vaes();
#endif
  static_cast<void>(flag);
  return false;
}

}  // namespace

bool cpu_has_aes_flags(std::string_view aes_flags) {
  bool all = true;
  std::size_t begin = 0;
  while (begin < aes_flags.size()) {
    std::size_t end = aes_flags.find(' ', begin);
    if (end == std::string_view::npos) end = aes_flags.size();
    if (end > begin) all = all && cpu_has_aes_flag(aes_flags.substr(begin, end - begin));
    begin = end + 1;
  }
  return all;
}

namespace {

// cpu_has_<name>: the row's ISA (xsimd checks the OS's register state too).
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(bool cpu_has_##name() { return xsimd::available_architectures().arch; })
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

// cpu_has_ars_<name>: the row's ISA and its AES flags.
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(                                     \
      bool cpu_has_ars_##name() { return cpu_has_##name() && cpu_has_aes_flags(aes_flags); })
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

// A placeholder row keeps the array non-empty on a CPU family without table rows.
bool never() { return false; }

constexpr IsaInfo kRows[] = {
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags) \
  LIFBENCH_ISA_ROW_##family(                                     \
      {Isa::name, #name, #arch, bits, flags, aes_flags, cpu_has_##name, cpu_has_ars_##name}, )
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
    {Isa::automatic, "", "", 0, "", "", never, never}};

}  // namespace

std::span<const IsaInfo> isa_table() { return {kRows, std::size(kRows) - 1}; }

const IsaInfo& isa_info(Isa isa) {
  for (const IsaInfo& row : isa_table()) {
    if (row.isa == isa) return row;
  }
  throw std::invalid_argument("not an ISA of the table");
}

std::string_view to_string(Isa isa) {
  return isa == Isa::automatic ? std::string_view("auto") : isa_info(isa).name;
}

bool parse_isa(std::string_view text, Isa* isa) {
  if (text == "auto") {
    *isa = Isa::automatic;
    return true;
  }
  for (const IsaInfo& row : isa_table()) {
    if (text == row.name) {
      *isa = row.isa;
      return true;
    }
  }
  return false;
}

std::string isa_choices(std::string_view sep) {
  std::string choices = "auto";
  for (const IsaInfo& row : isa_table()) choices.append(sep).append(row.name);
  return choices;
}

bool cpu_supports(Isa isa) { return isa == Isa::automatic || isa_info(isa).cpu_has(); }

Isa best_isa() {
  for (const IsaInfo& row : isa_table()) {
    if (row.cpu_has()) return row.isa;
  }
  return Isa::automatic;
}

Isa best_ars_isa() {
  for (const IsaInfo& row : isa_table()) {
    if (row.cpu_has_ars()) return row.isa;
  }
  return Isa::automatic;
}

bool cpu_runs_ars(Isa isa) {
  return isa == Isa::automatic ? best_ars_isa() != Isa::automatic : isa_info(isa).cpu_has_ars();
}

std::vector<Isa> supported_table_isas() {
  std::vector<Isa> isas;
  for (const IsaInfo& row : isa_table()) {
    if (row.cpu_has()) isas.push_back(row.isa);
  }
  return isas;
}

}  // namespace lifbench
