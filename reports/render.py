#!/usr/bin/python3
"""Renders one benchmark run into report.md and report.html (figures as PNG beside them).

Usage: /usr/bin/python3 reports/render.py RUN_DIR
RUN_DIR holds bench.json and, optionally, peers.json, machine.json, verify.txt, sim_demo/ and
sim_ex1/ (see reports/rundata.py); reports/run_report.py writes all of them.
"""

import html
import math
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figures  # noqa: E402
from rundata import RunData, median  # noqa: E402

# ---------------------------------------------------------------------------------------------
# A tiny document model written out as Markdown and as HTML.

class Doc:
    def __init__(self):
        self.blocks = []

    def h(self, level, text):
        self.blocks.append(("h", level, text))

    def p(self, text):
        self.blocks.append(("p", text))

    def ul(self, items):
        self.blocks.append(("ul", list(items)))

    def table(self, headers, rows, align=None):
        self.blocks.append(("table", headers, [list(r) for r in rows], align))

    def img(self, name, caption):
        self.blocks.append(("img", name, caption))

    def pre(self, text):
        self.blocks.append(("pre", text))

    def markdown(self):
        out = []
        for b in self.blocks:
            kind = b[0]
            if kind == "h":
                out.append("#" * b[1] + " " + b[2])
            elif kind == "p":
                out.append(b[1])
            elif kind == "ul":
                out.append("\n".join("- " + item for item in b[1]))
            elif kind == "table":
                headers, rows, align = b[1], b[2], b[3] or ["l"] + ["r"] * (len(b[1]) - 1)
                out.append("| " + " | ".join(headers) + " |")
                out.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
                for r in rows:
                    out.append("| " + " | ".join(str(c) for c in r) + " |")
            elif kind == "img":
                out.append(f"![{b[2]}]({b[1]})\n\n*{b[2]}*")
            elif kind == "pre":
                out.append("```\n" + b[1].rstrip() + "\n```")
            out.append("")
        return "\n".join(out)

    def html(self, title):
        body = []
        for b in self.blocks:
            kind = b[0]
            if kind == "h":
                body.append(f"<h{b[1]}>{inline(b[2])}</h{b[1]}>")
            elif kind == "p":
                body.append(f"<p>{inline(b[1])}</p>")
            elif kind == "ul":
                body.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in b[1]) + "</ul>")
            elif kind == "table":
                headers, rows, align = b[1], b[2], b[3] or ["l"] + ["r"] * (len(b[1]) - 1)
                head = "".join(f"<th>{inline(h)}</th>" for h in headers)
                lines = []
                for r in rows:
                    cells = "".join(f'<td class="{"num" if a == "r" else ""}">{inline(str(c))}'
                                    f"</td>" for c, a in zip(r, align))
                    lines.append(f"<tr>{cells}</tr>")
                body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}"
                            f"</tbody></table>")
            elif kind == "img":
                body.append(f'<figure><img src="{html.escape(b[1])}" alt="{html.escape(b[2])}">'
                            f"<figcaption>{inline(b[2])}</figcaption></figure>")
            elif kind == "pre":
                body.append(f"<pre>{html.escape(b[1])}</pre>")
        style = ("body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;"
                 "line-height:1.45;color:#222}table{border-collapse:collapse;margin:1em 0;"
                 "font-size:90%}th,td{border:1px solid #ccc;padding:2px 8px}th{background:#f2f2f2}"
                 "td.num{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%}"
                 "code{background:#f4f4f4;padding:0 3px}pre{background:#f4f4f4;padding:8px;"
                 "overflow-x:auto}figcaption{font-style:italic;font-size:90%}")
        return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                f"<title>{html.escape(title)}</title><style>{style}</style></head><body>\n"
                + "\n".join(body) + "\n</body></html>\n")


def inline(text):
    """Markdown's **bold**, `code` and [text](link) as HTML, the rest escaped."""
    text = html.escape(text, quote=False)
    text = re.sub(r"`([^`]+)`", r"<code>\1</code>", text)
    text = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2">\1</a>', text)
    return text


# ---------------------------------------------------------------------------------------------
# Number formatting.

def fin(x):
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def ns(x):
    """ns per neuron-step, 3 significant digits."""
    if not fin(x):
        return "-"
    return f"{x:.3g}" if x < 1000 else f"{x:,.0f}"


def rate(x):
    """A per-second rate with an SI prefix."""
    if not fin(x):
        return "-"
    for prefix, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if x >= scale:
            return f"{x / scale:.3g} {prefix}"
    return f"{x:.3g}"


def times(x):
    if not fin(x):
        return "-"
    return f"{x:.3g}x" if x < 100 else f"{x:,.0f}x"


def pct(x):
    return f"{100 * x:.0f}%" if fin(x) else "-"


def cv_text(x):
    return f"{100 * x:.1f}%" if fin(x) else "-"


def n_text(n):
    if n >= 1000 and n % 1000 == 0:
        exp = int(round(math.log10(n)))
        if 10 ** exp == n:
            return f"1e{exp}"
    return f"{n:,}"


def config_order(data):
    """Sort key of kernel records: registry order, stream, precision, ISA, threads."""
    def key(r):
        p = r.params
        return (data.kernels().index(p["kernel"]), p["rng"] != "philox", p["precision"],
                data.isa_rank(p.get("isa")), p["threads"])
    return key


def config_text(data, p):
    isa = "" if p.get("isa") in (None, "none") else f" {p['isa']}"
    thr = f" {p['threads']}T" if data.threaded(p["kernel"]) else ""
    return f"{p['kernel']} {p['precision']} {p['rng']}{isa}{thr}"


# ---------------------------------------------------------------------------------------------
# Sections.

def stream_text(data, stream):
    """A stream's name with its version and how its numbers reach the kernel."""
    version = data.stream_versions.get(stream)
    name = f"{stream} v{version}" if version else stream
    how = "fused" if stream in data.counter_streams else "materialized"
    return f"{how} {name} stream"


def headline_ns(data, precision, n):
    """ns per neuron-step of the headline's configuration at n (None if not measured)."""
    rec, _ = data.headline_record(precision, n)
    return data.run_seconds(rec) * 1e9 / rec.neuron_steps if rec else None


