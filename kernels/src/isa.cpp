// The ISA table's rows as data (isa_table.def), and the lookups derived from them.
#include "lifbench/isa.hpp"

#include <array>
#include <stdexcept>
#include <xsimd/xsimd.hpp>

namespace lifbench {
namespace {

#define LIFBENCH_ISA(family, name, arch, bits, flags) \
  LIFBENCH_ISA_ROW_##family(bool cpu_has_##name() { return xsimd::available_architectures().arch; })
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA

// A placeholder row keeps the array non-empty on a CPU family without table rows.
bool never() { return false; }

constexpr IsaInfo kRows[] = {
#define LIFBENCH_ISA(family, name, arch, bits, flags) \
  LIFBENCH_ISA_ROW_##family({Isa::name, #name, #arch, bits, flags, cpu_has_##name}, )
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
    {Isa::automatic, "", "", 0, "", never}};

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

std::vector<Isa> supported_table_isas() {
  std::vector<Isa> isas;
  for (const IsaInfo& row : isa_table()) {
    if (row.cpu_has()) isas.push_back(row.isa);
  }
  return isas;
}

}  // namespace lifbench
