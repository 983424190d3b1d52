file(REMOVE_RECURSE
  "liblifbench_cli.a"
)
