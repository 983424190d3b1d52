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

# The done criterion of the benchmark issue.
NUMPY_FACTOR = 100.0


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

def headline(data, doc):
    """The done criterion: xsimd vs the seed's NumPy code and Brian2's fastest target."""
    doc.h(2, "Result")
    rows, sentences = [], []
    for n in data.peer_sizes():
        numpy_peer, brian = data.numpy_peer(n), data.brian2_fastest(n)
        for precision in ("f64", "f32"):
            rec = data.lif_record("xsimd", precision, "philox", n)
            if not rec:
                continue
            k = rec.ns_per_neuron_step
            vs_np = numpy_peer["ns_per_neuron_step"] / k if numpy_peer else None
            vs_b = brian["ns_per_neuron_step"] / k if brian else None
            if fin(vs_np) and fin(vs_b):
                verdict = "**yes**" if vs_np >= NUMPY_FACTOR and vs_b > 1 else "no"
            else:
                verdict = "- (a peer did not run at this n)"
            rows.append([n_text(n), f"xsimd {precision} philox {rec.params['isa']} 1T", ns(k),
                         ns(numpy_peer["ns_per_neuron_step"]) if numpy_peer else "-",
                         times(vs_np),
                         (f"{ns(brian['ns_per_neuron_step'])} ({brian['target']})"
                          if brian else "-"), times(vs_b),
                         verdict])
            if precision == "f64" and n == data.main_size() or (
                    precision == "f64" and not sentences and n == max(data.peer_sizes())):
                sentences = [
                    f"At n = {n:,} neurons x {data.steps} steps, the xsimd kernel (f64, fused "
                    f"philox stream, one thread, {rec.params['isa']}) takes **{ns(k)} ns per "
                    f"neuron-step**: **{times(vs_np)}** faster than the seed's NumPy code "
                    f"({ns(numpy_peer['ns_per_neuron_step']) if numpy_peer else '-'} ns, input "
                    f"generation counted) and **{times(vs_b)}** faster than Brian2's fastest "
                    f"target ({brian['target'] if brian else '-'}, "
                    f"{ns(brian['ns_per_neuron_step']) if brian else '-'} ns)."]
    if not rows:
        doc.p("No peer measurements in this run: the comparison with NumPy and Brian2 is "
              "missing (run the peers, see docs/benchmarks.md).")
        return
    for s in sentences:
        doc.p(s)
    doc.p(f"The issue's done criterion: xsimd at least {NUMPY_FACTOR:.0f}x faster per "
          "neuron-step than the seed's NumPy code and ahead of Brian2's fastest target, "
          "same n, same steps. All three generate their random input inside the timed "
          "region: lifbench in the kernel (philox stream), NumPy as the notebook's input matrix, "
          "Brian2 with `rand()` every step.")
    doc.table(["n", "lifbench", "ns/neuron-step", "NumPy seed code", "vs NumPy",
               "Brian2 fastest", "vs Brian2", "criterion met"], rows,
              ["r", "l", "r", "r", "r", "r", "r", "l"])


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
        f"caches: {cache_text}",
        f"memory: {(m.get('memory_bytes') or 0) / 2**30:.1f} GiB; OS: {m.get('os')}, "
        f"Linux {m.get('kernel')}",
        f"load average when the run started: "
        f"{', '.join('%.2f' % x for x in (m.get('load_average') or []))} "
        "(other processes on the machine disturb timings; see the variation table)"
        + stage_loads(data),
        f"compiler: {' '.join(m.get('compiler') or [])}; build type {m.get('build_type')}, "
        f"`{m.get('cxx_flags')}`",
        f"library versions: " + ", ".join(f"{k} {v}" for k, v in packages.items() if v),
        f"Python {m.get('python')}; Google Benchmark library: "
        f"{data.context.get('library_build_type', '?')} build "
        "(Debian's package reports `debug`; it only runs the timing loop)",
    ]
    doc.ul(items)
    flags = m.get("kernel_flags") or {}
    if flags:
        doc.table(["kernel source", "compile flags"], sorted(flags.items()), ["l", "l"])


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
    for err in data.peers.get("errors", []):
        doc.p(f"Peer error: `{err}`")


