"""One benchmark run's data, loaded from its directory, with the derived quantities the
report needs: ns per neuron-step, speedups, fractions of the machine's limits, crossovers.

A run directory holds (written by reports/run_report.py):
  bench.json       Google Benchmark JSON of lifbench_bench
  peers.json       bench/peers/run_peers.py output (optional)
  machine.json     reports/machine.py output (optional)
  verify.txt       `lifbench verify` output (optional)
  sim_demo/        `lifbench simulate` of the random-refractory demo (summary.json, *.npy)
  sim_ex1/         `lifbench simulate` of Exercise 1 (no threshold; summary.json)
  scale.json       reports/scale.py output: streaming and MPI ranks x threads (optional)
  approaches.json  reports/approaches.py output: lines of code and compile time per kernel
"""

import json
import math
import os
import re
import statistics

import benchdata

MAIN_SIZE = 1_000_000
# Runs recorded before the benchmark's context listed the stream table: the streams in table
# order, and the one a driver draws before the kernel (materialized).
KNOWN_STREAMS = ("numpy", "philox", "ars")
MATERIALIZED_FALLBACK = {"numpy"}


def load_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def parse_verify(text):
    """Rows and the summary line of `lifbench verify` output."""
    rows, summary = [], None
    for line in (text or "").splitlines():
        m = re.match(r"^(\S+)\s+(\S+)\s+(\d+)\s+(f64|f32)\s+(\S+)\s+(\S+)\s+(\d+)\s+(.*)$",
                     line)
        if m:
            rows.append({"kernel": m.group(1), "isa": m.group(2), "threads": int(m.group(3)),
                         "precision": m.group(4), "rng": m.group(5), "case": m.group(6),
                         "cases": int(m.group(7)), "result": m.group(8).strip()})
        elif line.startswith("verify:"):
            summary = line.strip()
    return {"rows": rows, "summary": summary,
            "ok": bool(rows) and all(r["result"] == "identical" for r in rows)}


