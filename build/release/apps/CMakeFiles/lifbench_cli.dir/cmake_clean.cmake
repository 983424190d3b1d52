file(REMOVE_RECURSE
  "CMakeFiles/lifbench_cli.dir/lifbench/cli.cpp.o"
  "CMakeFiles/lifbench_cli.dir/lifbench/cli.cpp.o.d"
  "CMakeFiles/lifbench_cli.dir/lifbench/npy.cpp.o"
  "CMakeFiles/lifbench_cli.dir/lifbench/npy.cpp.o.d"
  "CMakeFiles/lifbench_cli.dir/lifbench/outputs.cpp.o"
  "CMakeFiles/lifbench_cli.dir/lifbench/outputs.cpp.o.d"
  "CMakeFiles/lifbench_cli.dir/lifbench/verify.cpp.o"
  "CMakeFiles/lifbench_cli.dir/lifbench/verify.cpp.o.d"
  "liblifbench_cli.a"
  "liblifbench_cli.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lifbench_cli.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
