#!/usr/bin/python3
"""Collects the facts a benchmark report states about the machine and the build.

Usage: /usr/bin/python3 reports/machine.py --build build/release [--out machine.json]
Everything comes from files and commands present on Debian 12; a fact that can't be read is
recorded as null rather than failing the run.
"""

import argparse
import datetime
import json
import os
import platform
import re
import shlex
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Debian packages whose versions the report lists.
PACKAGES = ("g++", "cmake", "libxsimd-dev", "xtl-dev", "libbenchmark-dev", "librandom123-dev",
            "libgtest-dev", "librapidcheck-dev", "python3-numpy", "python3-scipy",
            "python3-matplotlib", "python3-brian", "cython3")
# CPU flags worth naming in a SIMD report.
SIMD_FLAGS = ("sse2", "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512dq",
              "avx512bw", "avx512vl", "avx512ifma", "avx512vbmi", "avx512_vnni", "avx512_bf16")


def command(cmd, cwd=None):
    """stdout of cmd stripped, or None if it fails."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=30)
        return out.stdout.strip() if out.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        return None


def cpuinfo():
    """Model name and flags of the first processor in /proc/cpuinfo."""
    facts = {"model": None, "flags": []}
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "model name" and facts["model"] is None:
                    facts["model"] = value.strip()
                elif key == "flags" and not facts["flags"]:
                    facts["flags"] = value.split()
    except OSError:
        pass
    return facts


def caches():
    """Cache sizes in bytes as getconf reports them."""
    text = command(["getconf", "-a"]) or ""
    sizes = {}
    for name, key in (("LEVEL1_DCACHE_SIZE", "L1d"), ("LEVEL1_ICACHE_SIZE", "L1i"),
                      ("LEVEL2_CACHE_SIZE", "L2"), ("LEVEL3_CACHE_SIZE", "L3")):
        m = re.search(rf"^{name}\s+(\d+)", text, re.M)
        sizes[key] = int(m.group(1)) if m and int(m.group(1)) > 0 else None
    return sizes


def memory_bytes():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def os_name():
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def package_versions():
    versions = {}
    for pkg in PACKAGES:
        versions[pkg] = command(["dpkg-query", "-W", "-f=${Version}", pkg])
    return versions


def cmake_cache(build):
    """Selected entries of the build's CMakeCache.txt."""
    entries = {}
    try:
        with open(os.path.join(build, "CMakeCache.txt"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^([A-Za-z_]+):[A-Z]+=(.*)$", line.strip())
                if m:
                    entries[m.group(1)] = m.group(2)
    except OSError:
        pass
    return entries


def kernel_flags(build):
    """Compile flags of the kernel sources, from compile_commands.json (deduplicated)."""
    try:
        with open(os.path.join(build, "compile_commands.json"), encoding="utf-8") as f:
            commands = json.load(f)
    except (OSError, ValueError):
        return {}
    flags = {}
    for entry in commands:
        path = os.path.relpath(entry.get("file", ""), ROOT)
        if not path.startswith("kernels/src/"):
            continue
        words = shlex.split(entry.get("command", ""))
        kept = [w for w in words[1:] if w.startswith(("-O", "-f", "-m", "-std", "-D"))
                and not w.startswith("-DLIFBENCH_")]
        flags[path] = " ".join(kept)
    return flags


def git(*args):
    return command(["git", *args], cwd=ROOT)


def collect(build):
    cpu = cpuinfo()
    cache = cmake_cache(build)
    compiler = cache.get("CMAKE_CXX_COMPILER") or "c++"
    status = git("status", "--porcelain", "--untracked-files=no") or ""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": socket.gethostname(),
        "commit": git("rev-parse", "--short=10", "HEAD"),
        "commit_subject": git("log", "-1", "--format=%s"),
        "tree_dirty": bool(status.strip()),
        "architecture": platform.machine(),
        "cpu_model": cpu["model"],
        "simd_flags": [f for f in SIMD_FLAGS if f in cpu["flags"]],
        "logical_cpus": os.cpu_count(),
        "caches": caches(),
        "memory_bytes": memory_bytes(),
        "os": os_name(),
        "kernel": platform.release(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "compiler": (command([compiler, "--version"]) or "").splitlines()[0:1],
        "build_type": cache.get("CMAKE_BUILD_TYPE"),
        "cxx_flags": " ".join(x for x in (cache.get("CMAKE_CXX_FLAGS", ""),
                                          cache.get("CMAKE_CXX_FLAGS_" + (
                                              cache.get("CMAKE_BUILD_TYPE") or "").upper(), ""))
                              if x),
        "kernel_flags": kernel_flags(build),
        "packages": package_versions(),
    }


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--out", default="-")
    args = ap.parse_args(argv)
    facts = collect(args.build)
    text = json.dumps(facts, indent=1)
    if args.out == "-":
        print(text)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
