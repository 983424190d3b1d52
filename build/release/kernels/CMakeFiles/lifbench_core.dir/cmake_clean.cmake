file(REMOVE_RECURSE
  "CMakeFiles/lifbench_core.dir/__/reference/src/numpy_random.cpp.o"
  "CMakeFiles/lifbench_core.dir/__/reference/src/numpy_random.cpp.o.d"
  "CMakeFiles/lifbench_core.dir/__/reference/src/reference.cpp.o"
  "CMakeFiles/lifbench_core.dir/__/reference/src/reference.cpp.o.d"
  "CMakeFiles/lifbench_core.dir/src/registry.cpp.o"
  "CMakeFiles/lifbench_core.dir/src/registry.cpp.o.d"
  "CMakeFiles/lifbench_core.dir/src/scalar.cpp.o"
  "CMakeFiles/lifbench_core.dir/src/scalar.cpp.o.d"
  "CMakeFiles/lifbench_core.dir/src/simulate.cpp.o"
  "CMakeFiles/lifbench_core.dir/src/simulate.cpp.o.d"
  "liblifbench_core.a"
  "liblifbench_core.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lifbench_core.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
