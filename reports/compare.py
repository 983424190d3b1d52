#!/usr/bin/python3
"""Regression mode: compares two benchmark runs, benchmark by benchmark.

Usage: /usr/bin/python3 reports/compare.py BASE NEW [--threshold 5] [--alpha 0.05]
       (make compare BASE=<run> NEW=<run> [THRESHOLD=5])

BASE and NEW are run directories (reports/runs/<run>, reports/example) or bench.json files.
For every benchmark in both, the repetitions' real times are compared with a two-sided
Mann-Whitney U test (scipy.stats.mannwhitneyu); the change is the ratio of medians. A change
is significant when p < alpha; a significant slowdown larger than THRESHOLD percent makes the
exit status 1. Benchmarks with fewer than 2 repetitions on a side can't be tested and are
listed as such (run the benchmarks with --benchmark_repetitions=5: with 3 against 3 the
smallest possible two-sided p is 0.1).
"""

import argparse
import math
import os
import sys

from scipy.stats import mannwhitneyu

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchdata  # noqa: E402


def resolve(path):
    """A run given by directory, bench.json, or name under reports/runs."""
    if os.path.exists(path):
        return path
    candidate = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runs", path)
    if os.path.exists(candidate):
        return candidate
    raise SystemExit(f"compare: no run at '{path}'")


def compare(base, new, alpha, threshold):
    """Rows (name, base median, new median, change, p, verdict) for benchmarks in both."""
    rows = []
    for name in sorted(set(base) & set(new)):
        b, n = base[name], new[name]
        if not (b.ok and n.ok):
            rows.append((name, b.median_s, n.median_s, math.nan, math.nan, "error"))
            continue
        change = n.median_s / b.median_s - 1.0
        if len(b.seconds) < 2 or len(n.seconds) < 2:
            rows.append((name, b.median_s, n.median_s, change, math.nan, "untested"))
            continue
        p = float(mannwhitneyu(b.seconds, n.seconds, alternative="two-sided").pvalue)
        verdict = "same"
        if p < alpha:
            verdict = "slower" if change > 0 else "faster"
            if change > threshold / 100.0:
                verdict = "REGRESSION"
        rows.append((name, b.median_s, n.median_s, change, p, verdict))
    return rows


def min_p_value(rows, base, new):
    """Smallest two-sided Mann-Whitney p reachable with the runs' repetition counts."""
    sizes = [(len(base[r[0]].seconds), len(new[r[0]].seconds)) for r in rows
             if r[5] not in ("error", "untested")]
    if not sizes:
        return None
    n1, n2 = max(sizes, key=lambda s: math.comb(s[0] + s[1], s[0]))
    return min(1.0, 2.0 / math.comb(n1 + n2, n1))


def format_time(seconds):
    if not math.isfinite(seconds):
        return "-"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("base")
    ap.add_argument("new")
    ap.add_argument("--threshold", type=float, default=5.0,
                    help="percent slowdown that fails (default 5)")
    ap.add_argument("--alpha", type=float, default=0.05, help="significance level")
    ap.add_argument("--all", action="store_true", help="print every benchmark, not only changes")
    args = ap.parse_args(argv)

    _, base = benchdata.load(resolve(args.base))
    _, new = benchdata.load(resolve(args.new))
    rows = compare(base, new, args.alpha, args.threshold)
    if not rows:
        print("compare: the two runs have no benchmark in common")
        return 2
    width = max(len(r[0]) for r in rows)
    print(f"{'benchmark':<{width}}  {'base':>10}  {'new':>10}  {'change':>8}  {'p':>7}  verdict")
    shown = 0
    for name, b, n, change, p, verdict in rows:
        if args.all or verdict not in ("same",):
            change_text = f"{change * 100:+.1f}%" if math.isfinite(change) else "-"
            p_text = f"{p:.4f}" if math.isfinite(p) else "-"
            print(f"{name:<{width}}  {format_time(b):>10}  {format_time(n):>10}  "
                  f"{change_text:>8}  {p_text:>7}  {verdict}")
            shown += 1
    counts = {}
    for row in rows:
        counts[row[5]] = counts.get(row[5], 0) + 1
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    only = set(base) ^ set(new)
    print(f"compare: {len(rows)} benchmarks in both ({summary}); {len(only)} in only one run; "
          f"alpha {args.alpha}, threshold {args.threshold:g}%")
    if counts.get("untested"):
        print("compare: some benchmarks have fewer than 2 repetitions and were not tested; "
              "use --benchmark_repetitions=5 (REPETITIONS=5)")
    smallest = min_p_value(rows, base, new)
    if smallest is not None and smallest >= args.alpha:
        print(f"compare: WARNING: with these repetitions the smallest possible p is "
              f"{smallest:.3f} >= alpha {args.alpha}: no change can be significant; "
              "use 5 repetitions per run (REPETITIONS=5)")
    regressions = counts.get("REGRESSION", 0)
    if regressions:
        print(f"compare: FAIL: {regressions} significant slowdown(s) beyond "
              f"{args.threshold:g}%")
        return 1
    print("compare: OK: no significant slowdown beyond the threshold")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
