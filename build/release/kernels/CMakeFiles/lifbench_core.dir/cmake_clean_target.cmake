file(REMOVE_RECURSE
  "liblifbench_core.a"
)
