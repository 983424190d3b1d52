#!/usr/bin/env bash
# MPI runs equal the single-process run bit for bit: every output file of
# `mpirun -np R lifbench simulate ...` against the same command without mpirun.
# usage: mpi_compare.sh LIFBENCH R   (exit 77 = skipped: no mpirun)
set -euo pipefail
lifbench=$1 ranks=$2
command -v mpirun >/dev/null || { echo "skipped: mpirun not found (install openmpi-bin)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mpirun_flags=(--oversubscribe -np "$ranks")
[[ $(id -u) == 0 ]] && mpirun_flags+=(--allow-run-as-root)
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
  "$lifbench" simulate $args --out "$work/$name-1" >/dev/null
  # shellcheck disable=SC2086
  mpirun "${mpirun_flags[@]}" "$lifbench" simulate $args --out "$work/$name-mpi" >/dev/null
  for f in "$work/$name-1"/*; do
    base=$(basename "$f")
    if [[ $base == summary.json ]]; then
      diff <(grep -v wall_seconds "$f") <(grep -v wall_seconds "$work/$name-mpi/$base") \
        || { echo "FAIL $name: summary.json differs with $ranks ranks"; exit 1; }
    else
      cmp "$f" "$work/$name-mpi/$base" || { echo "FAIL $name: $base differs with $ranks ranks"; exit 1; }
    fi
  done
  echo "ok $name: $(ls "$work/$name-1" | tr '\n' ' ')identical with $ranks ranks"
done
