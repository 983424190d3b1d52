#!/usr/bin/env bash
# MPI runs equal the single-process run bit for bit: every output file of
# `mpirun -np R lifbench simulate ...` against the same command without mpirun.
# usage: mpi_compare.sh LIFBENCH R [MAX_MESSAGE]   (exit 77 = skipped: no mpirun)
# MAX_MESSAGE sets LIFBENCH_MPI_MAX_MESSAGE (bytes per gather message) for the MPI runs, so
# that every rank's share, a few MB here, travels in many pieces as shares above 2 GiB do.
set -euo pipefail
lifbench=$1 ranks=$2 max_message=${3:-}
command -v mpirun >/dev/null || { echo "skipped: mpirun not found (install openmpi-bin)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpirun_flags=(--oversubscribe -np "$ranks")
[[ $(id -u) == 0 ]] && mpirun_flags+=(--allow-run-as-root)
if [[ -n $max_message ]]; then
  export LIFBENCH_MPI_MAX_MESSAGE=$max_message
  mpirun_flags+=(-x LIFBENCH_MPI_MAX_MESSAGE)
fi
# Sanitized builds: Open MPI's own allocations at exit are not leaks of lifbench's.
[[ -n ${LSAN_OPTIONS:-} ]] && mpirun_flags+=(-x LSAN_OPTIONS)
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none

# name | arguments (n spans several super-chunks of 65536 neurons, with a ragged tail)
cases=(
  "philox-f64|--kernel scalar --rng philox --neurons 200003 --t-max 0.02 --t-ref-sigma 0.004 --record raster,v,t_ref,stats,spikes"
  "philox-f32-stats|--rng philox --precision f32 --neurons 300001 --t-ref-sigma 0.003 --record stats --threads 1"
  "numpy-f64|--kernel mask --rng numpy --neurons 140000 --t-max 0.01 --record raster,v,t_ref,stats"
)
for case in "${cases[@]}"; do
  name=${case%%|*} args=${case#*|}
  # shellcheck disable=SC2086
  single=$("$lifbench" simulate $args --out "$work/$name-1")
  # shellcheck disable=SC2086
  distributed=$(mpirun "${mpirun_flags[@]}" "$lifbench" simulate $args --out "$work/$name-mpi")
  # MPI is initialized under the launcher only: the plain run is one process, the MPI run
  # says how many ranks shared the work.
  [[ $single != *"MPI rank"* ]] || { echo "FAIL $name: a plain run used MPI: $single"; exit 1; }
  if ((ranks > 1)); then
    [[ $distributed == *" on $ranks MPI ranks -> "* ]] \
      || { echo "FAIL $name: not split over $ranks ranks: $distributed"; exit 1; }
  fi
  for f in "$work/$name-1"/*; do
    base=$(basename "$f")
    if [[ $base == summary.json ]]; then
      diff <(grep -v wall_seconds "$f") <(grep -v wall_seconds "$work/$name-mpi/$base") \
        || { echo "FAIL $name: summary.json differs with $ranks ranks"; exit 1; }
    else
      cmp "$f" "$work/$name-mpi/$base" || { echo "FAIL $name: $base differs with $ranks ranks"; exit 1; }
    fi
  done
  [[ $(ls -A "$work/$name-1") == $(ls -A "$work/$name-mpi") ]] \
    || { echo "FAIL $name: the folders hold different files"; exit 1; }
  echo "ok $name: $(ls "$work/$name-1" | tr '\n' ' ')identical with $ranks ranks${max_message:+ (messages of at most $max_message bytes)}"
done
