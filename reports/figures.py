"""The report's figures (matplotlib, Agg), each written as a PNG into the run directory.

Each function returns the file name it wrote, or None when the run lacks the data.
"""

import math
import os
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

COLORS = {"scalar": "C0", "mask": "C1", "xsimd": "C2", "openmp": "C3", "reference": "C7",
          "autovec": "C4", "highway": "teal", "stdsimd": "darkgoldenrod", "skeleton": "C8"}
DPI = 110


def color_of(kernel):
    return COLORS.get(kernel, "C%d" % (5 + hash(kernel) % 4))


def save(fig, run_dir, name):
    fig.tight_layout()
    fig.savefig(os.path.join(run_dir, name), dpi=DPI)
    plt.close(fig)
    return name


def throughput_vs_n(data):
    """Neuron-steps/s vs n, log-log, per kernel; fused and materialized panels."""
    if not data.lif:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8), sharey=True)
    for ax, rng, title in ((axes[0], "philox", "fused input (philox stream)"),
                           (axes[1], "numpy", "materialized input (numpy stream), kernel only")):
        for kernel in data.kernels():
            threads_list = [1] + ([data.max_threads] if data.threaded(kernel)
                                  and data.max_threads > 1 else [])
            for precision, style in (("f64", "-"), ("f32", "--")):
                for threads in threads_list:
                    pts = [(n, data.lif_record(kernel, precision, rng, n, threads))
                           for n in data.sizes(kernel, rng)]
                    pts = [(n, r.neuron_steps / r.median_s) for n, r in pts if r]
                    if not pts:
                        continue
                    label = f"{kernel} {precision}" + (f" {threads}T" if data.threaded(kernel)
                                                       else "")
                    ax.plot(*zip(*pts), style, marker="o" if threads == 1 else "s", ms=4,
                            color=color_of(kernel), alpha=1.0 if threads == 1 else 0.6,
                            label=label)
        if rng == "philox":
            for precision, style in (("f64", ":"), ("f32", "-.")):
                sizes = data.sizes("xsimd", "philox") or data.sizes()
                pts = [(n, data.floor_seconds(precision, n, 1, data.best_isa)) for n in sizes]
                pts = [(n, n * data.steps / s) for n, s in pts if s]
                if pts:
                    ax.plot(*zip(*pts), style, color="k", lw=1,
                            label=f"philox floor {precision} 1T")
            for peer, marker in (("numpy", "x"), ("brian2", "^"), ("numba", "v")):
                recs = data.peers.get(peer, [])
                if peer == "numpy":
                    groups = {"NumPy (seed code)": recs}
                else:
                    groups = {}
                    for r in recs:
                        name = r.get("target") if peer == "brian2" else r.get("variant")
                        groups.setdefault(f"{'Brian2' if peer == 'brian2' else 'Numba'} "
                                          f"{name}", []).append(r)
                for i, (label, rs) in enumerate(sorted(groups.items())):
                    pts = sorted((r["n"], 1e9 / r["ns_per_neuron_step"]) for r in rs)
                    color = {"numpy": "C5", "brian2": f"C{6 + i}"}.get(peer, "C9")
                    if pts:
                        ax.plot(*zip(*pts), ":", marker=marker, color=color,
                                alpha=1.0 if peer != "numba" else 0.5 + 0.25 * i, label=label)
        else:
            for precision, style, elem in (("f64", ":", 8), ("f32", "-.", 4)):
                bw = data.triad_bandwidth(1)
                if bw:
                    sizes = data.sizes(rng=rng)
                    ax.plot(sizes, [bw / elem] * len(sizes), style, color="k", lw=1,
                            label=f"triad bandwidth / {elem} B ({precision}, 1T)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("neurons n")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, ncol=2)
    axes[0].set_ylabel("neuron-steps per second")
    return save(fig, data.dir, "fig_throughput.png")


def openmp_scaling(data, kernel=None):
    """Speedup over one thread vs threads (per n), and vs n (crossover); default kernel."""
    kernel = kernel or data.default_kernel
    table = data.thread_speedups(kernel)
    if not table or data.max_threads < 2:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    threads = list(range(1, data.max_threads + 1))
    for i, n in enumerate(sorted(table)):
        pts = [(t, table[n][t]) for t in threads if t in table[n]]
        axes[0].plot(*zip(*pts), marker="o", color=plt.cm.viridis(i / max(1, len(table) - 1)),
                     label=f"n={n:,}")
    axes[0].plot(threads, threads, "k:", label="ideal")
    axes[0].set_xlabel("OpenMP threads")
    axes[0].set_ylabel("speedup over 1 thread")
    axes[0].set_xticks(threads)
    axes[0].legend(fontsize=7)
    axes[0].grid(True, alpha=0.3)
    axes[0].set_title(f"{kernel} f64 philox", fontsize=10)
    sizes = sorted(n for n in table if data.max_threads in table[n])
    axes[1].plot(sizes, [table[n][data.max_threads] for n in sizes], marker="o", color="C3",
                 label=f"{data.max_threads} threads / 1 thread")
    axes[1].axhline(1.0, color="k", lw=1)
    axes[1].axhline(data.max_threads, color="k", ls=":", lw=1, label="ideal")
    paying = [n for n in sizes if table[n][data.max_threads] >= 1.1]
    if paying:
        axes[1].axvline(paying[0], color="C2", ls="--",
                        label=f"threads first pay 1.1x at n={paying[0]:,}")
    axes[1].set_xscale("log")
    axes[1].set_xlabel("neurons n")
    axes[1].set_ylabel("speedup")
    axes[1].legend(fontsize=7)
    axes[1].grid(True, which="both", alpha=0.3)
    axes[1].set_title("where threads start to pay", fontsize=10)
    return save(fig, data.dir, "fig_scaling.png")


def isa_comparison(data, kernel="xsimd"):
    """Bars of ns per neuron-step per ISA, for each precision and stream, at the main n."""
    by_n = {}
    for r in data.lif:
        if r.params["kernel"] == kernel and r.ok:
            by_n.setdefault(r.params["n"], set()).add(r.params.get("isa"))
    if not by_n:
        return None
    n = max(by_n, key=lambda size: (len(by_n[size]), size))  # the ISA sweep's n
    isas = sorted(by_n[n], key=data.isa_rank)
    groups = [(p, s) for s in ("philox", "numpy") for p in ("f64", "f32")]
    values = {(g, isa): data.lif_record(kernel, g[0], g[1], n, 1, isa)
              for g in groups for isa in isas}
    if not any(values.values()):
        return None
    fig, ax = plt.subplots(figsize=(9, 4.2))
    width = 0.8 / max(1, len(isas) + 1)
    for i, isa in enumerate(isas):
        ys = [values[(g, isa)].ns_per_neuron_step if values[(g, isa)] else 0 for g in groups]
        ax.bar(np.arange(len(groups)) + i * width, ys, width, label=f"{kernel} {isa}")
    scalar = [data.lif_record("scalar", g[0], g[1], n) for g in groups]
    ax.bar(np.arange(len(groups)) + len(isas) * width,
           [r.ns_per_neuron_step if r else 0 for r in scalar], width, color="C0", alpha=0.5,
           label="scalar (no SIMD)")
    for j, (precision, rng) in enumerate(groups):
        if rng != "philox":
            continue
        for i, isa in enumerate(isas):
            floor = data.floor_seconds(precision, n, 1, isa)
            if floor:
                x = j + i * width
                ax.plot([x - width / 2, x + width / 2], [floor * 1e9 / (n * data.steps)] * 2,
                        color="k", lw=2)
    ax.set_xticks(np.arange(len(groups)) + width * len(isas) / 2)
    ax.set_xticklabels([f"{p} {s}" for p, s in groups])
    ax.set_ylabel("ns per neuron-step (lower is better)")
    ax.set_yscale("log")
    ax.set_title(f"ISA comparison at n={n:,}, 1 thread (black ticks: philox floor of that ISA)",
                 fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(True, axis="y", which="both", alpha=0.3)
    return save(fig, data.dir, "fig_isa.png")


def roofline(data):
    """Neuron-steps/s vs neuron-steps per byte of memory traffic, with the measured roofs:
    triad bandwidth (slanted) and the Philox floor (flat, the fused kernels' ceiling)."""
    n = data.main_size()
    points = []
    for kernel in data.kernels():
        threads_list = sorted({1, data.max_threads}) if data.threaded(kernel) else [1]
        for precision in ("f64", "f32"):
            for rng in ("numpy", "philox"):
                for t in threads_list:
                    r = data.lif_record(kernel, precision, rng, n, t)
                    if r and r.counter("bytes_per_run"):
                        points.append((kernel, precision, rng, t, r.neuron_steps /
                                       r.counter("bytes_per_run"), r.neuron_steps / r.median_s))
    if not points:
        return None
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    xs = np.logspace(-1.5, 2.5, 200)
    bw1 = data.triad_bandwidth(1)
    for precision, style in (("f64", "-"), ("f32", "--")):
        floor = data.floor_seconds(precision, n, 1, data.best_isa)
        ceiling = n * data.steps / floor if floor else None
        if bw1:
            roof = bw1 * xs if ceiling is None else np.minimum(bw1 * xs, ceiling)
            ax.plot(xs, roof, "k" + style, lw=1.2,
                    label=f"roof {precision}: triad {bw1 / 1e9:.1f} GB/s (1T), then the "
                          f"philox floor ({data.best_isa})")
    bw_all = data.triad_bandwidth(data.max_threads)
    if bw_all and data.max_threads > 1:
        ax.plot(xs, bw_all * xs, color="0.5", ls=":", lw=1,
                label=f"triad {bw_all / 1e9:.1f} GB/s ({data.max_threads}T)")
    seen = set()
    for kernel, precision, rng, t, x, y in points:
        label = kernel if kernel not in seen else None
        seen.add(kernel)
        ax.scatter(x, y, marker="o" if rng == "philox" else "s", s=50, zorder=3,
                   facecolors=color_of(kernel) if precision == "f64" else "none",
                   edgecolors=color_of(kernel), linewidths=1.5, label=label)
    ys = [p[5] for p in points]
    top = max(ys + [n * data.steps / f for f in (data.floor_seconds("f32", n, 1, data.best_isa),)
                    if f])
    ax.set_ylim(min(ys) / 3, top * 4)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("neuron-steps per byte of memory traffic")
    ax.set_ylabel("neuron-steps per second")
    ax.set_title(f"roofline in the model's units, n={n:,}: squares materialized input, circles "
                 "fused; filled f64, hollow f32", fontsize=9)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    return save(fig, data.dir, "fig_roofline.png")


def seed_histograms(data):
    """Exercise 1: V histograms at t_max/10 and t_max, from the C++ run's summary.json."""
    summary = data.sim_ex1
    if not summary or not summary.get("histograms"):
        return None
    fig, ax = plt.subplots(figsize=(6.5, 4))
    used = []
    for h in summary["histograms"]:
        counts = np.array(h["counts"], dtype=float)
        edges = np.linspace(h["lo"], h["hi"], len(counts) + 1)
        ax.stairs(counts, edges, fill=True, alpha=0.6, label=f"t={h['t']:.3g} s")
        nonzero = np.nonzero(counts)[0]
        if nonzero.size:
            used += [edges[nonzero[0]], edges[nonzero[-1] + 1]]
    if used:
        pad = 0.1 * (max(used) - min(used))
        ax.set_xlim(min(used) - pad, max(used) + pad)
    ax.set_xlabel("$V_m$ (V)")
    ax.set_ylabel("Frequency")
    ax.set_title(f"Exercise 1 (no threshold), n={summary['neurons']:,}, "
                 f"kernel {summary['kernel']}", fontsize=10)
    ax.legend()
    return save(fig, data.dir, "fig_seed_histograms.png")


def seed_plot_all(data):
    """The notebook's plot_all for the random-refractory demo: V traces and mean, raster,
    population rate in Hz."""
    summary = data.sim_demo
    sim_dir = os.path.join(data.dir, "sim_demo")
    if not summary:
        return None
    steps = summary["steps"]
    dt = summary["parameters"]["dt"]
    t = np.arange(steps) * dt
    v_path, raster_path = os.path.join(sim_dir, "v.npy"), os.path.join(sim_dir, "raster.npy")
    fig, axes = plt.subplots(3, 1, figsize=(7, 7.5), sharex=False)
    if os.path.exists(v_path):
        v = np.load(v_path)
        for j in range(v.shape[0]):
            axes[0].scatter(t, v[j], color="k", marker=".", alpha=0.01, s=4)
    axes[0].plot(t, summary["mean_v"], "C1", alpha=0.8, lw=3, label="mean V")
    axes[0].set_ylabel("$V_m$ (V)")
    axes[0].set_xticks([])
    axes[0].legend(fontsize=8)
    if os.path.exists(raster_path):
        raster = np.load(raster_path)
        axes[1].imshow(raster, cmap="Greys", origin="lower", aspect="auto")
    axes[1].set_ylabel("neuron")
    axes[1].set_xticks([])
    axes[2].plot(t, summary["rate_hz"])
    axes[2].set_xlabel("time (s)")
    axes[2].set_ylabel("rate (Hz)")
    fig.suptitle(f"random-refractory demo: n={summary['neurons']}, "
                 f"{summary['total_spikes']} spikes, kernel {summary['kernel']}, "
                 f"rng {summary['rng']}", fontsize=10)
    return save(fig, data.dir, "fig_seed_plot_all.png")


def seed_tref(data):
    """Histogram of the refractory periods of the demo run (t_ref.npy)."""
    path = os.path.join(data.dir, "sim_demo", "t_ref.npy")
    if not os.path.exists(path):
        return None
    t_ref = np.load(path)
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    ax.hist(t_ref, 50, histtype="stepfilled", linewidth=0)
    ax.set_xlabel(r"$t_{ref}$ (s)")
    ax.set_ylabel("count")
    ax.set_title(f"refractory periods, mean {np.mean(t_ref) * 1e3:.2f} ms, "
                 f"sd {np.std(t_ref) * 1e3:.2f} ms ({np.sum(t_ref == 0)} clipped to 0)",
                 fontsize=10)
    return save(fig, data.dir, "fig_seed_tref.png")


def scale_figure(data):
    """Left: stats-only streaming throughput at large n, 1 thread vs all cores. Right: MPI
    neuron-steps/s grouped by ranks, one bar per thread count, marked where the result
    differs from one process; the single process at 1 thread as a dashed line."""
    stream, mpi = data.scale.get("streaming") or {}, data.scale.get("mpi") or {}
    stream_runs = [r for r in stream.get("runs", []) if r.get("neuron_steps_per_s")]
    mpi_runs = [r for r in mpi.get("runs", []) if r.get("neuron_steps_per_s")]
    if not stream_runs and not mpi_runs:
        return None
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 2]})
    ax = axes[0]
    if stream_runs:
        xs = np.arange(len(stream_runs))
        ys = [r["neuron_steps_per_s"] / 1e9 for r in stream_runs]
        ax.bar(xs, ys, 0.6, color="C3")
        for x, y, r in zip(xs, ys, stream_runs):
            ax.annotate(f"{r['wall_seconds']:.2f} s\n{r.get('peak_rss_kb', 0) / 1024:.0f} MiB "
                        "peak", (x, y), ha="center", va="bottom", fontsize=8)
        ax.set_xticks(xs)
        ax.set_xticklabels([f"{r['threads']} thread(s)" for r in stream_runs])
        ax.set_ylim(0, max(ys) * 1.25)
        ax.set_title(f"streaming, stats only, n={stream['neurons']:.0e}", fontsize=10)
    ax.set_ylabel("neuron-steps per second (x 1e9)")
    ax.grid(True, axis="y", alpha=0.3)
    ax = axes[1]
    if mpi_runs:
        ranks = sorted({r["ranks"] for r in mpi_runs})
        threads = sorted({r["threads"] for r in mpi_runs})
        width = 0.8 / len(threads)
        top = 0
        for i, t in enumerate(threads):
            for j, rk in enumerate(ranks):
                rec = next((r for r in mpi_runs if (r["ranks"], r["threads"]) == (rk, t)), None)
                if not rec:
                    continue
                x = j + (i - (len(threads) - 1) / 2) * width
                y = rec["neuron_steps_per_s"] / 1e9
                ax.bar(x, y, width, color=f"C{i}", label=f"{t} thread(s) per rank" if j == 0
                       else None)
                ax.annotate(f"{rk}x{t}" + ("" if rec.get("identical") else "\nDIFFERS"),
                            (x, y), ha="center", va="bottom", fontsize=8,
                            color="k" if rec.get("identical") else "red")
                top = max(top, y)
        single = (mpi.get("single") or {}).get("neuron_steps_per_s")
        if single:
            single /= 1e9
            ax.axhline(single, color="k", ls="--", lw=1, label="one process, 1 thread")
            top = max(top, single)
        ax.set_xticks(range(len(ranks)))
        ax.set_xticklabels([f"mpirun -np {rk}" for rk in ranks])
        ax.set_xlabel("bars labelled ranks x threads")
        ax.set_ylim(0, top * 1.4)
        ax.legend(fontsize=8, loc="upper left", ncol=3)
        ax.set_title(f"MPI ranks x OpenMP threads, n={mpi['neurons']:.0e} "
                     f"({data.machine.get('logical_cpus', '?')} CPUs; beyond that "
                     "oversubscribed)", fontsize=10)
    else:
        reason = textwrap.fill(str(mpi.get("reason", "no data")).replace("`", ""), 60)
        ax.text(0.5, 0.5, "MPI not measured:\n" + reason, ha="center", va="center",
                fontsize=9, transform=ax.transAxes)
        ax.axis("off")
    ax.grid(True, axis="y", alpha=0.3)
    return save(fig, data.dir, "fig_scale.png")


