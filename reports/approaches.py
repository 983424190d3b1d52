#!/usr/bin/python3
"""What each approach costs to write and to build: lines of kernel code, counted by a stated
rule from the source tree, and the time to compile the kernel's own units, from the build's
compile_commands.json. Written as approaches.json for the report's "which approach" section.

Usage: /usr/bin/python3 reports/approaches.py --build build/release --kernels scalar,xsimd
           --out approaches.json [--no-compile]

The kernels are the names the benchmark recorded (bench.json's lifbench_kernels), so a new
kernel is counted without editing this file, provided its files follow the naming rule.
"""

import argparse
import ast
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
KERNEL_SRC = os.path.join("kernels", "src")
# Units in a kernel's folder that measure something and are no part of the kernel.
NOT_KERNEL = ("rng_floor.cpp",)
SOURCE_SUFFIXES = (".cpp", ".hpp", ".h", ".cc", ".inl")
NUMBA_PEER = os.path.join("bench", "peers", "numba_peer.py")

RULE = ("Lines of code: the kernel's own files, found from its name: `kernels/src/<kernel>.cpp`, "
        "`kernels/src/<kernel>_*.cpp` (and `.hpp`), and every source file under "
        "`kernels/src/<kernel>/` except the random-number floor's unit (`rng_floor.cpp`, "
        "a measurement); counted are the lines that are neither blank nor only comment "
        "(`//` lines and `/* ... */` blocks). Not counted: what every kernel shares (the "
        "model's formulas, the streams, the driver, the recording layer, the registry line). "
        "A kernel that includes another kernel's files (`#include \"<kernel>/...\"`) is "
        "also shown with that kernel's lines added, as it needs them. Numba: the lines of "
        "the jitted function in `bench/peers/numba_peer.py`, docstring and comments "
        "excluded. Compile time: each of the kernel's `.cpp` units compiled once with its "
        "exact command from the build's `compile_commands.json`, one after the other, "
        "output discarded; summed over the units. Numba: the first call's just-in-time "
        "compilation.")


def kernel_files(root, kernel):
    """Relative paths of the kernel's own source files (RULE), sorted."""
    src = os.path.join(root, KERNEL_SRC)
    found = []
    if os.path.isdir(src):
        for name in os.listdir(src):
            path = os.path.join(src, name)
            stem, ext = os.path.splitext(name)
            if os.path.isfile(path) and ext in SOURCE_SUFFIXES and (
                    stem == kernel or stem.startswith(kernel + "_")):
                found.append(os.path.join(KERNEL_SRC, name))
    folder = os.path.join(src, kernel)
    if os.path.isdir(folder):
        for dirpath, _, names in os.walk(folder):
            for name in names:
                if name.endswith(SOURCE_SUFFIXES) and name not in NOT_KERNEL:
                    found.append(os.path.relpath(os.path.join(dirpath, name), root))
    return sorted(found)


def code_lines(text):
    """Lines of C++ that are neither blank nor only comment (// or /* */), strings respected."""
    count, in_block = 0, False
    for line in text.splitlines():
        code, i, in_string = [], 0, None
        while i < len(line):
            two = line[i:i + 2]
            if in_block:
                if two == "*/":
                    in_block, i = False, i + 2
                else:
                    i += 1
                continue
            ch = line[i]
            if in_string:
                code.append(ch)
                if ch == "\\":
                    code.append(line[i + 1:i + 2])
                    i += 2
                    continue
                if ch == in_string:
                    in_string = None
            elif two == "//":
                break
            elif two == "/*":
                in_block, i = True, i + 2
                continue
            elif ch in "\"'":
                in_string = ch
                code.append(ch)
            else:
                code.append(ch)
            i += 1
        if "".join(code).strip():
            count += 1
    return count


def python_function_lines(path, name):
    """Lines of function `name` (nested ones too) in a Python file that are neither blank,
    comment nor docstring; None if the function is absent."""
    with open(path, encoding="utf-8") as f:
        source = f.read()
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == name:
            skip = set()
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(
                    getattr(body[0], "value", None), ast.Constant) and isinstance(
                    body[0].value.value, str):
                skip = set(range(body[0].lineno, body[0].end_lineno + 1))
            start = min([d.lineno for d in node.decorator_list] + [node.lineno])
            return sum(1 for k in range(start, node.end_lineno + 1) if k not in skip and
                       lines[k - 1].strip() and not lines[k - 1].strip().startswith("#"))
    return None


def compile_entries(build_dir):
    """{absolute source path: compile_commands.json entry} of a build directory."""
    try:
        with open(os.path.join(build_dir, "compile_commands.json"), encoding="utf-8") as f:
            entries = json.load(f)
    except (OSError, ValueError):
        return {}
    return {os.path.realpath(os.path.join(e["directory"], e["file"])): e for e in entries}