def headline(data, doc):
    """The SIMD kernel with its fastest stream against the seed's NumPy code, Numba's fused
    loop and Brian2's fastest target."""
    doc.h(2, "Result")
    rows, sentences = [], []
    main_n = data.main_size()
    kernel = data.rng_kernel()
    for n in data.peer_sizes():
        numpy_peer, brian = data.numpy_peer(n), data.brian2_fastest(n)
        numba = data.numba_peer("fused", n)
        for precision in ("f64", "f32"):
            rec, stream = data.headline_record(precision, n)
            if not rec:
                continue
            k = headline_ns(data, precision, n)
            peer_ns = lambda peer: peer["ns_per_neuron_step"] if peer else None  # noqa: E731
            ratio = lambda peer: peer["ns_per_neuron_step"] / k if peer else None  # noqa: E731
            rows.append([n_text(n), f"{kernel} {precision} {stream} {rec.params['isa']} 1T",
                         ns(k), ns(peer_ns(numpy_peer)), times(ratio(numpy_peer)),
                         ns(peer_ns(numba)), times(ratio(numba)),
                         (f"{ns(brian['ns_per_neuron_step'])} ({brian['target']})"
                          if brian else "-"), times(ratio(brian))])
            if precision == "f64" and (n == main_n or not sentences):
                drawn = ("" if stream in data.counter_streams else
                         ", drawing its input matrix counted")
                sentences = [
                    f"At n = {n:,} neurons x {data.steps} steps, the {kernel} kernel (f64, "
                    f"{stream_text(data, stream)}, the fastest stream measured here, one "
                    f"thread, {rec.params['isa']}{drawn}) takes **{ns(k)} ns per "
                    f"neuron-step**: **{times(ratio(numpy_peer))}** faster than the seed's "
                    f"NumPy code ({ns(peer_ns(numpy_peer))} ns, input generation counted), "
                    f"**{times(ratio(numba))}** faster than the notebook's loop compiled by "
                    f"Numba's `@njit` with its input drawn inside ({ns(peer_ns(numba))} ns), "
                    f"and **{times(ratio(brian))}** faster than Brian2's fastest target "
                    f"({brian['target'] if brian else '-'}, {ns(peer_ns(brian))} ns)."]
    if not rows:
        doc.p("No peer measurements in this run: the comparison with NumPy, Numba and Brian2 "
              "is missing (run the peers, see docs/benchmarks.md).")
        return
    for s in sentences:
        doc.p(s)
    doc.p("The comparison: nanoseconds per neuron-step (one Euler update of one neuron, its "
          "random input included) of lifbench's explicit-SIMD kernel on one thread, with the "
          "random stream that is fastest at that n and precision (see \"Cost of "
          "randomness\"), against the tools a notebook user reaches for, at the same n and "
          "the same steps. All of them generate their random input inside the timed region: "
          "lifbench in the kernel (fused streams) or by drawing the input matrix "
          "(materialized, the drawing added), NumPy as the notebook's input matrix, Numba "
          "with `np.random.random()` in the loop, Brian2 with `rand()` every step. \"vs\" "
          "columns: how many times faster lifbench is (below 1x: slower).")
    doc.table(["n", "lifbench", "ns/neuron-step", "NumPy seed code", "vs NumPy",
               "Numba @njit", "vs Numba", "Brian2 fastest", "vs Brian2"], rows,
              ["r", "l", "r", "r", "r", "r", "r", "r", "r"])


def machine_section(data, doc):
    m = data.machine
    doc.h(2, "Machine and build")
    if not m:
        doc.p("machine.json missing.")
        return
    caches = m.get("caches") or {}
    cache_text = ", ".join(f"{k} {v // 1024:,} KiB" for k, v in caches.items() if v)
    packages = m.get("packages") or {}
    items = [
        f"date {m.get('date')}, host `{m.get('host')}`, commit `{m.get('commit')}`"
        f"{' (working tree had uncommitted changes)' if m.get('tree_dirty') else ''}",
        f"CPU: {m.get('cpu_model')}, {m.get('logical_cpus')} logical CPUs, "
        f"{data.context.get('mhz_per_cpu', '?')} MHz (as Google Benchmark reads it)",
        f"SIMD extensions: {', '.join(m.get('simd_flags') or [])}; lifbench's best ISA: "
        f"{data.best_isa}",
        architecture_note(m.get("architecture") or "x86_64"),  # runs before it recorded one
        f"caches: {cache_text}",
        f"memory: {(m.get('memory_bytes') or 0) / 2**30:.1f} GiB; OS: {m.get('os')}, "
        f"Linux {m.get('kernel')}",
        f"load average when the run started: "
        f"{', '.join('%.2f' % x for x in (m.get('load_average') or []))} "
        "(other processes on the machine disturb timings; see the variation table)"
        + stage_loads(data),
        f"compiler: {' '.join(m.get('compiler') or [])}; build type {m.get('build_type')}, "
        f"`{m.get('cxx_flags')}`",
        "library versions: " + ", ".join(f"{k} {v}" for k, v in packages.items() if v),
        f"Python {m.get('python')}; Google Benchmark library: "
        f"{data.context.get('library_build_type', '?')} build "
        "(Debian's package reports `debug`; it only runs the timing loop)",
    ]
    doc.ul(items)
    flags = m.get("kernel_flags") or {}
    if flags:
        doc.table(["kernel source", "compile flags"], sorted(flags.items()), ["l", "l"])


def architecture_note(arch):
    """The CPU architecture of the run, and that ARM64 speed is not in the report."""
    if arch in ("x86_64", "AMD64"):
        return ("architecture: x86-64. ARM64 speed was not measured: lifbench builds for "
                "aarch64 Linux (the neon64 ISA), and its test suite passes there under QEMU's "
                "emulation (`make test-arm64`), which says nothing about speed; no number in "
                "this report applies to ARM CPUs")
    return f"architecture: {arch}"


def stage_loads(data):
    """'; after the benchmarks 1.23, ...' from stages.json, if the run recorded it."""
    parts = [f"{st['stage'].split(' (')[0]} {st['load_average_after'][0]:.2f} "
             f"({st['seconds']:.0f} s)" for st in data.stages
             if "load_average_after" in st and st["seconds"] >= 5]
    return ("; one-minute load average after each stage (the benchmarks themselves add about "
            "1 to 2): " + ", ".join(parts)) if parts else ""


def verification_section(data, doc):
    doc.h(2, "Verification")
    v = data.verify
    if v["rows"]:
        summary = (v["summary"] or "").replace("verify: ", "", 1)
        doc.p(f"`lifbench verify`: {summary}. Each configuration runs every size, "
              "seed and refractory setting of the verify command against the reference kernel "
              "and compares raster, voltages, t_ref, spike counts, mean V and histograms bit "
              "for bit.")
        groups = {}
        for r in v["rows"]:
            key = (r["kernel"], r["isa"], r["threads"])
            g = groups.setdefault(key, {"configs": 0, "ok": 0, "cases": 0, "fail": []})
            g["configs"] += 1
            g["cases"] += r["cases"]
            if r["result"] == "identical":
                g["ok"] += 1
            else:
                g["fail"].append(f"{r['precision']} {r['rng']}: {r['result']}")
        doc.table(["kernel", "ISA", "threads", "precision x stream", "cases", "result"],
                  [[k[0], k[1], k[2], g["configs"], g["cases"],
                    "identical" if not g["fail"] else "; ".join(g["fail"])]
                   for k, g in groups.items()], ["l", "l", "r", "r", "r", "l"])
    else:
        doc.p("No `lifbench verify` output in this run.")
    checked = [r for r in data.lif]
    skipped = data.skipped()
    doc.p(f"Every kernel benchmark first ran its own configuration (kernel, precision, stream, "
          f"ISA, threads) at a small n against the reference with `first_difference`: "
          f"{len(checked) - len([r for r in skipped if r.family == 'lif'])} of {len(checked)} "
          f"kernel benchmarks passed that check and were timed"
          + ("." if not skipped else "; skipped with an error:"))
    if skipped:
        doc.ul(f"`{r.name}`: {r.error}" for r in skipped)
    parity = []
    for rec in data.peers.get("numpy", []):
        n = rec["n"]
        ours = [r for r in data.lif if r.params["n"] == n and r.params["rng"] == "numpy"
                and r.params["precision"] == "f64" and r.ok and r.counter("spikes") is not None]
        if ours:
            same = all(int(r.counter("spikes")) == rec["total_spikes"] for r in ours)
            parity.append([n_text(n), rec["total_spikes"], int(ours[0].counter("spikes")),
                           len(ours), "identical" if same else "**DIFFERENT**"])
    if parity:
        doc.p("The seed's NumPy code and lifbench's numpy-stream f64 kernels count the same "
              "spikes (the numpy stream reproduces NumPy's generator bit for bit):")
        doc.table(["n", "NumPy spikes", "lifbench spikes", "kernel configs", "result"], parity,
                  ["r", "r", "r", "r", "l"])
    bp = data.peers.get("brian2_parity")
    if bp:
        doc.p("Brian2 semantics, checked on the notebook's own inputs (NumPy seed 2020, n 500, "
              "fed through a `TimedArray`): the expression form `refractory='(t - lastspike) "
              "< t_ref'` reproduces the random-refractory demo exactly. With a fixed 10 ms "
              "period every refractory end is a floating-point tie, which Brian2's "
              "`t - lastspike < t_ref` and the notebook's `last_spike + t_ref > t` round "
              "differently; the timed Brian2 runs therefore use the demo's t_ref ~ N(10 ms, "
              "7 ms), which costs the same per step.")
        doc.table(["case", "notebook spikes", "Brian2 spikes", "identical"],
                  [[c["case"], c["notebook_spikes"], c["brian2_spikes"],
                    "yes" if c["identical"] else "no (tie rounding, see text)"]
                   for c in bp.get("cases", [])], ["l", "r", "r", "l"])
    checks = data.peers.get("rate_checks", [])
    if checks:
        tol = checks[0].get("z_tolerance", 4)
        doc.p(f"Brian2 (its own RNG) against lifbench (philox stream, same parameters, "
              f"t_ref ~ N(10 ms, 7 ms)): mean firing rates must agree within {tol:g} standard "
              "errors of the difference of the two means (per-neuron spike counts are "
              "independent across neurons).")
        doc.table(["Brian2 target", "n", "Brian2 rate (Hz)", "lifbench rate (Hz)",
                   "difference", "z", "agree"],
                  [[c["target"], n_text(c["n"]), f"{c['brian2_rate_hz']:.3f}",
                    f"{c['lifbench_rate_hz']:.3f}", f"{100 * c['relative_difference']:+.2f}%",
                    f"{c['z']:+.2f}", "yes" if c["agree"] else "**NO**"] for c in checks],
                  ["l", "r", "r", "r", "r", "r", "l"])
    numba_verification(data, doc)
    for err in data.peers.get("errors", []):
        doc.p(f"Peer error: `{err}`")


