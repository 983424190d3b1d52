file(REMOVE_RECURSE
  "CMakeFiles/lifbench.dir/lifbench/main.cpp.o"
  "CMakeFiles/lifbench.dir/lifbench/main.cpp.o.d"
  "lifbench"
  "lifbench.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang CXX)
  include(CMakeFiles/lifbench.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