def kernel_table(data, doc):
    n = data.main_size()
    doc.h(3, f"Kernels at n = {n:,} ({data.steps} steps, stats-only recording)")
    doc.p("Kernel time alone: inputs prepared beforehand (materialized runs) or generated "
          "inside the kernel (fused philox runs). Speedups compare the same n; vs scalar also "
          "the same precision and stream. Fraction of limit: materialized runs, the time the "
          "input matrix takes to stream at the measured triad bandwidth (same threads) over "
          "the kernel time; fused runs, the time of generating the philox uniforms alone "
          "(same precision, ISA, threads) over the kernel time. 100% = at the limit.")
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
    if not data.peers.get("numpy") and not data.peers.get("brian2"):
        return
    doc.h(3, "Peers, run the way their users run them")
    doc.p("NumPy: the seed's Exercise 5 code as written (boolean masks over `v_n[:, step]` "
          "columns), input matrix generation counted, best of repeats. Brian2 numpy and "
          "cython: `Network.run(t_max)` wall time after a warm-up run that generates (and "
          "compiles) the code. Brian2 cpp_standalone: the simulation loop time the generated "
          "binary measures, after its build. lifbench column: xsimd f64 philox, 1 thread.")
    rows = []
    for rec in sorted(data.peers.get("numpy", []), key=lambda r: r["n"]):
        x = data.lif_record("xsimd", "f64", "philox", rec["n"])
        rows.append([n_text(rec["n"]), "NumPy seed code", ns(rec["ns_per_neuron_step"]),
                     f"input {ns(rec.get('input_ns_per_neuron_step'))} + update "
                     f"{ns(rec.get('update_ns_per_neuron_step'))}; {rec['total_spikes']} spikes",
                     ns(x.ns_per_neuron_step) if x else "-",
                     times(rec["ns_per_neuron_step"] / x.ns_per_neuron_step) if x else "-"])
    for rec in sorted(data.peers.get("brian2", []), key=lambda r: (r["n"], r["target"])):
        x = data.lif_record("xsimd", "f64", "philox", rec["n"])
        extra = []
        if "first_run_seconds" in rec:
            extra.append(f"first run {rec['first_run_seconds']:.2f} s")
        if "build_seconds" in rec:
            extra.append(f"build {rec['build_seconds']:.1f} s, whole binary "
                         f"{rec['binary_seconds']:.3f} s")
        rows.append([n_text(rec["n"]), f"Brian2 {rec['target']}", ns(rec["ns_per_neuron_step"]),
                     "; ".join(extra), ns(x.ns_per_neuron_step) if x else "-",
                     times(rec["ns_per_neuron_step"] / x.ns_per_neuron_step) if x else "-"])
    doc.table(["n", "peer", "ns/neuron-step", "notes", "lifbench xsimd", "lifbench faster by"],
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
        rows.append([f"philox floor {r.params['precision']} {r.params.get('isa')} "
                     f"{r.params['threads']}T, n={n_text(n)}",
                     f"{rate(r.neuron_steps / r.median_s)} uniforms/s",
                     f"{ns(r.ns_per_neuron_step)} ns/neuron-step", cv_text(r.cv)])
    for r in sorted((r for r in data.records.values() if r.family == "inputs" and r.ok),
                    key=lambda r: (r.params["precision"], r.params["n"])):
        rows.append([f"drawing the numpy-stream input {r.params['precision']}, "
                     f"n={n_text(r.params['n'])}", f"{rate(r.neuron_steps / r.median_s)}/s",
                     f"{ns(r.ns_per_neuron_step)} ns/neuron-step (MT19937, 1 thread)",
                     cv_text(r.cv)])
    if not any(r.family == "floor" for r in data.records.values()):
        rows.append(["philox floor", "not measured", "rng_floor.hpp absent at build time", "-"])
    doc.table(["limit", "throughput", "as a per-neuron-step cost", "CV"], rows,
              ["l", "r", "l", "r"])


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
        big = max(table)
        small = min(table)
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
    variation_section(data, doc)
    pivot_table(data, doc)
    scale_section(data, doc, figs)
    figures_section(data, doc, figs)
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