def numba_verification(data, doc):
    """The Numba peer's parity on the notebook's cases and its spike checks per n."""
    parity = data.peers.get("numba_parity")
    if parity:
        doc.p("Numba semantics, checked on the notebook's own inputs (seed 2020, n 500): the "
              "`@njit` loop over the notebook's input matrix, and the fused loop drawing "
              "`np.random.random()` inside (Numba's MT19937, seeded by `np.random.seed` inside "
              "the compiled function, is NumPy's legacy generator draw for draw; the loop draws "
              "the unused u[j, 0] as the matrix holds it), against the notebook's spike count "
              "and its spikes per step:")
        doc.table(["Numba variant", "case", "notebook spikes", "Numba spikes",
                   "spikes per step", "identical"],
                  [[c["variant"], c["case"], c["notebook_spikes"], c["numba_spikes"],
                    "same" if c.get("spikes_per_step_identical") else "**different**",
                    "yes" if c["identical"] else "**NO**"] for c in parity.get("cases", [])],
                  ["l", "l", "r", "r", "l", "l"])
    checks = data.peers.get("numba_checks", [])
    if checks:
        tol = next((c["z_tolerance"] for c in checks if "z_tolerance" in c), 4)
        doc.p("At every timed n (seed 2020, t_ref 10 ms): the matrix loop must count exactly "
              "the spikes of the seed's NumPy code (the same input matrix), and the fused loop "
              "exactly the matrix loop's (the same stream). The parallel loop cannot: Numba "
              "gives each thread its own generator state and `np.random.seed` seeds only the "
              "calling thread's, so its streams differ from the notebook's and from run to "
              "run. It is matched in distribution: its mean spikes per neuron and the matrix "
              f"loop's must differ by less than {tol:g} standard errors of their difference "
              "(z-test, neurons independent).")
        rows = []
        for c in checks:
            rows.append([n_text(c["n"]), c["variant"], c["against"], c["numba_spikes"],
                         c["reference_spikes"],
                         f"z = {c['z']:+.2f}" if c["how"] == "statistical" else "exact",
                         "yes" if c["agree"] else "**NO**"])
        doc.table(["n", "Numba variant", "against", "spikes", "reference spikes", "test",
                   "agree"], rows, ["r", "l", "l", "r", "r", "l", "l"])


def kernel_table(data, doc):
    n = data.main_size()
    doc.h(3, f"Kernels at n = {n:,} ({data.steps} steps, stats-only recording)")
    doc.p("Kernel time alone: inputs prepared beforehand (materialized runs) or generated "
          "inside the kernel (fused runs). Speedups compare the same n; vs scalar also "
          "the same precision and stream. Fraction of limit: materialized runs, the time the "
          "input matrix takes to stream at the measured triad bandwidth (same threads) over "
          "the kernel time; fused runs, the time of generating the stream's uniforms alone "
          "(its floor: same stream, precision, ISA, threads, scaled from the nearest n "
          "measured) over the kernel time. 100% = at the limit.")
    rows = []
    for r in sorted((r for r in data.lif if r.params["n"] == n and r.ok), key=config_order(data)):
        s = data.speedups(r)
        frac, limit = data.limit(r)
        rows.append([config_text(data, r.params), ns(r.ns_per_neuron_step),
                     rate(r.neuron_steps / r.median_s), times(s["scalar"]), times(s["numpy"]),
                     times(s["brian2"]), f"{pct(frac)} of {limit}" if fin(frac) else limit,
                     cv_text(r.cv)])
    doc.table(["configuration", "ns/neuron-step", "neuron-steps/s", "vs scalar", "vs NumPy",
               "vs Brian2", "fraction of limit", "run-to-run CV"], rows,
              ["l", "r", "r", "r", "r", "r", "r", "r"])


def peers_table(data, doc):
    if not any(data.peers.get(k) for k in ("numpy", "brian2", "numba")):
        return
    doc.h(3, "Peers, run the way their users run them")
    doc.p("NumPy: the seed's Exercise 5 code as written (boolean masks over `v_n[:, step]` "
          "columns), input matrix generation counted, best of repeats. Brian2 numpy and "
          "cython: `Network.run(t_max)` wall time after a warm-up run that generates (and "
          "compiles) the code. Brian2 cpp_standalone: the simulation loop time the generated "
          "binary measures, after its build. Numba (`bench/peers/numba_peer.py`, f64, "
          "Exercise 5): matrix, an `@njit` loop over the input matrix drawn as the notebook "
          "draws it (NumPy, outside the compiled function), the drawing counted; fused, the "
          "same loop drawing `np.random.random()` inside; parallel, `@njit(parallel=True)` "
          "with `prange` over neurons, input drawn inside, Numba's default thread count; best "
          "of repeats after a warm-up call that compiles. lifbench column: as in the Result, "
          f"{data.rng_kernel()} f64, one thread, with the fastest stream at that n "
          "(random input included).")
    rows = []
    for rec in sorted(data.peers.get("numpy", []), key=lambda r: r["n"]):
        x = headline_ns(data, "f64", rec["n"])
        rows.append([n_text(rec["n"]), "NumPy seed code", ns(rec["ns_per_neuron_step"]),
                     f"input {ns(rec.get('input_ns_per_neuron_step'))} + update "
                     f"{ns(rec.get('update_ns_per_neuron_step'))}; {rec['total_spikes']} spikes",
                     ns(x),
                     times(rec["ns_per_neuron_step"] / x) if x else "-"])
    for rec in sorted(data.peers.get("brian2", []), key=lambda r: (r["n"], r["target"])):
        x = headline_ns(data, "f64", rec["n"])
        extra = []
        if "first_run_seconds" in rec:
            extra.append(f"first run {rec['first_run_seconds']:.2f} s")
        if "build_seconds" in rec:
            extra.append(f"build {rec['build_seconds']:.1f} s, whole binary "
                         f"{rec['binary_seconds']:.3f} s")
        rows.append([n_text(rec["n"]), f"Brian2 {rec['target']}", ns(rec["ns_per_neuron_step"]),
                     "; ".join(extra), ns(x),
                     times(rec["ns_per_neuron_step"] / x) if x else "-"])
    for rec in sorted(data.peers.get("numba", []), key=lambda r: r["n"]):
        x = headline_ns(data, "f64", rec["n"])
        notes = [f"JIT compile {rec['compile_seconds']:.2f} s (not in the time)"]
        if rec["variant"] == "matrix":
            notes.insert(0, f"input {ns(rec.get('input_ns_per_neuron_step'))} + loop "
                            f"{ns(rec.get('loop_ns_per_neuron_step'))}")
        if rec.get("threads", 1) > 1:
            notes.append(f"{rec['threads']} threads ({rec.get('threading_layer') or '?'})")
        notes.append(f"{rec['total_spikes']} spikes")
        rows.append([n_text(rec["n"]), f"Numba {rec['variant']}", ns(rec["ns_per_neuron_step"]),
                     "; ".join(notes), ns(x),
                     times(rec["ns_per_neuron_step"] / x) if x else "-"])
    doc.table(["n", "peer", "ns/neuron-step", "notes", f"lifbench {data.rng_kernel()}",
               "lifbench faster by"],
              rows, ["r", "l", "r", "l", "r", "r"])


