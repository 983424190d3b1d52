# Thin wrapper over CMake presets. `make test` and `make report` are the two commands a user
# needs (README); both install missing Debian packages first (needs root and apt).
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)
PYTHON := /usr/bin/python3

DEB_PACKAGES := cmake g++ make libxsimd-dev xtl-dev libbenchmark-dev libgtest-dev \
	librapidcheck-dev librandom123-dev libhwy-dev python3-numpy python3-matplotlib \
	python3-scipy python3-brian python3-numba cython3 python3-dev libopenmpi-dev openmpi-bin \
	clang-format clang-tidy pybind11-dev python3-pybind11 python3-pytest python3-nbclient \
	python3-nbformat python3-ipykernel

# The cross build for 64-bit ARM (make test-arm64, docs/arm64.md): the cross compiler, QEMU's
# user mode, the aarch64 runtime the tests load (multiarch, at the standard paths) and the
# :arm64 libraries the build links. MPI, the Python module and the benchmarks are left out.
ARM64_DEB_PACKAGES := g++-aarch64-linux-gnu qemu-user libc6:arm64 libstdc++6:arm64 \
	libgomp1:arm64 libxsimd-dev:arm64 libgtest-dev:arm64 librapidcheck-dev:arm64 \
	libhwy-dev:arm64
ARM64_BUILD_DIR := build/arm64
# ctest arguments of make test-arm64: by default every test but those labelled
# long_under_emulation (the two Siegert rate checks, minutes each under QEMU); empty
# (make test-arm64 ARM64_CTEST_ARGS=) runs every test.
ARM64_CTEST_ARGS ?= -LE long_under_emulation

.PHONY: all deps deps-arm64 configure build test test-arm64 test-asan python report verify \
	goldens compare lint clean

all: build

# Installs the Debian packages of the list $(1) that are missing (nothing if all are present).
define install_missing
@missing=$$(for p in $(1); do \
  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
done); \
if [ -n "$$missing" ]; then \
  echo "make: installing missing Debian packages:" $$missing; \
  if [ "$$(id -u)" != 0 ]; then echo "make: need root to install packages" >&2; exit 1; fi; \
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing \
  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; }; \
fi
endef

deps:
	$(call install_missing,$(DEB_PACKAGES))

# The native packages (the tests run /usr/bin/python3 with NumPy and SciPy), then arm64 as a
# foreign architecture of dpkg and the ARM64_DEB_PACKAGES.
deps-arm64: deps
	@if ! dpkg --print-foreign-architectures | grep -qx arm64; then \
	  echo "make: adding arm64 to dpkg's architectures (Debian multiarch)"; \
	  if [ "$$(id -u)" != 0 ]; then echo "make: need root to add an architecture" >&2; exit 1; fi; \
	  dpkg --add-architecture arm64 && apt-get update; \
	fi
	$(call install_missing,$(ARM64_DEB_PACKAGES))

configure: deps
	cmake --preset $(PRESET)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# Cross-builds for aarch64 Linux (preset arm64, cmake/toolchains/aarch64-linux-gnu.cmake) and
