# The ISA table for CMake, read from kernels/include/lifbench/isa_table.def (the one place the
# ISAs are listed). Sets LIFBENCH_ISAS (names, best first) and, per ISA <name>,
# LIFBENCH_ISA_FLAGS_<name> and LIFBENCH_ISA_AES_FLAGS_<name> (lists of compile options: the
# row's flags, and those its units that run AES rounds add).
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(LIFBENCH_ISA_FAMILY x86_64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(LIFBENCH_ISA_FAMILY aarch64)
else()
  set(LIFBENCH_ISA_FAMILY ${CMAKE_SYSTEM_PROCESSOR})
endif()

file(STRINGS ${PROJECT_SOURCE_DIR}/kernels/include/lifbench/isa_table.def lifbench_isa_rows
     REGEX "^LIFBENCH_ISA\\(")
set(LIFBENCH_ISAS)
foreach(row IN LISTS lifbench_isa_rows)
  if(NOT row MATCHES "^LIFBENCH_ISA\\(([a-z0-9_]+), ([a-z0-9_]+), ([a-z0-9_]+), ([0-9]+), \"([^\"]*)\", \"([^\"]*)\"\\)$")
    message(FATAL_ERROR "isa_table.def: malformed row: ${row}")
  endif()
  if(CMAKE_MATCH_1 STREQUAL LIFBENCH_ISA_FAMILY)
    set(name ${CMAKE_MATCH_2})
    list(APPEND LIFBENCH_ISAS ${name})
    separate_arguments(LIFBENCH_ISA_FLAGS_${name} UNIX_COMMAND "${CMAKE_MATCH_5}")
    separate_arguments(LIFBENCH_ISA_AES_FLAGS_${name} UNIX_COMMAND "${CMAKE_MATCH_6}")
  endif()
endforeach()
message(STATUS "lifbench: ISAs ${LIFBENCH_ISAS}")

# Compiles <dir>/<prefix><name>.cpp for every ISA of the table with that ISA's flags and adds
# the units to <target>: one tiny unit per ISA, the kernel source shared. The keyword AES
# adds the row's AES flags too (units that run AES rounds: the ars stream). Further arguments
# are compile options every unit gets besides its ISA's flags.
function(lifbench_add_isa_units target dir prefix)
  cmake_parse_arguments(PARSE_ARGV 3 unit "AES" "" "")
  foreach(name IN LISTS LIFBENCH_ISAS)
    set(unit ${dir}/${prefix}${name}.cpp)
    if(NOT EXISTS ${unit})
      message(FATAL_ERROR "${unit} is missing: every ISA of isa_table.def needs its unit")
    endif()
    set(options ${LIFBENCH_ISA_FLAGS_${name}})
    if(unit_AES)
      list(APPEND options ${LIFBENCH_ISA_AES_FLAGS_${name}})
    endif()
    list(APPEND options ${unit_UNPARSED_ARGUMENTS})
    target_sources(${target} PRIVATE ${unit})
    set_source_files_properties(${unit} PROPERTIES COMPILE_OPTIONS "${options}")
  endforeach()
endfunction()