def limits_table(data, doc):
    doc.h(3, "Machine limits, measured in the same run")
    rows = []
    for r in sorted((r for r in data.records.values() if r.family == "triad" and r.ok),
                    key=lambda r: r.params["threads"]):
        rows.append([f"STREAM triad, {r.params['threads']} thread(s)",
                     f"{r.counter('bytes_per_second') / 1e9:.1f} GB/s",
                     f"f64 input: {ns(8 / r.counter('bytes_per_second') * 1e9)} ns/neuron-step; "
                     f"f32: {ns(4 / r.counter('bytes_per_second') * 1e9)}", cv_text(r.cv)])
    n = data.main_size()
    for r in sorted((r for r in data.records.values() if r.family == "floor" and r.ok
                     and r.params["n"] == n), key=lambda r: (r.params["precision"],
                                                             r.params.get("isa"),
                                                             r.params["threads"])):
        rows.append([f"{r.params['rng']} floor {r.params['precision']} {r.params.get('isa')} "
                     f"{r.params['threads']}T, n={n_text(n)}",
                     f"{rate(r.neuron_steps / r.median_s)} uniforms/s",
                     f"{ns(r.ns_per_neuron_step)} ns/neuron-step", cv_text(r.cv)])
    for r in sorted((r for r in data.records.values() if r.family == "inputs" and r.ok),
                    key=lambda r: (r.params["precision"], r.params["n"])):
        rows.append([f"drawing the {r.params['rng']}-stream input {r.params['precision']}, "
                     f"n={n_text(r.params['n'])}", f"{rate(r.neuron_steps / r.median_s)}/s",
                     f"{ns(r.ns_per_neuron_step)} ns/neuron-step (MT19937, 1 thread)",
                     cv_text(r.cv)])
    if not any(r.family == "floor" for r in data.records.values()):
        rows.append(["philox floor", "not measured", "rng_floor.hpp absent at build time", "-"])
    doc.table(["limit", "throughput", "as a per-neuron-step cost", "CV"], rows,
              ["l", "r", "l", "r"])


def randomness_section(data, doc, figs):
    """The cost of randomness: per stream, precision and ISA, the stream's numbers alone, the
    kernel with that stream, and the random numbers' share of its time."""
    n, rows = data.randomness_rows()
    doc.h(3, "Cost of randomness")
    if not rows:
        doc.p("No one-thread kernel measurements: the cost of randomness is missing.")
        return
    kernel = data.rng_kernel()
    doc.p(f"What the random numbers cost the {kernel} kernel at n = {n:,} ({data.steps} "
          "steps, one thread), per stream in the stream table's order, precision and ISA. "
          "Floor: the stream's numbers alone, in ns per neuron-step. For a fused "
          "(counter-based) stream that is its words generated, converted to uniforms and "
          "summed by the same SIMD code on the same ISA, and nothing else (`limits/<stream>`); "
          "the kernel generates them inside, so its time includes them. For a materialized "
          "stream it is drawing the input matrix before the kernel starts (`inputs/<stream>`: "
          "MT19937, sequential, one thread, the same on every ISA; its cost per neuron-step "
          "does not depend on n, so it is scaled from the n it was measured at); the run "
          "then costs the drawing plus the kernel reading the matrix. Random share = floor / "
          "run: the part of the run that is random numbers rather than the LIF arithmetic.")
    table = []
    for row in rows:
        floor_note = ""
        if row["materialized"] and row["floor_s"] is not None:
            drawn_at = data.input_n(row["precision"], row["n"], row["stream"])
            if drawn_at != row["n"]:
                floor_note = f" (drawn at n = {n_text(drawn_at)})"
        version = row["version"]
        table.append([f"{row['stream']}" + (f" v{version}" if version else ""),
                      "materialized" if row["materialized"] else "fused",
                      row["precision"], row["isa"],
                      (ns(row["floor_ns"]) + floor_note) if fin(row["floor_ns"])
                      else "not measured",
                      ns(row["kernel_ns"]), ns(row["run_ns"]), pct(row["share"])])
    doc.table(["stream", "input", "precision", "ISA", "floor ns", "kernel ns",
               "run ns (random input included)", "random share"], table,
              ["l", "l", "l", "l", "r", "r", "r", "r"])
    fastest = min((r for r in rows if fin(r["run_ns"])), key=lambda r: r["run_ns"], default=None)
    if fastest:
        doc.p(f"Fastest here: the {fastest['stream']} stream ({fastest['precision']}, "
              f"{fastest['isa']}), {ns(fastest['run_ns'])} ns per neuron-step, of which "
              f"{pct(fastest['share'])} are its random numbers.")
    if "randomness" in figs:
        doc.img(figs["randomness"], f"Cost of randomness, {kernel} kernel, n = {n:,}, one "
                "thread: each bar is a run's ns per neuron-step, split into the stream's "
                "numbers alone (dark) and the rest of the run (light).")


def pivot_table(data, doc):
    doc.h(3, "Every kernel measurement: ns per neuron-step by n")
    sizes = data.sizes()
    configs = {}
    order = config_order(data)
    for r in data.lif:
        configs.setdefault(order(r), (r.params, {}))[1][r.params["n"]] = r
    rows = []
    for key in sorted(configs):
        p, by_n = configs[key]
        cells = []
        for n in sizes:
            r = by_n.get(n)
            if r is None:
                cells.append("")
            elif not r.ok:
                cells.append("error")
            else:
                cells.append(ns(r.ns_per_neuron_step) +
                             (f" ±{100 * r.cv:.0f}%" if fin(r.cv) and r.cv >= 0.05 else ""))
        rows.append([config_text(data, p)] + cells)
    doc.p("Median of the repetitions; ±x% marks a run-to-run coefficient of variation of 5% "
          "or more.")
    doc.table(["configuration"] + [n_text(n) for n in sizes], rows)


def variation_section(data, doc):
    doc.h(3, "Run-to-run variation")
    cvs = data.variation()
    reps = max((len(r.seconds) for r in data.lif), default=0)
    if not cvs:
        doc.p("One repetition per benchmark: no variation measured (run with "
              "REPETITIONS=5 for it, and for `make compare`).")
        return
    values = sorted(cvs.values())
    worst = sorted(cvs.items(), key=lambda kv: -kv[1])[:5]
    doc.p(f"{reps} repetitions per benchmark. Coefficient of variation (standard deviation / "
          f"mean of the repetitions' real time): median {cv_text(median(values))}, 90th "
          f"percentile {cv_text(values[int(0.9 * (len(values) - 1))])}, largest:")
    doc.ul(f"`{name}`: {cv_text(cv)}" for name, cv in worst)


