#!/usr/bin/python3
"""Vector-port micro-ops of the loops of one function, counted from its disassembly.

    tools/perf/loop_ports.py BINARY SYMBOL_SUBSTRING [--min-vector N]

Disassembles the first symbol whose demangled name contains SYMBOL_SUBSTRING (objdump -dC),
finds every loop (a backward branch and its target), and prints, per loop with at least N
vector instructions (default 200), its size and the micro-ops it sends to the two vector
ports of an Intel AVX-512 core (ports 0 and 5, where every 512-bit operation issues), by
class:

  p0    only port 0: shifts by an immediate, mask to general-register moves, mask logic
  p5    only port 5: in-lane shuffles, lane extracts, compares into masks, general-register
        to mask moves, broadcasts from a general register
  p05   either: integer and floating-point arithmetic, ternary logic, masked blends
  (vcvtdq2pd zmm <- ymm is one p0 and one p5 micro-op)

Not counted: register-to-register moves (eliminated at rename; tools/perf/port_probe.py
measures that), loads, stores, broadcasts from memory (load ports), and scalar integer work
(counted apart as `gpr`). The lower bound of a loop's time is max(p0 + p05 / 2 ..., total / 2)
cycles per iteration; dividing the measured time per iteration by it gives the fraction of
the two ports' capacity the loop uses. docs/performance.md uses this on the stats-only xsimd
kernel and the Philox floor.
"""
import argparse
import collections
import re
import subprocess
import sys

P0 = re.compile(r"^(vpsrl[dqw]|vpsra[dqw]|vpsll[dqw]|vpsrlv|vpsllv|vpsrav|kand|kandn|kor|kxor|"
                r"knot|kxnor|ktest|kortest|kadd)")
P5 = re.compile(r"^(vpshufd|vpshufb|vpermilp|vextract|vinsert|vpunpck|vunpck|vshufp|vperm|"
                r"vpalignr|vcmp|vpcmp|kshift|kunpck|vpmov[sz]x)")
P05 = re.compile(r"^(vpmul|vmul|vadd|vsub|vdiv|vmin|vmax|vpadd|vpsub|vpand|vpor|vpxor|vpternlog|"
                 r"vandp|vorp|vxorp|vblendm|vpblendm|vfmadd|vfmsub|vpmadd|vpminu|vpmaxu|vpmins|"
                 r"vpmaxs|vcvtqq2pd|vcvtdq2ps|vcvtps2pd|vcvtpd2ps|vcvttpd2dq|vroundp|vrndscale)")


def classify(op, args):
    """(class, micro-ops) of one instruction; class None = not a vector-port operation."""
    operands = [a.strip() for a in re.split(r",(?![^()]*\))", args)] if args else []
    memory = any("(" in a for a in operands)
    dest = operands[-1] if operands else ""
    if op.startswith("kmov"):
        if memory:
            return None, 0
        if dest.startswith("%k"):
            return ("p5", 1) if not operands[0].startswith("%k") else (None, 0)
        return "p0", 1
    if op.startswith(("vmovap", "vmovup", "vmovdq")):
        # A masked register-to-register move is a blend (a port); plain ones are eliminated.
        if not memory and "{%k" in args:
            return "p05", 1
        return None, 0
    if op.startswith(("vpbroadcast", "vbroadcast")):
        return (None, 0) if memory else ("p5", 1)
    if op.startswith("vcvtdq2pd"):
        return "p0+p5", 2
    if op in ("vpxord", "vpxorq", "vxorpd", "vxorps") and len(set(operands)) == 1:
        return None, 0  # zero idiom
    for name, pattern in (("p0", P0), ("p5", P5), ("p05", P05)):
        if pattern.match(op):
            return name, 1
    return ("other-vector", 1) if op.startswith("v") else (None, 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("symbol")
    parser.add_argument("--min-vector", type=int, default=200)
    args = parser.parse_args()
    text = subprocess.run(["objdump", "-dC", "-w", "--no-show-raw-insn", "-M", "att", args.binary],
                          check=True, capture_output=True, text=True).stdout
    rows, symbol, inside = [], None, False
    for line in text.split("\n"):
        header = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if header:
            if inside:
                break
            inside = args.symbol in header.group(1)
            symbol = header.group(1) if inside else symbol
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s+(\S+)\s*(.*)$", line) if inside else None
        if m:
            rows.append((int(m.group(1), 16), m.group(2), m.group(3).split("#")[0].strip()))
    if not rows:
        print(f"loop_ports: no symbol containing {args.symbol!r} in {args.binary}", file=sys.stderr)
        return 2
    sizes = {rows[i][0]: rows[i + 1][0] - rows[i][0] for i in range(len(rows) - 1)}
    print(symbol)
    for end, op, operands in rows:
        target = re.match(r"([0-9a-f]+)", operands) if op.startswith("j") else None
        if not target or int(target.group(1), 16) >= end:
            continue
        start = int(target.group(1), 16)
        body = [r for r in rows if start <= r[0] <= end]
        counts, vector, gpr = collections.Counter(), 0, 0
        for _, bop, bargs in body:
            cls, uops = classify(bop, bargs)
            if cls:
                counts[cls] += uops
                vector += 1
            elif not bop.startswith(("v", "k", "j", "mov", "lea", "nop", "cmp", "test")):
                gpr += 1
        if vector < args.min_vector:
            continue
        total = sum(counts.values())
        p0 = counts["p0"] + counts["p0+p5"] // 2
        p5 = counts["p5"] + counts["p0+p5"] // 2
        bound = max(p0, p5, total / 2)
        print(f"loop {start:#x}..{end:#x}: {end + sizes.get(end, 0) - start} bytes, "
              f"{len(body)} instructions; vector-port micro-ops {total} (p0 only {p0}, "
              f"p5 only {p5}, either {counts['p05'] + counts['other-vector']}); "
              f"scalar integer ALU {gpr}; at least {bound:.0f} cycles per iteration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
