
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/main/reference/src/numpy_random.cpp" "kernels/CMakeFiles/lifbench_core.dir/__/reference/src/numpy_random.cpp.o" "gcc" "kernels/CMakeFiles/lifbench_core.dir/__/reference/src/numpy_random.cpp.o.d"
  "/work/main/reference/src/reference.cpp" "kernels/CMakeFiles/lifbench_core.dir/__/reference/src/reference.cpp.o" "gcc" "kernels/CMakeFiles/lifbench_core.dir/__/reference/src/reference.cpp.o.d"
  "/work/main/kernels/src/registry.cpp" "kernels/CMakeFiles/lifbench_core.dir/src/registry.cpp.o" "gcc" "kernels/CMakeFiles/lifbench_core.dir/src/registry.cpp.o.d"
  "/work/main/kernels/src/scalar.cpp" "kernels/CMakeFiles/lifbench_core.dir/src/scalar.cpp.o" "gcc" "kernels/CMakeFiles/lifbench_core.dir/src/scalar.cpp.o.d"
  "/work/main/kernels/src/simulate.cpp" "kernels/CMakeFiles/lifbench_core.dir/src/simulate.cpp.o" "gcc" "kernels/CMakeFiles/lifbench_core.dir/src/simulate.cpp.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
