# Cross-compiling for 64-bit ARM Linux on an x86-64 Debian machine (docs/arm64.md): Debian's
# cross compiler (g++-aarch64-linux-gnu) and the libraries' :arm64 multiarch packages, the
# tests run under user-mode QEMU (qemu-user). `make test-arm64` configures with this file.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Multiarch: the :arm64 libraries and their CMake packages live under /usr/lib/aarch64-linux-gnu,
# headers under /usr/include are shared; programs (cmake, python3) are the build machine's.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)

# ctest (and gtest_discover_tests) run every test program through this. The programs load the
# multiarch runtime (libc6:arm64, libstdc++6:arm64, libgomp1:arm64 at the standard paths, where
# QEMU finds /lib/ld-linux-aarch64.so.1 by itself), not the cross toolchain's copy under
# /usr/aarch64-linux-gnu: with `-L /usr/aarch64-linux-gnu`, qemu-aarch64 7.2 leaves a forked
# child spinning before it runs a line, and the CLI tests fork.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64)
