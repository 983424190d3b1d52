# Flags every lifbench target gets: reproducible IEEE arithmetic first.
#
# -ffp-contract=off: GCC would otherwise fuse a*b+c into FMA on ISAs that have it, and the
# same kernel would round differently per ISA (see docs/model.md). No -ffast-math anywhere.
add_library(lifbench_flags INTERFACE)
target_compile_options(lifbench_flags INTERFACE
  -ffp-contract=off -fno-fast-math
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
  $<$<BOOL:${LIFBENCH_WERROR}>:-Werror>)