def scale_section(data, doc, figs):
    """Streaming throughput (stats only, large n) and MPI ranks x threads, from scale.json."""
    stream, mpi = data.scale.get("streaming"), data.scale.get("mpi")
    if not stream and not mpi:
        return
    doc.h(2, "Scale: streaming and MPI")
    if stream:
        doc.h(3, "Streaming (stats only)")
        doc.p(f"`lifbench {stream['command']}` at n = {stream['neurons']:,}: with only "
              "statistics recorded the driver processes the population batch by batch and "
              "allocates nothing of size n (docs/scale.md). Wall time from summary.json (the "
              "simulation alone), neuron-steps/s = n x steps / wall time, peak memory as "
              "`/usr/bin/time -f %M` reports the process's maximum resident set size.")
        rows = []
        for r in stream.get("runs", []):
            if "error" in r:
                rows.append([r["threads"], "failed", "-", "-", "-", r["error"]])
                continue
            rows.append([r["threads"], f"{r['wall_seconds']:.2f}",
                         rate(r["neuron_steps_per_s"]),
                         ns(1e9 / r["neuron_steps_per_s"]),
                         f"{r.get('peak_rss_kb', 0) / 1024:,.0f} MiB" if r.get("peak_rss_kb")
                         else "-",
                         f"{r['kernel']} {r['precision']} {r['isa']}, "
                         f"{r['total_spikes']:,} spikes"])
        doc.table(["threads", "wall s", "neuron-steps/s", "ns/neuron-step", "peak RSS",
                   "run"], rows, ["r", "r", "r", "r", "r", "l"])
        if "identical" in stream:
            doc.p("Statistics of the thread counts bit-identical (summary.json without "
                  "wall_seconds and threads): "
                  + ("**yes**." if stream["identical"] else
                     f"**NO** (differ: {', '.join(stream.get('differs', []))})."))
    if mpi:
        doc.h(3, "MPI ranks x threads")
        if not mpi.get("available"):
            doc.p(f"Not measured in this run: {mpi.get('reason', 'MPI not available')}.")
        else:
            single = mpi.get("single") or {}
            doc.p(f"`{mpi['command']}` ({mpi.get('mpirun') or 'mpirun'}) at n = "
                  f"{mpi['neurons']:,}, each run's summary.json compared with one process "
                  f"without mpirun at 1 thread ({single.get('wall_seconds', 0):.2f} s, "
                  f"{rate(single.get('neuron_steps_per_s'))} neuron-steps/s), every field but "
                  "wall_seconds and threads. Wall time is rank 0's simulation (gather "
                  "included); the elapsed column adds mpirun's start-up. `--bind-to none`: "
                  "Open MPI's default binds each rank to one core, where its OpenMP threads "
                  "would share that core. This machine has "
                  f"{data.machine.get('logical_cpus', '?')} CPUs: ranks x threads beyond that "
                  "share cores (oversubscribed), so they measure overhead, not speedup.")
            rows = []
            for r in mpi.get("runs", []):
                if "error" in r:
                    rows.append([r["ranks"], r["threads"], r["ranks"] * r["threads"], "failed",
                                 "-", "-", "-", r["error"]])
                    continue
                base = single.get("neuron_steps_per_s")
                rows.append([r["ranks"], r["threads"], r["ranks"] * r["threads"],
                             f"{r['wall_seconds']:.3f}", f"{r['elapsed_seconds']:.2f}",
                             rate(r["neuron_steps_per_s"]),
                             times(r["neuron_steps_per_s"] / base) if base else "-",
                             "yes" if r["identical"] else
                             f"**NO** ({', '.join(r.get('differs', []))})"])
            doc.table(["ranks", "threads", "ranks x threads", "wall s", "elapsed s",
                       "neuron-steps/s", "vs 1 process 1T", "bit-identical"], rows,
                      ["r", "r", "r", "r", "r", "r", "r", "l"])
            doc.p("Bit-identical to one process for every ranks x threads: "
                  + ("**yes**." if mpi.get("all_identical") else "**no**."))
    if "scale" in figs:
        doc.img(figs["scale"], "Scale: stats-only streaming throughput by thread count "
                "(with wall time and peak RSS), and MPI neuron-steps/s by ranks x threads "
                "(dashed: one process, one thread).")


def figures_section(data, doc, figs):
    doc.h(2, "Figures")
    captions = {
        "throughput": "Throughput vs n per kernel (log-log). Left: fused philox stream, with "
                      "the philox floor (random numbers alone) and the peers. Right: "
                      "materialized input, kernel only, with the triad-bandwidth bound.",
        "scaling": "OpenMP scaling: speedup over one thread vs threads, and vs n (where "
                   "threads start to pay).",
        "isa": "ISA comparison of the xsimd kernel, one thread, with the philox floor of each "
               "ISA.",
        "roofline": "Roofline in the model's units: throughput vs neuron-steps per byte of "
                    "memory traffic; slanted roofs = triad bandwidth, flat = philox floor.",
    }
    for key in ("throughput", "scaling", "isa", "roofline"):
        if key in figs:
            doc.img(figs[key], captions[key])
    doc.h(3, "The seed notebook's figures, drawn from a C++ run")
    seed_captions = {
        "seed_histograms": "Exercise 1: membrane potential histograms at t_max/10 and t_max "
                           "(no threshold), from the histograms in `lifbench simulate`'s "
                           "summary.json.",
        "seed_plot_all": "The random-refractory demo (NumPy stream, seed 2020, n 500, t_ref ~ "
                         "N(10 ms, 7 ms)): V of every neuron with the mean, the raster, and "
                         "the population rate in Hz, as the notebook's plot_all draws them.",
        "seed_tref": "The demo's refractory periods (t_ref.npy).",
    }
    for key, caption in seed_captions.items():
        if key in figs:
            doc.img(figs[key], caption)
    if data.sim_demo:
        doc.p(f"That demo run counted {data.sim_demo['total_spikes']} spikes; the notebook "
              "counts 3004 on the same case.")


