// The `autovec` kernel's entry (baseline flags): the table of its ISA units (autovec_block.hpp,
// one per row of the ISA table) and its registry entry. The baseline code every block kernel
// shares (block_driver.hpp) picks the unit, prepares each block's start state from the
// recording layer, runs it and records it.
#include <span>
#include <vector>

#include "../block_driver.hpp"
#include "autovec_block.hpp"

namespace lifbench {
namespace {

// Every row of the ISA table, best first (none on a CPU family without rows).
std::span<const blocks::BlockUnit> units() {
  static const std::vector<blocks::BlockUnit> rows = {
#define LIFBENCH_ISA(family, name, arch, bits, flags, aes_flags)                            \
  LIFBENCH_ISA_ROW_##family(blocks::BlockUnit{Isa::name, autovec::block_neurons(Isa::name), \
                                              &autovec::run_block<Isa::name, double>,       \
                                              &autovec::run_block<Isa::name, float>}, )
#include "lifbench/isa_table.def"
#undef LIFBENCH_ISA
  };
  return rows;
}

// RunFn: the range's blocks in order, on the ISA's unit.
template <class T>
void run_autovec(const Inputs<T>& in, const Outputs<T>& out, std::int64_t chunk_begin,
                 std::int64_t chunk_end, const ExecConfig& exec) {
  blocks::run_range(blocks::unit_for(units(), exec.isa, "autovec"), in, out, chunk_begin,
                    chunk_end);
}

bool has_isa() { return best_isa() != Isa::automatic; }

}  // namespace

// The registry entry (listed in suite/src/registry.cpp).
extern const Kernel kAutovecKernel;
const Kernel kAutovecKernel{
    .name = "autovec",
    .description =
        "plain loops for the compiler's auto-vectorizer (#pragma omp simd, branch-free), "
        "compiled per ISA",
    .caps = {.isas = true},
    .run_f64 = run_autovec<double>,
    .run_f32 = run_autovec<float>,
    .supported = has_isa,
    .preferred_batch_chunks = 256,
    .paths = blocks::kStatisticsPaths,
};

}  // namespace lifbench
