#!/usr/bin/python3
"""Throughput of single AVX-512 instruction kinds on this core, in instructions per cycle.

Builds a small assembly program (gcc), runs each pattern as a loop of 1000 independent
instructions (16 accumulators, so latency never limits), and divides by the clock measured
in the same run with a chain of dependent 64-bit `imul` (3 cycles each on every x86 core of
the last decade). Where performance counters are missing (VMs: `perf stat` says "not
supported"), this is how docs/performance.md learns how many 512-bit operations per cycle
the core can issue, and on which ports, without them.

    tools/perf/port_probe.py            # every pattern, 3 runs each, the best kept

Each line is the pattern's own instructions per cycle (the GPR adds or moves that the `mix +`
patterns interleave are not counted). Reading the result: a pattern that reaches about 2 per cycle issues to two ports (on
Intel's AVX-512 cores ports 0 and 5), about 1 per cycle to one port; `mix + 1 GPR add` shows
whether scalar integer work competes with the vector ports; `mix + 1 move` whether
register-to-register moves are free (eliminated at rename) or take a port.
"""
import os
import subprocess
import sys
import tempfile

N = 1000  # instructions per loop body


def zmm_op(kind, i):
    """Instruction i of a pattern: destination a = i % 12 (accumulators), source b."""
    a, b = i % 12, 16 + (i + 5) % 12
    return {
        "vpaddd": f"vpaddd %zmm{b}, %zmm{a}, %zmm{a}",
        "vpmuludq": f"vpmuludq %zmm{b}, %zmm{a}, %zmm{a}",
        "vmulpd": f"vmulpd %zmm{b}, %zmm{a}, %zmm{a}",
        "vpternlogd": f"vpternlogd $0x96, %zmm{b}, %zmm{(a + 1) % 12}, %zmm{a}",
        "vpshufd": f"vpshufd $0xb1, %zmm{b}, %zmm{a}",
        "vpsrlq": f"vpsrlq $32, %zmm{b}, %zmm{a}",
        "vcvtdq2pd": f"vcvtdq2pd %ymm{b}, %zmm{a}",
        "vcmppd->k": f"vcmppd $13, %zmm{b}, %zmm{a}, %k{1 + i % 7}",
        "kmovb k->r": f"kmovb %k{1 + i % 7}, %r{8 + i % 4}d",
        "kmovb r->k": f"kmovb %r{8 + i % 4}d, %k{1 + i % 7}",
    }[kind]


MIX = ["vpmuludq", "vpsrlq", "vpshufd", "vpaddd", "vpternlogd"]  # Philox's kinds, 1:1:1:1:1


SPARE = [12, 13, 14, 15, 28, 29, 30, 31]  # registers the mix leaves alone


def spare_move(i):
    """A zmm copy between spare registers (no dependency on the mix)."""
    return f"vmovdqa32 %zmm{SPARE[i % 8]}, %zmm{SPARE[(i + 7) % 8]}"


def body(kind):
    lines = []
    for i in range(N):
        if kind.startswith("mix"):
            lines.append(zmm_op(MIX[i % 5], i))
            if kind == "mix + 1 GPR add":
                lines.append(["add %r8, %r9", "add %r10, %r11"][i % 2])
            elif kind == "mix + 1 move" or (kind == "mix + 1 move per 4" and i % 4 == 0):
                lines.append(spare_move(i))
        else:
            lines.append(zmm_op(kind, i))
    return lines


KINDS = ["vpaddd", "vpmuludq", "vmulpd", "vpternlogd", "vpshufd", "vpsrlq", "vcvtdq2pd",
         "vcmppd->k", "kmovb k->r", "kmovb r->k", "mix", "mix + 1 GPR add", "mix + 1 move",
         "mix + 1 move per 4"]


def main():
    asm = [".text"]
    for n, kind in enumerate(KINDS):
        # Every vector register 1.0 first (no denormal operands, no assists).
        init = ["mov $0x3ff0000000000000, %rax"] + [f"vpbroadcastq %rax, %zmm{r}" for r in range(32)]
        asm += [f".globl probe{n}", f"probe{n}:"] + init + [".p2align 6", "1:"] + body(kind)
        asm += ["dec %rdi", "jnz 1b", "ret"]
    asm += [".globl imul_chain", ".p2align 6", "imul_chain:", "mov $3, %rax", "1:",
            "imul %rax, %rax", "imul %rax, %rax", "imul %rax, %rax", "imul %rax, %rax",
            "sub $4, %rdi", "jnz 1b", "ret", '.section .note.GNU-stack,"",@progbits']
    c = ["#include <stdio.h>", "#include <time.h>",
         "static double now(void){struct timespec t; clock_gettime(CLOCK_MONOTONIC,&t);"
         " return t.tv_sec + t.tv_nsec * 1e-9;}", "void imul_chain(long);"]
    c += [f"void probe{n}(long);" for n in range(len(KINDS))]
    c += ["static double ghz(void){ double t = now(); imul_chain(40000000);"
          " return 3 * 40000000 / (now() - t) / 1e9; }", "int main(void){"]
    for n, kind in enumerate(KINDS):
        iters = 200000
        c.append(f' {{ double best = 0; for (int r = 0; r < 3; ++r) {{ probe{n}(1000);'
                 f' double f = ghz(); double t = now(); probe{n}({iters});'
                 f' double ipc = {iters}.0 * {N} / ((now() - t) * f * 1e9);'
                 f' if (ipc > best) best = ipc; }}'
                 f' printf("%-20s %.2f per cycle\\n", "{kind}", best); }}')
    c += [' printf("clock %.2f GHz (dependent imul)\\n", ghz());', " return 0; }"]
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "p.S"), "w") as f:
            f.write("\n".join(asm) + "\n")
        with open(os.path.join(tmp, "m.c"), "w") as f:
            f.write("\n".join(c) + "\n")
        exe = os.path.join(tmp, "probe")
        subprocess.run(["gcc", "-O1", "-o", exe, os.path.join(tmp, "m.c"),
                        os.path.join(tmp, "p.S")], check=True)
        return subprocess.run([exe]).returncode


if __name__ == "__main__":
    sys.exit(main())