# What each approach costs to write and what it buys, for a reader choosing one; keyed by
# kernel name (a kernel missing here gets NEUTRAL), Numba by the peer.
APPROACHES = {
    "scalar": ("a plain C++ loop, one neuron at a time through its steps, the model's "
               "formulas with branches: the notebook's statements with the masks turned into "
               "`if`s. Nothing to learn beyond the language.",
               "each neuron's state stays in registers and nothing is allocated, which is "
               "already far ahead of NumPy; but one neuron at a time (this kernel is compiled "
               "with `-fno-tree-vectorize` on purpose: it is the baseline)."),
    "mask": ("NumPy's way, compiled: one pass over the population per notebook statement, "
             "with boolean mask arrays between them. Easy to write from the notebook; each pass "
             "is a simple loop the compiler vectorizes, cloned per ISA by GCC's "
             "`target_clones`.",
             "vectorized passes, but every pass writes its result to memory and reads it "
             "back: once the population leaves the caches it runs at memory speed, not at "
             "arithmetic speed."),
    "xsimd": ("explicit SIMD with the xsimd library: batches and masks instead of scalars, a "
              "SIMD Philox written by hand (xsimd 8.1 has no 32-bit high multiply), one "
              "compilation unit per ISA and a runtime dispatch. The most code of all and the "
              "longest compile, and the reader must think in registers and lanes.",
              "all lanes of the widest ISA the CPU has, close to the random-number floor, "
              "with the same bits on every ISA."),
    "openmp": ("a few dozen lines on top of xsimd, whose kernel it runs (the table counts "
               "both): the neurons split into static blocks over OpenMP threads, chunk "
               "statistics combined in a fixed order.",
               "the cores of the machine at large n, with the same bits for every thread "
               "count; nothing at small n, where starting threads costs more than the work."),
    "autovec": ("a plain loop restructured for the compiler's vectorizer: a block of neurons in "
                "plain arrays, branch-free selects, `#pragma omp simd`, one unit per ISA. No "
                "intrinsics and no SIMD library, but only the compiler's vectorization report "
                "(`-fopt-info-vec`) tells whether it worked, and a compiler upgrade can undo it.",
                "whatever the compiler manages, in portable C++ with no dependency."),
    "highway": ("explicit SIMD with Google Highway: its ops and tags, its own dynamic dispatch "
                "(`foreach_target.h`, `HWY_EXPORT`, `HWY_DYNAMIC_DISPATCH`), a library and an "
                "idiom to learn.",
                "explicit SIMD where the library, not the build, compiles and chooses the "
                "targets; every target it compiled can be forced and tested."),
    "stdsimd": ("`std::experimental::simd` (the Parallelism TS v2, in GCC 12's "
                "`<experimental/simd>`): SIMD in the standard library's vocabulary, "
                "`native_simd` per ISA unit, no third-party dependency; still experimental, "
                "and not every compiler ships it.",
                "explicit SIMD that reads like scalar C++ and needs nothing outside the "
                "toolchain."),
    "skeleton": ("the template for a new kernel: blocks of neurons in plain arrays with "
                 "branch-free selects, everything around the arithmetic from the shared "
                 "layers.",
                 "a correct, registered kernel to copy; its speed is what the compiler makes of "
                 "the plain block loop."),
    "numba": ("the notebook's statements as a Python loop in a function decorated with "
              "`@njit`; a just-in-time compile on the first call of every "
              "new process (`cache=True` would keep it on disk); `prange` and "
              "`parallel=True` for threads.",
              "compiled scalar speed without leaving Python or the notebook; but no control "
              "over SIMD (its MT19937 is sequential, so the fused loop stays scalar), and the "
              "parallel loop is not reproducible: each thread draws from its own generator."),
}
NEUTRAL = ("no description of this kernel here: see its source files (listed with the "
           "rule below) and docs/.", "what the measurements above show.")


def approach_rows(data, n):
    """The table rows of the "which approach" section: kernels by ISA, then Numba."""
    rows = []
    for kernel in data.kernels():
        code = data.kernel_code(kernel) or {}
        lines = lines_text(code)
        compile_s = code.get("compile_seconds")
        compile_text = (f"{compile_s:.1f} s ({len(code.get('units', []))} unit"
                        f"{'s' if len(code.get('units', [])) != 1 else ''})"
                        if fin(compile_s) else "not measured")
        if code.get("borrows") and fin(compile_s):
            compile_text += f", plus {', '.join(code['borrows'])}'s"
        threads = [1] + ([data.max_threads] if data.threaded(kernel) and data.max_threads > 1
                         else [])
        for isa in data.kernel_isas(kernel, n):
            for t in threads:
                if t > 1 and isa != data.default_isa(kernel):
                    continue
                f64 = data.lif_record(kernel, "f64", "philox", n, t, isa)
                f32 = data.lif_record(kernel, "f32", "philox", n, t, isa)
                floor = [data.limit(r)[0] if r else None for r in (f64, f32)]
                rows.append([kernel, "-" if isa in (None, "none") else isa, t,
                             ns(f64.ns_per_neuron_step) if f64 else "-",
                             ns(f32.ns_per_neuron_step) if f32 else "-",
                             f"{pct(floor[0])} / {pct(floor[1])}",
                             lines, compile_text])
                lines, compile_text = "same", "same"  # the kernel's first row has them
    for variant in data.numba_variants():
        rec = data.numba_peer(variant, n)
        if not rec:
            continue
        code = data.numba_code(variant) or {}
        floor = data.floor_seconds("f64", n, rec.get("threads", 1), data.best_isa)
        frac = floor * 1e9 / (n * data.steps) / rec["ns_per_neuron_step"] if floor else None
        label = f"Numba {variant} (peer" + ("; NumPy's drawing of the matrix counted)"
                                            if variant == "matrix" else ")")
        rows.append([label, "host CPU (LLVM)", rec.get("threads", 1),
                     ns(rec["ns_per_neuron_step"]), "-", f"{pct(frac)} / -",
                     code.get("lines") if code.get("lines") is not None else "-",
                     f"{rec['compile_seconds']:.2f} s (JIT, first call)"])
    return rows


def lines_text(code):
    """"51", or "51 (1,061 with xsimd)" for a kernel that includes another's files."""
    if code.get("lines") is None:
        return "files not found" if code else "not measured"
    text = f"{code['lines']:,}"
    if code.get("borrows") and code.get("lines_with_borrowed") is not None:
        text += f" ({code['lines_with_borrowed']:,} with {', '.join(code['borrows'])})"
    return text


def approaches_section(data, doc, figs):
    """Which approach: speed per kernel and ISA, floor fraction, lines, compile time, and
    what each costs to write and buys."""
    n = data.main_size()
    rows = approach_rows(data, n)
    if not rows:
        return
    doc.h(2, "Which approach?")
    doc.p(f"For a reader choosing how to write a hot loop like this one: every approach "
          f"measured in this run at n = {n:,} x {data.steps} steps, fused input (each "
          "generates its own random numbers), ns per neuron-step (lower is better), per ISA "
          "and thread count. Fraction of the floor: the time of generating the philox "
          "uniforms alone (same precision, ISA and threads; `limits/philox`) over the "
          "approach's time, f64 / f32; 100% would be nothing but random numbers."
          + (" Numba draws MT19937, not Philox: its fraction is taken against lifbench's f64 "
             f"philox floor of the best ISA ({data.best_isa}) and says how far it is from the "
             "fastest generation measured here." if data.numba_variants() else ""))
    doc.table(["approach", "ISA", "threads", "f64 ns", "f32 ns", "fraction of floor",
               "lines of code", "compile time"], rows,
              ["l", "l", "r", "r", "r", "r", "r", "l"])
    rule = data.approaches.get("rule")
    doc.p(rule + (f" Compiler: `{data.approaches['compiler']}`; one compile each, on this "
                  "machine, as loaded as the load averages under Machine say."
                  if data.approaches.get("compiler") else "") if rule else
          "Lines of code and compile times were not measured in this run "
          "(approaches.json missing: `reports/approaches.py`).")
    doc.h(3, "What each approach costs to write, and what it buys")
    items = []
    for kernel in data.kernels():
        cost, buys = APPROACHES.get(kernel, NEUTRAL)
        items.append(f"**{kernel}**. To write: {cost} What it buys: {buys}")
    if data.numba_variants():
        cost, buys = APPROACHES["numba"]
        items.append(f"**Numba** (a peer, not a lifbench kernel). To write: {cost} What it "
                     f"buys: {buys}")
    doc.ul(items)
    numba_vs_scalar(data, doc, n)
    if "approaches" in figs:
        doc.img(figs["approaches"], f"Speed against lines of code, by approach (n = {n:,}, "
                "f64, fused input): one marker per ISA (filled: one thread, hollow: all "
                "threads), Numba's variants as triangles; the dashed line is the philox floor.")