def compile_seconds(entry, scratch):
    """Wall time of the entry's compile command with its outputs sent to `scratch`."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    out = []
    i = 0
    while i < len(args):
        if args[i] in ("-o", "-MF", "-MT", "-MQ") and i + 1 < len(args):
            out += [args[i], os.path.join(scratch, "unit.o" if args[i] == "-o" else "unit.d")]
            i += 2
            continue
        out.append(args[i])
        i += 1
    start = time.perf_counter()
    proc = subprocess.run(out, cwd=entry["directory"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"compiling {entry['file']} failed: "
                           f"{(proc.stderr or '').strip().splitlines()[-1:]}")
    return seconds


def measure_kernel(root, kernel, entries, do_compile):
    """Files, lines and (optionally) compile time of one kernel."""
    files = kernel_files(root, kernel)
    lines = {}
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            lines[rel] = code_lines(f.read())
    rec = {"kernel": kernel, "files": files, "lines_by_file": lines,
           "lines": sum(lines.values()) if files else None, "units": [],
           "compile_seconds": None}
    units = [(rel, entries.get(os.path.realpath(os.path.join(root, rel)))) for rel in files
             if rel.endswith((".cpp", ".cc"))]
    if not do_compile:
        rec["compile_note"] = "not measured (--no-compile)"
        return rec
    if not units or any(e is None for _, e in units):
        missing = [rel for rel, e in units if e is None]
        rec["compile_note"] = ("not measured: " + (f"{', '.join(missing)} not in "
                               "compile_commands.json" if missing else "no .cpp unit found"))
        return rec
    with tempfile.TemporaryDirectory(prefix="lifbench-compile-") as scratch:
        try:
            for rel, entry in units:
                rec["units"].append({"file": rel, "seconds": compile_seconds(entry, scratch)})
        except (OSError, RuntimeError) as e:
            rec["compile_note"] = f"not measured: {e}"
            rec["units"] = []
            return rec
    rec["compile_seconds"] = sum(u["seconds"] for u in rec["units"])
    return rec


def measure_numba(root):
    """Lines of each jitted function of the Numba peer, by variant."""
    path = os.path.join(root, NUMBA_PEER)
    if not os.path.isfile(path):
        return {}
    sys.path.insert(0, os.path.dirname(path))
    try:
        import numba_peer
        functions = numba_peer.VARIANT_FUNCTIONS
    except (ImportError, AttributeError):
        return {}
    finally:
        sys.path.pop(0)
    out = {}
    for variant, name in functions.items():
        out[variant] = {"file": NUMBA_PEER, "function": name,
                        "lines": python_function_lines(path, name)}
    return out


def borrowed_kernels(root, files, kernels, own):
    """Other kernels whose files these files include (`#include "<kernel>/..."` or
    `#include "<kernel>.hpp"`), in the order of `kernels`."""
    pattern = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
    found = set()
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            for line in f:
                m = pattern.match(line)
                if not m:
                    continue
                parts = m.group(1).split("/")
                names = {parts[0], os.path.splitext(parts[-1])[0]}
                found |= {k for k in names if k in kernels and k != own}
    return [k for k in kernels if k in found]


def measure(root, build_dir, kernels, do_compile=True, log=None):
    """The approaches.json object for these kernel names."""
    entries = compile_entries(build_dir) if do_compile else {}
    result = {"rule": RULE, "kernels": {}, "numba": measure_numba(root),
              "compiler": None}
    if entries:
        first = next(iter(entries.values()))
        args = first.get("arguments") or shlex.split(first["command"])
        result["compiler"] = args[0]
    for kernel in kernels:
        rec = measure_kernel(root, kernel, entries, do_compile)
        rec["borrows"] = borrowed_kernels(root, rec["files"], kernels, kernel)
        result["kernels"][kernel] = rec
        if log:
            comp = (f"{rec['compile_seconds']:.1f} s to compile"
                    if rec["compile_seconds"] is not None else rec.get("compile_note", ""))
            log(f"{kernel}: {rec['lines']} lines in {len(rec['files'])} file(s), {comp}")
    for rec in result["kernels"].values():
        borrowed = [result["kernels"][k]["lines"] for k in rec["borrows"]]
        rec["lines_with_borrowed"] = (None if rec["lines"] is None or None in borrowed
                                      else rec["lines"] + sum(borrowed))
    return result


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build", "release"))
    ap.add_argument("--kernels", required=True, help="comma list of kernel names")
    ap.add_argument("--out", required=True)
    ap.add_argument("--no-compile", action="store_true")
    args = ap.parse_args(argv)
    kernels = [k for k in re.split(r"[,\s]+", args.kernels) if k]
    data = measure(ROOT, args.build, kernels, not args.no_compile,
                   log=lambda m: print(m, flush=True))
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
