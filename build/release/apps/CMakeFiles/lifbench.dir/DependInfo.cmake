
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/apps/lifbench/main.cpp" "apps/CMakeFiles/lifbench.dir/lifbench/main.cpp.o" "gcc" "apps/CMakeFiles/lifbench.dir/lifbench/main.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/main/build/release/apps/CMakeFiles/lifbench_cli.dir/DependInfo.cmake"
  "/work/main/build/release/kernels/CMakeFiles/lifbench_core.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