def numba_vs_scalar(data, doc, n):
    """Why (or whether) a student's Numba loop beats lifbench's scalar C++ loop."""
    fused, matrix = data.numba_peer("fused", n), data.numba_peer("matrix", n)
    scalar = data.lif_record("scalar", "f64", "philox", n)
    if not fused or not scalar:
        return
    nf, sc = fused["ns_per_neuron_step"], scalar.ns_per_neuron_step
    doc.h(3, "Numba against lifbench's scalar loop")
    if nf < sc:
        text = (f"**A student's Numba loop beats lifbench's scalar C++ here**: the fused "
                f"`@njit` loop takes {ns(nf)} ns per neuron-step, lifbench's `scalar` kernel "
                f"with the philox stream {ns(sc)} ns ({times(sc / nf)} slower; f64, n = "
                f"{n:,}, one thread each, this run). ")
    else:
        text = (f"Here lifbench's `scalar` kernel with the philox stream ({ns(sc)} ns per "
                f"neuron-step) is ahead of the fused Numba loop ({ns(nf)} ns; f64, n = {n:,}, "
                "one thread each); on other CPUs the order can flip, for the reason below. ")
    scalar_m = data.lif_record("scalar", "f64", "numpy", n)
    if scalar_m and matrix and fin(matrix.get("loop_ns_per_neuron_step")):
        a, b = scalar_m.ns_per_neuron_step, matrix["loop_ns_per_neuron_step"]
        text += ("Both are scalar loops doing the same arithmetic in the same order, and "
                 "without the generator they are "
                 + ("close" if max(a, b) <= 1.3 * min(a, b) else "further apart")
                 + f": lifbench's scalar kernel over a prepared input matrix takes {ns(a)} ns "
                 f"(kernel alone), Numba's loop over the notebook's matrix {ns(b)} ns (loop "
                 "alone). ")
    steps = data.steps_per_philox_block("f64")
    text += (f"The difference is the random number. Numba's `np.random.random()` is MT19937: "
             "each 32-bit word costs a table read, a few shifts and xors, and a share of the "
             "624-word table's regeneration, with no multiplication (two words per double). "
             "lifbench's philox stream computes Philox4x32-10 for every neuron: ten rounds, "
             "each with two 32 x 32 -> 64-bit multiplications and a chain of xors and key "
             f"additions, per four words, which feed {steps} f64 steps")
    if scalar_m:
        text += (f"; in a scalar loop that is about {ns(sc - scalar_m.ns_per_neuron_step)} ns "
                 "of the kernel's time per neuron-step (the fused time minus the time over the "
                 "prepared matrix, which leaves out drawing it)")
    text += (". Per number, in scalar code, Philox is the more expensive generator. What it "
             "buys is that u[j, k] is a pure function of (seed, j, k): SIMD lanes and threads "
             "compute their own numbers with no shared state, and every ISA and thread count "
             "gives the same bits. MT19937 is one sequence that must be walked in order; that "
             "is why the fused Numba loop stays scalar, and why Numba's parallel loop, one "
             "generator per thread, gives different spikes on every run.")
    simd = data.lif_record("xsimd", "f64", "philox", n)
    if simd:
        text += (f" The xsimd kernel cashes the counter-based stream in: "
                 f"{ns(simd.ns_per_neuron_step)} ns per neuron-step with "
                 f"{data.lanes(simd.params.get('isa'), 8)} lanes ({simd.params.get('isa')}), "
                 f"{times(sc / simd.ns_per_neuron_step)} the scalar kernel and "
                 f"{times(nf / simd.ns_per_neuron_step)} the fused Numba loop.")
    doc.p(text)


def teaching_section(data, doc):
    """Why each step from loop to mask to SIMD to threads wins or loses, with numbers."""
    n = data.main_size()
    doc.h(2, "What the numbers teach")
    mhz = data.context.get("mhz_per_cpu") or 0
    cyc = (lambda x: f" (about {x * mhz / 1000:.1f} clock cycles at {mhz} MHz)") if mhz else (
        lambda x: "")
    get = lambda k, prec="f64", rng="philox", t=1, isa=None: data.lif_record(  # noqa: E731
        k, prec, rng, n, t, isa)
    scalar_p, scalar_m = get("scalar"), get("scalar", rng="numpy")
    mask_p, mask_m = get("mask"), get("mask", rng="numpy")
    simd_p, simd_m = get("xsimd"), get("xsimd", rng="numpy")
    numpy_peer = data.numpy_peer(n)
    paras = []
    paras.append(
        f"You just simulated {n:,} neurons for {data.steps} steps in NumPy: that is "
        f"{n * data.steps / 1e6:,.0f} million neuron-steps, and everything below is measured "
        "in nanoseconds per neuron-step, the cost of one Euler update of one neuron, including "
        "its random input. Lower is better; the machine's limits (what no code can beat) are "
        "measured in the same run.")
    if numpy_peer:
        paras.append(
            f"**The notebook's NumPy code** costs {ns(numpy_peer['ns_per_neuron_step'])} ns per "
            f"neuron-step at this size ({ns(numpy_peer.get('input_ns_per_neuron_step'))} of "
            f"it drawing the input matrix). Each NumPy statement is a separate pass over "
            f"arrays of {n:,} numbers, with temporaries allocated for `el - v`, `r * i`, the "
            "masks, and so on; and `v_n[:, step]` reads a column of a row-major [n, K] array, "
            f"so consecutive neurons are {data.steps * 8} bytes apart and every value costs a "
            "cache line of its own." + numpy_growth(data))
    if scalar_p:
        paras.append(
            f"**Step 1, the plain loop (`scalar`)**: one neuron at a time through all its "
            f"steps, with branches, compiled but not vectorized: "
            f"{ns(scalar_p.ns_per_neuron_step)} ns per neuron-step with the fused philox "
            f"stream{cyc(scalar_p.ns_per_neuron_step)}"
            + (f", {ns(scalar_m.ns_per_neuron_step)} with the materialized input"
               if scalar_m else "")
            + (f". That alone is {times(numpy_peer['ns_per_neuron_step'] / scalar_p.ns_per_neuron_step)}"
               " faster than NumPy: the neuron's state stays in registers for all steps, and "
               "nothing is allocated." if numpy_peer else "."))
    if mask_p and scalar_p:
        ratio = mask_p.median_s / scalar_p.median_s
        paras.append(
            f"**Step 2, array-at-a-time with masks (`mask`)**: NumPy's way, compiled. "
            f"{ns(mask_p.ns_per_neuron_step)} ns (fused), "
            f"{'slower' if ratio > 1 else 'faster'} than the loop by {times(max(ratio, 1 / ratio))}"
            + (f"; {ns(mask_m.ns_per_neuron_step)} ns with the materialized input"
               if mask_m else "")
            + ". Every statement walks all n neurons and writes its result back to memory, "
            f"so one step moves several arrays of {n:,} values through the caches (at this n "
            "they no longer fit in L2). Compiled, the passes are simple enough for the compiler "
            "to vectorize, which is why the mask form can still beat the scalar loop; but it "
            "pays in memory traffic what the loop keeps in registers. NumPy's cost is mostly "
            "these passes plus its interpreter and temporaries.")
    if simd_p and scalar_p:
        isa = simd_p.params.get("isa")
        lanes = data.lanes(isa, 8)
        floor = data.floor_seconds("f64", n, 1, isa)
        isa_rows = [(i, get("xsimd", isa=i)) for i in sorted(data.isas, key=data.isa_rank)]
        isa_text = ", ".join(f"{i} {ns(r.ns_per_neuron_step)}" for i, r in isa_rows if r)
        paras.append(
            f"**Step 3, explicit SIMD (`xsimd`)**: the loop of step 1, but {lanes} neurons per "
            f"instruction ({isa}, f64): {ns(simd_p.ns_per_neuron_step)} ns, "
            f"{times(scalar_p.median_s / simd_p.median_s)} the loop. By ISA (f64, fused): "
            f"{isa_text}. "
            + (f"Generating the random numbers alone (the philox floor) costs "
               f"{ns(floor * 1e9 / (n * data.steps))} ns per neuron-step, so "
               f"{pct(floor / simd_p.median_s)} of the kernel's time is the random numbers: "
               "the LIF arithmetic is nearly free once vectorized, and the floor is the "
               "limit. f32 halves the bytes and doubles the lanes"
               if floor else "")
            + (f" ({ns(get('xsimd', 'f32').ns_per_neuron_step)} ns in f32)."
               if get("xsimd", "f32") else "."))
    if simd_m:
        bw = data.triad_bandwidth(1)
        input_s = data.input_seconds("f64", n)
        input_sizes = sorted(r.params["n"] for r in data.records.values()
                             if r.family == "inputs" and r.ok and r.params["precision"] == "f64")
        input_small_text = ""
        if input_sizes:
            small_n = input_sizes[0]
            input_small_text = (
                f"{ns(data.input_seconds('f64', small_n) * 1e9 / (small_n * data.steps))} ns "
                f"at n = {small_n:,}, where the matrix stays in the caches; much of the "
                "difference is the first touch of new memory, which is slow on this virtual "
                "machine")
        if bw:
            paras.append(
                f"**Materialized vs fused input.** With the numpy stream the kernel must read "
                f"8 bytes of input per neuron-step from memory; at the measured triad "
                f"bandwidth ({bw / 1e9:.1f} GB/s on one thread) that alone is "
                f"{ns(8 / bw * 1e9)} ns per neuron-step, and the kernel takes "
                f"{ns(simd_m.ns_per_neuron_step)} ns ({pct(data.limit(simd_m)[0])} of the "
                "memory limit: the matrix is row-major [n, K] like the notebook's, so the "
                "kernel reads many rows at once, K values apart, and turns tiles of them around "
                "to fill its lanes)"
                + (". Producing that matrix costs more than the kernel: "
                   f"{ns(input_s * 1e9 / (n * data.steps))} ns per neuron-step in lifbench "
                   "(MT19937 one number at a time, then writing a fresh n x K matrix; "
                   f"{input_small_text})" if input_s else "")
                + (f", {ns(numpy_peer.get('input_ns_per_neuron_step'))} ns in NumPy's own C "
                   "code" if numpy_peer and input_s else "")
                + ". A counter-based generator (philox) computes u[j, k] where it is used, so "
                "nothing is stored and the kernel runs at the speed of arithmetic instead of "
                "memory.")
    first, _ = data.crossover()
    table = data.thread_speedups()
    if table and data.max_threads > 1:
        t = data.max_threads
        sizes = sorted(n_ for n_ in table if t in table[n_])
        listing = ", ".join(f"{n_text(n_)}: {times(table[n_][t])}" for n_ in sizes)
        text = (f"**Step 4, threads (`openmp`)**: {t} threads split the neurons into static "
                f"blocks of 1024-neuron chunks, each running the xsimd kernel. Speedup of {t} "
                f"threads over one (f64, fused; ideal {t}x), by n: {listing}. ")
        paying = [n_ for n_ in sizes if table[n_][t] >= 1.1]
        if paying:
            text += f"Threads first pay (at least 1.1x) at n = {paying[0]:,}"
            if first == paying[0]:
                text += ", and at every larger n. "
            else:
                failing = [n_ for n_ in sizes if n_ > paying[0] and table[n_][t] < 1.1]
                text += (f", but not at every larger n in this run ({', '.join(f'{x:,}' for x in failing)}): "
                         "a busy neighbour on the other core, see the load averages under "
                         "Machine. ")
        else:
            text += "In this run threads never paid 1.1x. "
        text += ("With fewer neurons there is too little work per thread: starting and joining "
                 "a parallel region costs microseconds, a 1024-neuron chunk is the smallest unit "
                 "a thread gets, and n = 1000 is a single chunk that one thread must do alone. "
                 "With the materialized input both cores share one memory bus, so two threads "
                 "gain less than with the fused stream, which needs no memory at all")
        m1 = data.lif_record("openmp", "f64", "numpy", n, 1)
        mt = data.lif_record("openmp", "f64", "numpy", n, t)
        if m1 and mt:
            text += f" (materialized, n = {n:,}: {times(m1.median_s / mt.median_s)} with {t} threads"
            if data.triad_bandwidth(1) and data.triad_bandwidth(t):
                text += (f"; the triad itself went from {data.triad_bandwidth(1) / 1e9:.1f} to "
                         f"{data.triad_bandwidth(t) / 1e9:.1f} GB/s")
            text += ")"
        text += (". On a machine whose other core is busy (see the load average above), a "
                 "second thread mostly waits for it: thread scaling is the measurement most "
                 "sensitive to a noisy neighbour.")
        paras.append(text)
    for ptxt in paras:
        doc.p(ptxt)


