file(REMOVE_RECURSE
  "CMakeFiles/lifbench_tests.dir/test_numpy_random.cpp.o"
  "CMakeFiles/lifbench_tests.dir/test_numpy_random.cpp.o.d"
  "lifbench_tests"
  "lifbench_tests.pdb"
  "lifbench_tests[1]_tests.cmake"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lifbench_tests.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