class RunData:
    """Everything one report is made of."""

    def __init__(self, run_dir):
        self.dir = run_dir
        self.context, self.records = benchdata.load(os.path.join(run_dir, "bench.json"))
        self.peers = load_json(os.path.join(run_dir, "peers.json")) or {}
        self.machine = load_json(os.path.join(run_dir, "machine.json")) or {}
        try:
            with open(os.path.join(run_dir, "verify.txt"), encoding="utf-8") as f:
                self.verify = parse_verify(f.read())
        except OSError:
            self.verify = parse_verify("")
        self.stages = (load_json(os.path.join(run_dir, "stages.json")) or {}).get("stages", [])
        self.sim_demo = load_json(os.path.join(run_dir, "sim_demo", "summary.json"))
        self.sim_ex1 = load_json(os.path.join(run_dir, "sim_ex1", "summary.json"))
        self.scale = load_json(os.path.join(run_dir, "scale.json")) or {}
        self.approaches = load_json(os.path.join(run_dir, "approaches.json")) or {}
        self.lif = [r for r in self.records.values() if r.family == "lif"]
        # The ISA table (best first) and the registry's roles, from the benchmark's context.
        self.isas = [i for i in self.context.get("lifbench_isas", "").split(",") if i] or \
            sorted({r.params.get("isa") for r in self.lif} - {None, "none"})
        self.isa_bits = dict((name, int(bits)) for name, bits in (
            item.split(":") for item in self.context.get("lifbench_isa_bits", "").split(",")
            if ":" in item))
        self.threaded_kernels = set(
            k for k in self.context.get("lifbench_threaded_kernels", "").split(",") if k)
        self.default_kernel = self.context.get("lifbench_default_kernel", "")
        self.best_isa = self.context.get("lifbench_best_isa") or self._guess_best_isa()
        self._read_stream_table()
        self.max_threads = max([r.params["threads"] for r in self.lif] + [1])
        self.steps = int(next((r.counter("steps") for r in self.lif if r.ok), 150) or 150)

    def _read_stream_table(self):
        """The stream table (table order, versions, counter-based) from the context; a run
        recorded before the context had it: the streams measured, in KNOWN_STREAMS order."""
        measured = {r.params["rng"] for r in self.records.values()
                    if r.family in ("lif", "floor", "inputs")} - {"triad"}
        listed = [s for s in self.context.get("lifbench_streams", "").split(",") if s]
        if listed:
            self.streams = listed
            self.counter_streams = set(
                s for s in self.context.get("lifbench_counter_streams", "").split(",") if s)
        else:
            known = [s for s in KNOWN_STREAMS if s in measured]
            self.streams = known + sorted(measured - set(known))
            self.counter_streams = set(self.streams) - MATERIALIZED_FALLBACK
        self.stream_versions = dict(
            (name, int(v)) for name, v in (
                item.split(":") for item in
                self.context.get("lifbench_stream_versions", "").split(",") if ":" in item))

    # -- lookups ----------------------------------------------------------------------------

    def _guess_best_isa(self):
        for isa in self.isas:
            if any(r.params.get("isa") == isa for r in self.lif):
                return isa
        return "none"

    def isa_rank(self, isa):
        """Sort key of an ISA: 'none' first, then the table's rows from the narrowest."""
        if isa in (None, "none"):
            return -1
        return len(self.isas) - self.isas.index(isa) if isa in self.isas else len(self.isas) + 1

    def lanes(self, isa, value_bytes=8):
        """Values of `value_bytes` bytes in one register of `isa` (0 if unknown)."""
        return self.isa_bits.get(isa, 0) // (8 * value_bytes)

    def threaded(self, kernel):
        """Whether a kernel honours threads (the registry's capability)."""
        return kernel in self.threaded_kernels

    def kernels(self):
        """Kernel names in the order the benchmark ran them (registry order)."""
        order = (self.context.get("lifbench_kernels") or "").split(",")
        names = {r.params["kernel"] for r in self.lif}
        ordered = [k for k in order if k in names]
        return ordered + sorted(names - set(ordered))

    def default_isa(self, kernel):
        isas = {r.params.get("isa") for r in self.lif if r.params["kernel"] == kernel}
        if isas <= {"none"}:  # not compiled per ISA, or not measured
            return "none"
        return self.best_isa if self.best_isa in isas else sorted(isas)[0]

    def lif_record(self, kernel, precision, rng, n, threads=1, isa=None):
        """The record of one configuration (isa None: the kernel's default), or None."""
        isa = isa or self.default_isa(kernel)
        for r in self.lif:
            p = r.params
            if (p["kernel"], p["precision"], p["rng"], p.get("isa"), p["threads"], p.get("n")) \
                    == (kernel, precision, rng, isa, threads, n) and r.ok:
                return r
        return None

    def sizes(self, kernel=None, rng=None):
        return sorted({r.params["n"] for r in self.lif if (kernel is None or
                       r.params["kernel"] == kernel) and (rng is None or r.params["rng"] == rng)})

    def main_size(self):
        """n of the headline tables: the largest n measured for xsimd and the NumPy peer
        (up to 1e6), else 1e6 if measured, else the largest n of xsimd (or any)."""
        sizes = self.sizes("xsimd", "philox") or self.sizes()
        common = [n for n in sizes if self.numpy_peer(n) and n <= MAIN_SIZE]
        if common:
            return max(common)
        if MAIN_SIZE in sizes:
            return MAIN_SIZE
        return sizes[-1] if sizes else MAIN_SIZE

    # -- limits -----------------------------------------------------------------------------

    def triad_bandwidth(self, threads):
        """STREAM triad bytes/s with `threads` threads (nearest measured count below)."""
        best = None
        for r in self.records.values():
            if r.family == "triad" and r.ok and r.params["threads"] <= threads:
                if best is None or r.params["threads"] > best.params["threads"]:
                    best = r
        return best.counter("bytes_per_second") if best else None

    def floor_seconds(self, precision, n, threads, isa, rng="philox"):
        """Time of a counter-based stream's floor (its numbers alone) for this configuration,
        scaled from the nearest n."""
        isa = self.best_isa if isa in (None, "none") else isa
        candidates = [r for r in self.records.values() if r.family == "floor" and r.ok
                      and r.params["rng"] == rng and r.params["precision"] == precision
                      and r.params.get("isa") == isa and r.params["threads"] == threads]
        if not candidates:
            return None
        exact = [r for r in candidates if r.params["n"] == n]
        ref = exact[0] if exact else min(
            candidates, key=lambda r: abs(math.log(max(r.params["n"], 1) / max(n, 1))))
        return ref.median_s * n / ref.params["n"]

    def limit(self, rec):
        """(fraction of limit, limit name) of a kernel record: materialized input: bytes moved
        at triad bandwidth / kernel time; fused: the stream's floor time / kernel time."""
        p = rec.params
        if p["rng"] not in self.counter_streams:
            bw = self.triad_bandwidth(p["threads"])
            if not bw:
                return None, "triad missing"
            return rec.counter("bytes_per_run", 0) / bw / rec.median_s, "memory"
        floor = self.floor_seconds(p["precision"], p["n"], p["threads"], p.get("isa"), p["rng"])
        if floor is None:
            return None, "floor missing"
        return floor / rec.median_s, f"{p['rng']} floor"

    def input_seconds(self, precision, n, rng="numpy"):
        """Time to draw a materialized stream's input at n, scaled from the largest measured
        n (MT19937 is sequential: the cost per neuron-step doesn't depend on n)."""
        recs = [r for r in self.records.values() if r.family == "inputs" and r.ok
                and r.params["rng"] == rng and r.params["precision"] == precision]
        exact = [r for r in recs if r.params["n"] == n]
        if exact:
            return exact[0].median_s
        if not recs:
            return None
        ref = max(recs, key=lambda r: r.params["n"])
        return ref.median_s * n / ref.params["n"]

    def input_n(self, precision, n, rng="numpy"):
        """The n input_seconds takes its measurement from (None if none)."""
        ns_ = [r.params["n"] for r in self.records.values() if r.family == "inputs" and r.ok
               and r.params["rng"] == rng and r.params["precision"] == precision]
        return n if n in ns_ else (max(ns_) if ns_ else None)

    # -- peers ------------------------------------------------------------------------------

    def numpy_peer(self, n):
        for rec in self.peers.get("numpy", []):
            if rec.get("n") == n:
                return rec
        return None

    def brian2_peers(self, n):
        return [rec for rec in self.peers.get("brian2", []) if rec.get("n") == n]

    def brian2_fastest(self, n):
        recs = self.brian2_peers(n)
        return min(recs, key=lambda r: r["ns_per_neuron_step"]) if recs else None

    def numba_peer(self, variant, n):
        """The Numba peer's record of one variant (matrix, fused, parallel) at n, or None."""
        for rec in self.peers.get("numba", []):
            if rec.get("variant") == variant and rec.get("n") == n:
                return rec
        return None

    def numba_variants(self):
        """The Numba variants measured, in the order they ran."""
        seen = []
        for rec in self.peers.get("numba", []):
            if rec.get("variant") not in seen:
                seen.append(rec.get("variant"))
        return seen

    def peer_sizes(self):
        return sorted({r["n"] for r in self.peers.get("numpy", [])} |
                      {r["n"] for r in self.peers.get("brian2", [])} |
                      {r["n"] for r in self.peers.get("numba", [])})

    # -- approaches -------------------------------------------------------------------------

    def kernel_code(self, kernel):
        """approaches.json's record of a kernel (files, lines, compile time), or None."""
        return (self.approaches.get("kernels") or {}).get(kernel)

    def numba_code(self, variant):
        return (self.approaches.get("numba") or {}).get(variant)

    def kernel_isas(self, kernel, n, precision="f64", rng="philox"):
        """ISAs measured for a kernel at n with one thread, best first."""
        isas = {r.params.get("isa") for r in self.lif if r.ok and r.params["kernel"] == kernel
                and r.params["n"] == n and r.params["precision"] == precision
                and r.params["rng"] == rng and r.params["threads"] == 1}
        return sorted(isas, key=self.isa_rank, reverse=True)

    def steps_per_philox_block(self, precision):
        """Steps of one neuron served by one Philox4x32-10 call (4 words): SPEC 2, by the
        stream version the C++ run recorded (version 1 without a record)."""
        version = int((self.sim_demo or {}).get("stream_version", 1))
        return 4 if precision == "f32" or version >= 2 else 2

    # -- the cost of randomness -------------------------------------------------------------

    def rng_kernel(self):
        """The kernel the cost of randomness is shown for: xsimd (the explicit-SIMD kernel
        the other SIMD kernels are compared with) if measured, else the first single-threaded
        kernel measured per ISA, else the registry's default kernel."""
        kernels = self.kernels()
        if "xsimd" in kernels:
            return "xsimd"
        per_isa = [k for k in kernels if not self.threaded(k) and self.default_isa(k) != "none"]
        return per_isa[0] if per_isa else self.default_kernel

    def stream_floor_seconds(self, stream, precision, n, isa):
        """The stream's numbers alone at n: a counter-based stream's floor (one thread, that
        ISA), a materialized stream's drawing of the input matrix (scalar, any ISA)."""
        if stream in self.counter_streams:
            return self.floor_seconds(precision, n, 1, isa, stream)
        return self.input_seconds(precision, n, stream)

    def run_seconds(self, rec):
        """A kernel record's time with its random input included: fused streams, the kernel;
        materialized, the kernel plus drawing its input (None if that was not measured)."""
        p = rec.params
        if p["rng"] in self.counter_streams:
            return rec.median_s
        draw = self.input_seconds(p["precision"], p["n"], p["rng"])
        return rec.median_s + draw if draw is not None else None

    def randomness_rows(self, kernel=None):
        """(n, rows) of the cost of randomness: per stream (table order), precision and ISA
        (best first), the kernel's one-thread time and its stream's floor, at the n where most
        rows have both (the ISA sweep's)."""
        kernel = kernel or self.rng_kernel()
        recs = [r for r in self.lif if r.ok and r.params["kernel"] == kernel
                and r.params["threads"] == 1 and r.params["rng"] in self.streams]

        def rows_at(n):
            rows = []
            for stream in self.streams:
                for precision in ("f64", "f32"):
                    at = [r for r in recs if r.params["n"] == n and r.params["rng"] == stream
                          and r.params["precision"] == precision]
                    for r in sorted(at, key=lambda r: self.isa_rank(r.params.get("isa")),
                                    reverse=True):
                        rows.append(self._randomness_row(r))
            return rows

        sizes = sorted({r.params["n"] for r in recs})
        if not sizes:
            return None, []
        n = max(sizes, key=lambda size: (sum(1 for row in rows_at(size)
                                             if row["floor_s"] is not None), size))
        return n, rows_at(n)

    def _randomness_row(self, rec):
        p = rec.params
        n_steps = p["n"] * self.steps
        floor = self.stream_floor_seconds(p["rng"], p["precision"], p["n"], p.get("isa"))
        run = self.run_seconds(rec)
        return {"stream": p["rng"], "version": self.stream_versions.get(p["rng"]),
                "materialized": p["rng"] not in self.counter_streams,
                "precision": p["precision"], "isa": p.get("isa"), "n": p["n"],
                "floor_s": floor, "kernel_s": rec.median_s, "run_s": run,
                "floor_ns": floor * 1e9 / n_steps if floor is not None else None,
                "kernel_ns": rec.ns_per_neuron_step,
                "run_ns": run * 1e9 / n_steps if run is not None else None,
                "share": floor / run if floor is not None and run else None}

    def headline_record(self, precision, n):
        """(record, stream) of the fastest stream for the cost-of-randomness kernel at n, one
        thread, its default ISA, random input included; (None, None) if none is measured."""
        kernel = self.rng_kernel()
        best = None
        for stream in self.streams:
            rec = self.lif_record(kernel, precision, stream, n)
            run = self.run_seconds(rec) if rec else None
            if run is not None and (best is None or run < best[0]):
                best = (run, rec, stream)
        return (best[1], best[2]) if best else (None, None)

    # -- derived ----------------------------------------------------------------------------

    def speedups(self, rec):
        """vs scalar (same precision, stream, n), vs NumPy and vs Brian2's fastest (same n)."""
        p = rec.params
        out = {"scalar": None, "numpy": None, "brian2": None, "brian2_target": None}
        scalar = self.lif_record("scalar", p["precision"], p["rng"], p["n"])
        if scalar:
            out["scalar"] = scalar.median_s / rec.median_s
        numpy_peer = self.numpy_peer(p["n"])
        if numpy_peer:
            out["numpy"] = numpy_peer["ns_per_neuron_step"] / rec.ns_per_neuron_step
        brian = self.brian2_fastest(p["n"])
        if brian:
            out["brian2"] = brian["ns_per_neuron_step"] / rec.ns_per_neuron_step
            out["brian2_target"] = brian["target"]
        return out

    def thread_speedups(self, kernel=None, precision="f64", rng="philox"):
        """{n: {threads: t1 / t_threads}} from the thread sweep (default: the default kernel)."""
        kernel = kernel or self.default_kernel
        table = {}
        for n in self.sizes(kernel, rng):
            one = self.lif_record(kernel, precision, rng, n, threads=1)
            if not one:
                continue
            for t in range(1, self.max_threads + 1):
                rec = self.lif_record(kernel, precision, rng, n, threads=t)
                if rec:
                    table.setdefault(n, {})[t] = one.median_s / rec.median_s
        return table

    def crossover(self, kernel=None, precision="f64", rng="philox", gain=1.1):
        """Smallest measured n from which all-thread runs are at least `gain` x one thread,
        with the n just below it; (None, None) if threads never pay."""
        table = self.thread_speedups(kernel, precision, rng)
        sizes = sorted(n for n in table if self.max_threads in table[n])
        pays = [n for n in sizes if table[n][self.max_threads] >= gain]
        if not pays:
            return None, None
        first = None
        for n in reversed(sizes):
            if table[n][self.max_threads] >= gain:
                first = n
            else:
                break
        if first is None:
            return None, None
        below = [n for n in sizes if n < first]
        return first, (below[-1] if below else None)

    def variation(self):
        """CVs (fractions) of every kernel benchmark with repetitions."""
        return {r.name: r.cv for r in self.lif if r.ok and r.cv is not None}

    def skipped(self):
        return [r for r in self.records.values() if r.error]


def median(xs):
    xs = [x for x in xs if x is not None and math.isfinite(x)]
    return statistics.median(xs) if xs else None