def numpy_growth(data):
    """A sentence on how the NumPy code's cost per neuron-step changes with n."""
    recs = sorted(data.peers.get("numpy", []), key=lambda r: r["n"])
    if len(recs) < 2:
        return ""
    small, big = recs[0], recs[-1]
    text = (f" That is why its cost per neuron-step grows with n: "
            f"{ns(small['ns_per_neuron_step'])} ns at n = {small['n']:,}, where the arrays fit "
            f"in the caches, {ns(big['ns_per_neuron_step'])} ns at n = {big['n']:,}")
    x_small = data.lif_record("xsimd", "f64", "philox", small["n"])
    if x_small:
        text += (f"; so at n = {small['n']:,} even the xsimd kernel is only "
                 f"{times(small['ns_per_neuron_step'] / x_small.ns_per_neuron_step)} faster")
    return text + "."


def method_section(data, doc):
    doc.h(2, "How this was measured")
    doc.ul([
        "Model: the notebook's Exercise 5 (t_max 150 ms, dt 1 ms, K = 150 steps, t_ref 10 ms, "
        "seed 2020); a neuron-step is one neuron through one step of that grid (n x K per run).",
        "Kernels: `bench/lifbench_bench` calls each registered kernel's run function on "
        "prepared inputs over the whole population, recording statistics only (spikes and "
        "voltage sums per step, as `lifbench simulate --record stats`). Real (wall) time, "
        "median of the repetitions.",
        "Machine limits: STREAM triad a = b + s*c on three 256 MiB arrays (24 bytes per "
        "element, STREAM's convention), and the philox uniforms alone (rng_floor.hpp).",
        f"Plan: {data.context.get('lifbench_plan', '?')}; repetitions: "
        f"{max((len(r.seconds) for r in data.lif), default=0)}; "
        f"Google Benchmark {data.context.get('library_version', '1.7.1')}.",
        "Peers: `reference/notebook.py --time N` (the seed's NumPy code), "
        "`bench/peers/brian2_peer.py` (Brian2 numpy, cython, cpp_standalone).",
        "Reproduce: `make report` (or `make report QUICK=1`); compare two runs: "
        "`make compare BASE=<run> NEW=<run>`. See docs/benchmarks.md.",
    ])


def render(run_dir):
    data = RunData(run_dir)
    figs = figures.all_figures(data)
    m = data.machine
    title = (f"lifbench benchmark report: {m.get('date', '?')[:10]}, {m.get('host', '?')}, "
             f"commit {m.get('commit', '?')}")
    doc = Doc()
    doc.h(1, title)
    headline(data, doc)
    machine_section(data, doc)
    verification_section(data, doc)
    doc.h(2, "Tables")
    kernel_table(data, doc)
    peers_table(data, doc)
    limits_table(data, doc)
    randomness_section(data, doc, figs)
    variation_section(data, doc)
    pivot_table(data, doc)
    scale_section(data, doc, figs)
    figures_section(data, doc, figs)
    approaches_section(data, doc, figs)
    teaching_section(data, doc)
    method_section(data, doc)
    with open(os.path.join(run_dir, "report.md"), "w", encoding="utf-8") as f:
        f.write(doc.markdown())
    with open(os.path.join(run_dir, "report.html"), "w", encoding="utf-8") as f:
        f.write(doc.html(title))
    return os.path.join(run_dir, "report.md")


def main(argv):
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    print(render(argv[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