def approaches_figure(data):
    """ns per neuron-step against lines of kernel code, by approach (f64, fused, main n):
    each kernel's ISAs at its line count, all-thread runs hollow, Numba's variants as
    triangles, the philox floor dashed."""
    n = data.main_size()
    points = []  # (label, lines, ns, threads, kind)
    for kernel in data.kernels():
        code = data.kernel_code(kernel) or {}
        lines = code.get("lines_with_borrowed") or code.get("lines")
        if not lines:
            continue
        for isa in data.kernel_isas(kernel, n):
            threads = [1] + ([data.max_threads] if data.threaded(kernel)
                             and data.max_threads > 1 else [])
            for t in threads:
                rec = data.lif_record(kernel, "f64", "philox", n, t, isa)
                if rec and (t == 1 or isa == data.default_isa(kernel)):
                    points.append((kernel, isa, lines, rec.ns_per_neuron_step, t))
    numba = []
    for variant in data.numba_variants():
        rec, code = data.numba_peer(variant, n), data.numba_code(variant) or {}
        if rec and code.get("lines"):
            numba.append((variant, code["lines"], rec["ns_per_neuron_step"],
                          rec.get("threads", 1)))
    if not points and not numba:
        return None
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    labelled = set()
    for kernel, isa, lines, value, t in points:
        ax.scatter(lines, value, s=45, zorder=3, edgecolors=color_of(kernel), linewidths=1.5,
                   facecolors=color_of(kernel) if t == 1 else "none",
                   label=kernel if kernel not in labelled else None)
        labelled.add(kernel)
        text = (f"{kernel} {isa}" if isa not in (None, "none") else kernel) + \
            (f" {t}T" if t > 1 else "")
        ax.annotate(text, (lines, value), textcoords="offset points", xytext=(6, -3),
                    fontsize=7)
    for variant, lines, value, t in numba:
        ax.scatter(lines, value, marker="^", s=55, zorder=3, color="C9",
                   label="Numba (peer)" if "numba" not in labelled else None)
        labelled.add("numba")
        ax.annotate(f"Numba {variant}" + (f" {t}T" if t > 1 else ""), (lines, value),
                    textcoords="offset points", xytext=(6, -3), fontsize=7)
    floor = data.floor_seconds("f64", n, 1, data.best_isa)
    if floor:
        ax.axhline(floor * 1e9 / (n * data.steps), color="k", ls="--", lw=1,
                   label=f"philox floor f64 ({data.best_isa}, 1T)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.margins(x=0.2)
    ax.set_xlabel("lines of kernel code, borrowed kernels' included (non-blank, "
                  "non-comment; rule in the text)")
    ax.set_ylabel("ns per neuron-step (lower is better)")
    ax.set_title(f"speed against lines of code, n={n:,}, f64, fused input", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    return save(fig, data.dir, "fig_approaches.png")


def randomness_figure(data):
    """Stacked bars per stream, precision and ISA: the stream's floor and the rest of the
    run (one thread, the cost-of-randomness kernel, at the n of its table); fused and
    materialized streams in panels of their own scale."""
    n, rows = data.randomness_rows()
    rows = [r for r in rows if finite(r["run_ns"])]
    if not rows:
        return None
    panels = [(title, [r for r in rows if r["materialized"] == materialized])
              for title, materialized in (("fused (counter-based) streams", False),
                                          ("materialized streams: drawing + kernel", True))]
    panels = [(title, rs) for title, rs in panels if rs]
    fig, axes = plt.subplots(1, len(panels), squeeze=False, figsize=(
        max(6.0, 0.6 * len(rows) + 2.5), 4.4), gridspec_kw={
            "width_ratios": [len(rs) + 1 for _, rs in panels]})
    for ax, (title, rs) in zip(axes[0], panels):
        x = np.arange(len(rs))
        floors = [r["floor_ns"] if finite(r["floor_ns"]) else 0.0 for r in rs]
        rest = [r["run_ns"] - f for r, f in zip(rs, floors)]
        colors = [f"C{data.streams.index(r['stream']) % 10}" for r in rs]
        ax.bar(x, floors, 0.7, color=colors, edgecolor="k", lw=0.5)
        ax.bar(x, rest, 0.7, bottom=floors, color=colors, alpha=0.35, edgecolor="k", lw=0.5)
        for xi, r in zip(x, rs):
            text = f"{100 * r['share']:.0f}%" if finite(r["share"]) else "no floor"
            ax.text(xi, r["run_ns"], text, ha="center", va="bottom", fontsize=7)
        ax.set_xticks(x)
        ax.set_xticklabels([f"{r['stream']}\n{r['precision']}\n{r['isa']}" for r in rs],
                           fontsize=7)
        ax.set_title(title, fontsize=9)
        ax.grid(True, axis="y", alpha=0.3)
    axes[0][0].set_ylabel("ns per neuron-step (lower is better)")
    fig.suptitle(f"Cost of randomness, {data.rng_kernel()}, n={n:,}, 1 thread (dark: the "
                 "stream's numbers alone; label: their share of the run)", fontsize=9)
    return save(fig, data.dir, "fig_randomness.png")


def all_figures(data):
    """{key: file name} of every figure the run's data allows."""
    makers = {"throughput": throughput_vs_n, "scaling": openmp_scaling, "isa": isa_comparison,
              "roofline": roofline, "randomness": randomness_figure,
              "approaches": approaches_figure, "scale": scale_figure,
              "seed_histograms": seed_histograms,
              "seed_plot_all": seed_plot_all, "seed_tref": seed_tref}
    out = {}
    for key, make in makers.items():
        name = make(data)
        if name:
            out[key] = name
    return out


def finite(x):
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)