# runs the suite there under qemu-aarch64 (CMAKE_CROSSCOMPILING_EMULATOR): NEON, no speed claims.
test-arm64: deps-arm64
	cmake --preset arm64
	cmake --build $(ARM64_BUILD_DIR) -j $(JOBS)
	@if [ -n "$(ARM64_CTEST_ARGS)" ]; then echo "make: ctest $(ARM64_CTEST_ARGS) (make test-arm64 ARM64_CTEST_ARGS= runs every test)"; fi
	cd $(ARM64_BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(ARM64_CTEST_ARGS)

# The one step before `import lifbench` in Debian's Python (README): builds the module and
# writes lifbench.pth, naming $(BUILD_DIR)/python, into that Python's site directory (the
# user's own when not root). Later builds are picked up without running it again.
python: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target lifbench_python
	@site=$$($(PYTHON) -c 'import os, site; print(site.getsitepackages()[0] if os.getuid() == 0 else site.getusersitepackages())'); \
	mkdir -p "$$site" && echo "$(abspath $(BUILD_DIR))/python" > "$$site/lifbench.pth" && \
	echo "make: wrote $$site/lifbench.pth"
	cd / && $(PYTHON) -c 'import lifbench; print("make: import lifbench works:", lifbench.__file__)'

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer, MPI included (the
# mpirun tests run the sanitized binary; tests/lsan_openmpi.supp covers Open MPI's own
# allocations). `make test PRESET=asan` is the same without MPI.
test-asan:
	$(MAKE) test PRESET=asan-mpi

# Rewrites reference/golden/cross_arch.txt, the cross-architecture goldens, from this build's
# reference kernel (when a stream changes its numbers; docs/arm64.md).
goldens: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target lifbench_goldens
	$(BUILD_DIR)/tests/lifbench_goldens > reference/golden/cross_arch.txt.tmp
	mv reference/golden/cross_arch.txt.tmp reference/golden/cross_arch.txt

verify: build
	$(BUILD_DIR)/apps/lifbench verify

# The main job (reports/run_report.py): verify, benchmarks, peers, the seed's figures, the
# report under reports/runs/. QUICK=1: a short run (about 5 minutes once built, on 2 cores);
# REPETITIONS=N overrides the repetitions per benchmark (5 by default, 3 with QUICK=1);
# PUBLISH=1 also copies the run to reports/example/.
REPORT_ARGS := $(if $(QUICK),--quick) $(if $(REPETITIONS),--repetitions $(REPETITIONS)) \
	$(if $(PUBLISH),--publish-example)
report: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target lifbench lifbench_bench
	$(PYTHON) reports/run_report.py --build $(BUILD_DIR) $(REPORT_ARGS)

# Regression mode: Mann-Whitney U per benchmark; exits 1 on a significant slowdown > THRESHOLD%.
THRESHOLD ?= 5
compare:
	@if [ -z "$(BASE)" ] || [ -z "$(NEW)" ]; then \
	  echo "usage: make compare BASE=<run dir> NEW=<run dir> [THRESHOLD=5]" >&2; exit 2; fi
	$(PYTHON) reports/compare.py $(BASE) $(NEW) --threshold $(THRESHOLD)

# Style and static checks (CI runs them): clang-format over every C++ source, clang-tidy
# (.clang-tidy) over the driver, kernels (the xsimd ISA units included), reference, CLI and
# Python-module sources. Not mask.cpp: clang does not support GCC's target_clones on templates; not
# mpi_simulate.cpp: built only with MPI. The compile commands are GCC's, so clang is told
# to ignore GCC-only warning options (-Wno-maybe-uninitialized on the AVX-512 unit).
TIDY_SOURCES := $(wildcard kernels/src/*.cpp kernels/src/*/*.cpp reference/src/*.cpp \
	suite/src/*.cpp apps/lifbench/*.cpp python/src/*.cpp python/bench/*.cpp)
# Only the sources this build compiles (its compile_commands.json) are checked: the ISA units
# of another CPU family's rows (kernels/src/*/*_neon64.cpp on x86-64) are not compiled here.
lint: configure
	git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
	@sources=$$(for f in $(filter-out %/mpi_simulate.cpp %/mask.cpp,$(TIDY_SOURCES)); do \
	  grep -qF "\"file\": \"$(CURDIR)/$$f\"" $(BUILD_DIR)/compile_commands.json && echo $$f; \
	done); \
	echo "clang-tidy --quiet -p $(BUILD_DIR) --extra-arg=-Wno-unknown-warning-option ..."; \
	clang-tidy --quiet -p $(BUILD_DIR) --extra-arg=-Wno-unknown-warning-option $$sources

clean:
	rm -rf build
