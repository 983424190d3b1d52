
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/apps/lifbench/cli.cpp" "apps/CMakeFiles/lifbench_cli.dir/lifbench/cli.cpp.o" "gcc" "apps/CMakeFiles/lifbench_cli.dir/lifbench/cli.cpp.o.d"
  "/work/main/apps/lifbench/npy.cpp" "apps/CMakeFiles/lifbench_cli.dir/lifbench/npy.cpp.o" "gcc" "apps/CMakeFiles/lifbench_cli.dir/lifbench/npy.cpp.o.d"
  "/work/main/apps/lifbench/outputs.cpp" "apps/CMakeFiles/lifbench_cli.dir/lifbench/outputs.cpp.o" "gcc" "apps/CMakeFiles/lifbench_cli.dir/lifbench/outputs.cpp.o.d"
  "/work/main/apps/lifbench/verify.cpp" "apps/CMakeFiles/lifbench_cli.dir/lifbench/verify.cpp.o" "gcc" "apps/CMakeFiles/lifbench_cli.dir/lifbench/verify.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build/release/kernels/CMakeFiles/lifbench_core.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
