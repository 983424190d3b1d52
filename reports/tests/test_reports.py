#!/usr/bin/python3
"""Smoke and logic tests of the benchmark pipeline (run by ctest as `reports_pipeline`).

  - lifbench_bench at a tiny size: every registered kernel is benchmarked, none is skipped on
    a mismatch, and kernels that must be bit-identical count the same spikes;
  - compare.py: a significant slowdown beyond the threshold exits 1, within it exits 0, and too
    few repetitions are never called significant;
  - render.py: a report with the kernel table and the figures comes out of that tiny run (and
    the scale section from a synthetic scale.json, a differing MPI run flagged; the "which
    approach" section from approaches.json and synthetic Numba records);
  - the Numba peer: the matrix and fused loops count the notebook's spikes on its own inputs
    (2907 and 3004), fused equals matrix and parallel agrees in distribution at a larger n,
    and run_peers' checks flag a disagreement;
  - approaches.py: the line-counting rule, the kernel's file set, borrowed kernels, and
    compiling a kernel's unit from compile_commands.json.

Usage: /usr/bin/python3 reports/tests/test_reports.py --bench PATH --lifbench PATH
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.dirname(HERE)
ROOT = os.path.dirname(REPORTS)
PEERS = os.path.join(ROOT, "bench", "peers")
sys.path.insert(0, REPORTS)
sys.path.insert(0, PEERS)
import approaches  # noqa: E402
import benchdata  # noqa: E402
import numba_peer  # noqa: E402
import run_peers  # noqa: E402

PYTHON = sys.executable
ARGS = None


def run_tiny_bench(out_dir):
    """lifbench_bench at n = 1000 and 3000, kernels and limits, JSON into out_dir."""
    path = os.path.join(out_dir, "bench.json")
    subprocess.run([ARGS.bench, "--lif_plan=quick", "--lif_sizes=1000,3000",
                    "--lif_triad_mib=8", "--benchmark_min_time=0.005",
                    "--benchmark_filter=^lif/|^limits/triad|^limits/philox/f64/isa:[a-z0-9]+/"
                    "threads:1/", f"--benchmark_out={path}", "--benchmark_out_format=json"],
                   check=True, stdout=subprocess.DEVNULL)
    return path


class TinyRun(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.bench_json = run_tiny_bench(cls.tmp.name)
        cls.context, cls.records = benchdata.load(cls.bench_json)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_every_registered_kernel_is_benchmarked(self):
        kernels = [k for k in self.context["lifbench_kernels"].split(",") if k != "reference"]
        self.assertTrue(kernels)
        measured = {r.params["kernel"] for r in self.records.values() if r.family == "lif"}
        self.assertEqual(set(kernels), measured)

    def test_no_benchmark_skipped_and_names_parse(self):
        lif = [r for r in self.records.values() if r.family == "lif"]
        self.assertTrue(lif)
        for r in lif:
            self.assertIsNone(r.error, r.name)
            for key in ("kernel", "precision", "rng", "isa", "threads", "n"):
                self.assertIn(key, r.params, r.name)
            self.assertIn(f"kernel={r.params['kernel']}", r.label)
            self.assertGreater(r.ns_per_neuron_step, 0)

    def test_identical_kernels_count_identical_spikes(self):
        spikes = {}
        for r in self.records.values():
            if r.family == "lif":
                key = (r.params["precision"], r.params["rng"], r.params["n"])
                spikes.setdefault(key, set()).add(int(r.counter("spikes")))
        self.assertTrue(spikes)
        for key, values in spikes.items():
            self.assertEqual(len(values), 1, f"{key}: {values}")
            self.assertGreater(next(iter(values)), 0, key)

    def test_limits_measured(self):
        triad = [r for r in self.records.values() if r.family == "triad"]
        self.assertTrue(triad)
        self.assertGreater(triad[0].counter("bytes_per_second"), 1e8)

    def test_compile_time_of_the_smallest_kernel(self):
        build = os.path.dirname(os.path.dirname(os.path.abspath(ARGS.bench)))
        entries = approaches.compile_entries(build)
        if not entries:
            self.skipTest(f"no compile_commands.json in {build}")
        kernels = [k for k in self.context["lifbench_kernels"].split(",")
                   if approaches.kernel_files(ROOT, k)]
        self.assertTrue(kernels)
        sized = approaches.measure(ROOT, "", kernels, do_compile=False)["kernels"]
        kernel = min(kernels, key=lambda k: sized[k]["lines"])
        rec = approaches.measure_kernel(ROOT, kernel, entries, True)
        self.assertIsNotNone(rec["compile_seconds"], rec.get("compile_note"))
        self.assertGreater(rec["compile_seconds"], 0)
        self.assertEqual(len(rec["units"]), len([f for f in rec["files"] if f.endswith(".cpp")]))

    def test_render(self):
        run_dir = os.path.join(self.tmp.name, "run")
        os.makedirs(run_dir, exist_ok=True)
        os.replace(self.bench_json, os.path.join(run_dir, "bench.json"))
        write_synthetic_scale(run_dir)
        kernels = [k for k in self.context["lifbench_kernels"].split(",") if k != "reference"]
        with open(os.path.join(run_dir, "approaches.json"), "w", encoding="utf-8") as f:
            json.dump(approaches.measure(ROOT, "", kernels, do_compile=False), f)
        write_synthetic_numba(run_dir, 3000)
        try:
            subprocess.run([PYTHON, os.path.join(REPORTS, "render.py"), run_dir], check=True,
                           stdout=subprocess.DEVNULL)
            with open(os.path.join(run_dir, "report.md"), encoding="utf-8") as f:
                text = f.read()
            self.assertIn("### Kernels at n = 3,000", text)
            self.assertIn("xsimd f64 philox", text)
            self.assertTrue(os.path.exists(os.path.join(run_dir, "fig_throughput.png")))
            self.assertIn("### Streaming (stats only)", text)
            self.assertIn("### MPI ranks x threads", text)
            self.assertIn("**NO** (total_spikes)", text)  # the differing run is flagged
            self.assertTrue(os.path.exists(os.path.join(run_dir, "fig_scale.png")))
            self.assertIn("## Which approach?", text)
            self.assertIn("Lines of code: the kernel's own files", text)
            self.assertIn("| Numba fused (peer) |", text)
            self.assertIn("### Numba against lifbench's scalar loop", text)
            self.assertIn("| 3,000 | parallel | matrix |", text)
            self.assertTrue(os.path.exists(os.path.join(run_dir, "fig_approaches.png")))
            for internal in ("done criterion", "criterion met", "the issue"):
                self.assertNotIn(internal, text.lower())
            with open(os.path.join(run_dir, "report.html"), encoding="utf-8") as f:
                self.assertIn("<table>", f.read())
        finally:
            os.replace(os.path.join(run_dir, "bench.json"), self.bench_json)


def write_synthetic_scale(run_dir):
    """A scale.json as reports/scale.py writes it, one MPI run differing from one process."""
    def run(threads, wall, **extra):
        return dict({"threads": threads, "wall_seconds": wall, "elapsed_seconds": wall + 0.5,
                     "neurons": 10**6, "steps": 150, "total_spikes": 5828574,
                     "kernel": "openmp", "precision": "f64", "isa": "avx512",
                     "neuron_steps_per_s": 1.5e8 / wall, "peak_rss_kb": 60000}, **extra)
    scale = {"streaming": {"neurons": 10**6, "command": "simulate ...", "identical": True,
                           "runs": [run(1, 0.2), run(2, 0.1)]},
             "mpi": {"available": True, "neurons": 10**6, "command": "mpirun ...",
                     "mpirun": "mpirun 4.1.4", "single": run(1, 0.2), "all_identical": False,
                     "runs": [run(t, 0.2 / (r * t), ranks=r, identical=(r, t) != (2, 2),
                                  differs=[] if (r, t) != (2, 2) else ["total_spikes"])
                              for r in (1, 2) for t in (1, 2)]}}
    with open(os.path.join(run_dir, "scale.json"), "w", encoding="utf-8") as f:
        json.dump(scale, f)


def numba_record(variant, n, ns, spikes, mean, std=0.4):
    """A numba_peer.py record with the fields the report and the checks read."""
    rec = {"peer": "numba", "variant": variant, "n": n, "steps": 150, "threads":
           2 if variant == "parallel" else 1, "threading_layer": "omp", "compile_seconds": 0.4,
           "ns_per_neuron_step": ns, "total_spikes": spikes, "spikes_per_neuron_mean": mean,
           "spikes_per_neuron_std": std}
    if variant == "matrix":
        rec.update(input_ns_per_neuron_step=ns / 2, loop_ns_per_neuron_step=ns / 2)
    return rec


def write_synthetic_numba(run_dir, n):
    """A peers.json with Numba records at n and the checks run_peers.py derives from them."""
    records = [numba_record("matrix", n, 10.0, 17487, 5.829),
               numba_record("fused", n, 6.0, 17487, 5.829),
               numba_record("parallel", n, 3.3, 17480, 5.8267)]
    peers = {"numba": records, "numba_checks": run_peers.numba_checks(records, []),
             "numba_parity": {"cases": [{"variant": "matrix", "case": "Exercise 5",
                                         "notebook_spikes": 2907, "numba_spikes": 2907,
                                         "spikes_per_step_identical": True,
                                         "identical": True}]}}
    with open(os.path.join(run_dir, "peers.json"), "w", encoding="utf-8") as f:
        json.dump(peers, f)


class NumbaPeer(unittest.TestCase):
    """bench/peers/numba_peer.py against the notebook (JIT compiles take a second each)."""

    def peer(self, *args):
        out = subprocess.run([PYTHON, os.path.join(PEERS, "numba_peer.py"), *args],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])

    def test_parity_with_the_notebook(self):
        cases = {(c["variant"], c["notebook_spikes"]): c for c in self.peer("--parity")["cases"]}
        self.assertEqual(set(cases), {("matrix", 2907), ("matrix", 3004), ("fused", 2907)})
        for key, case in cases.items():
            self.assertEqual(case["numba_spikes"], key[1], case)
            self.assertTrue(case["spikes_per_step_identical"], case)

    def test_fused_exact_and_parallel_in_distribution(self):
        n = "20000"
        records = [self.peer("--variant", v, "--n", n, "--repeats", "1")
                   for v in ("matrix", "fused", "parallel")]
        for rec in records:
            self.assertEqual(rec["n"], 20000)
            self.assertGreater(rec["ns_per_neuron_step"], 0)
            self.assertGreater(rec["compile_seconds"], 0)
        checks = {c["variant"]: c for c in run_peers.numba_checks(records, [])}
        self.assertTrue(checks["fused"]["agree"], checks["fused"])
        self.assertEqual(checks["fused"]["how"], "exact")
        self.assertTrue(checks["parallel"]["agree"], checks["parallel"])
        self.assertLess(abs(checks["parallel"]["z"]), run_peers.Z_TOLERANCE)

    def test_checks_flag_disagreement(self):
        n = 100000
        records = [numba_record("matrix", n, 10, 582909, 5.82909),
                   numba_record("fused", n, 6, 582908, 5.82908),
                   numba_record("parallel", n, 3, 560000, 5.6)]
        numpy_peer = [{"n": n, "total_spikes": 582909}]
        checks = {c["variant"]: c for c in run_peers.numba_checks(records, numpy_peer)}
        self.assertTrue(checks["matrix"]["agree"])
        self.assertFalse(checks["fused"]["agree"])
        self.assertFalse(checks["parallel"]["agree"])
        self.assertGreater(abs(numba_peer.z_compare(records[2], records[0])), 4)


class Approaches(unittest.TestCase):
    def test_code_lines_skip_blank_and_comment_lines(self):
        text = ("// a comment\n\nint a = 1;  // trailing\n/* block\n still */ int b;\n"
                "/* one */\nconst char* s = \"// not a comment\";\n  \n}\n")
        self.assertEqual(approaches.code_lines(text), 4)

    def test_kernel_files_and_borrowed_kernels(self):
        with tempfile.TemporaryDirectory() as root:
            src = os.path.join(root, "kernels", "src")
            os.makedirs(os.path.join(src, "wide"))
            files = {"narrow.cpp": '#include "wide/dispatch.hpp"\nint x;\n',
                     "narrow_avx2.cpp": "int y;\n", "narrower.cpp": "int z;\n",
                     "wide/dispatch.hpp": "int w;\n// c\n", "wide/rng_floor.cpp": "int f;\n",
                     "wide/wide_sse2.cpp": "int s;\nint t;\n"}
            for name, text in files.items():
                with open(os.path.join(src, name), "w", encoding="utf-8") as f:
                    f.write(text)
            self.assertEqual(approaches.kernel_files(root, "narrow"),
                             ["kernels/src/narrow.cpp", "kernels/src/narrow_avx2.cpp"])
            self.assertEqual(approaches.kernel_files(root, "wide"),
                             ["kernels/src/wide/dispatch.hpp", "kernels/src/wide/wide_sse2.cpp"])
            data = approaches.measure(root, "", ["narrow", "wide", "absent"], do_compile=False)
            narrow = data["kernels"]["narrow"]
            self.assertEqual((narrow["lines"], narrow["borrows"]), (3, ["wide"]))
            self.assertEqual(narrow["lines_with_borrowed"], 6)
            self.assertIsNone(data["kernels"]["absent"]["lines"])

    def test_numba_functions_counted(self):
        data = approaches.measure(ROOT, "", [], do_compile=False)
        self.assertEqual(set(data["numba"]), set(numba_peer.VARIANTS))
        for rec in data["numba"].values():
            self.assertGreater(rec["lines"], 10, rec)



def synthetic_run(path, factors, repetitions=5, seed=1):
    """A bench.json with three benchmarks whose times are base * factor * (1 +- 1%)."""
    rng = random.Random(seed)
    entries = []
    for kernel, base in (("xsimd", 1.0), ("scalar", 5.0), ("mask", 3.0)):
        name = f"lif/{kernel}/f64/philox/isa:none/threads:1/n:1000/real_time"
        for i in range(repetitions):
            entries.append({"name": name, "run_name": name, "run_type": "iteration",
                            "repetitions": repetitions, "repetition_index": i,
                            "iterations": 10, "time_unit": "ms", "cpu_time": 1.0,
                            "real_time": base * factors.get(kernel, 1.0) *
                            (1 + rng.gauss(0, 0.01))})
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "bench.json"), "w", encoding="utf-8") as f:
        json.dump({"context": {}, "benchmarks": entries}, f)


STREAM_CONTEXT = {"lifbench_streams": "numpy,philox,ars",
                  "lifbench_stream_versions": "numpy:1,philox:2,ars:1",
                  "lifbench_counter_streams": "philox,ars", "lifbench_streams_here":
                  "numpy,philox,ars", "lifbench_kernels": "reference,scalar,xsimd",
                  "lifbench_isas": "avx2,sse2", "lifbench_isa_bits": "avx2:256,sse2:128",
                  "lifbench_best_isa": "avx2", "lifbench_default_kernel": "xsimd"}
# ns per neuron-step (f64) of the synthetic run: kernels and floors per stream and ISA.
STREAM_KERNEL_NS = {("numpy", "avx2"): 1.5, ("philox", "avx2"): 2.0, ("ars", "avx2"): 1.0,
                    ("numpy", "sse2"): 2.5, ("philox", "sse2"): 4.0, ("ars", "sse2"): 2.0}
STREAM_FLOOR_NS = {("philox", "avx2"): 1.0, ("ars", "avx2"): 0.25,
                   ("philox", "sse2"): 3.0, ("ars", "sse2"): 1.0}
NUMPY_DRAW_NS = 15.0


def stream_entry(name, ns, n):
    """A Google Benchmark iteration entry taking `ns` ns per neuron-step at n x 150."""
    return {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1,
            "repetition_index": 0, "iterations": 10, "time_unit": "ms", "cpu_time": 1.0,
            "real_time": ns * n * 150 / 1e6, "neurons": n, "steps": 150, "spikes": 582909}


def write_stream_run(path, streams=("numpy", "philox", "ars"), context=True, n=100000):
    """A run directory whose bench.json has xsimd and scalar with each stream (f64 and f32,
    f32 at half the f64 time), the counter-based streams' floors and the numpy drawing, and
    a peers.json with the seed's NumPy code at n."""
    entries = []
    for (stream, isa), kernel_ns in STREAM_KERNEL_NS.items():
        if stream not in streams:
            continue
        for precision, scale in (("f64", 1.0), ("f32", 0.5)):
            entries.append(stream_entry(f"lif/xsimd/{precision}/{stream}/isa:{isa}/threads:1/"
                                        f"n:{n}/real_time", kernel_ns * scale, n))
            if (stream, isa) in STREAM_FLOOR_NS:
                entries.append(stream_entry(f"limits/{stream}/{precision}/isa:{isa}/threads:1/"
                                            f"n:{n}/real_time",
                                            STREAM_FLOOR_NS[(stream, isa)] * scale, n))
    for precision in ("f64", "f32"):
        entries.append(stream_entry(f"lif/scalar/{precision}/philox/isa:none/threads:1/n:{n}/"
                                    "real_time", 8.0, n))
        if "numpy" in streams:
            entries.append(stream_entry(f"inputs/numpy/{precision}/n:{n // 10}/real_time",
                                        NUMPY_DRAW_NS, n // 10))
    ctx = dict(STREAM_CONTEXT) if context else {}
    if context:
        ctx["lifbench_streams_here"] = ",".join(streams)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, "bench.json"), "w", encoding="utf-8") as f:
        json.dump({"context": ctx, "benchmarks": entries}, f)
    with open(os.path.join(path, "peers.json"), "w", encoding="utf-8") as f:
        json.dump({"numpy": [{"n": n, "ns_per_neuron_step": 130.0, "total_spikes": 582909,
                              "input_ns_per_neuron_step": 100.0,
                              "update_ns_per_neuron_step": 30.0}]}, f)


def render_report(run_dir):
    subprocess.run([PYTHON, os.path.join(REPORTS, "render.py"), run_dir], check=True,
                   stdout=subprocess.DEVNULL)
    with open(os.path.join(run_dir, "report.md"), encoding="utf-8") as f:
        return f.read()


def randomness_table(text):
    """{(stream, precision, isa): row cells} of the report's cost-of-randomness table."""
    section = text.split("### Cost of randomness", 1)[1].split("\n### ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 8 and cells[0] != "stream":
            rows[(cells[0].split()[0], cells[2], cells[3])] = cells
    return rows


class CostOfRandomness(unittest.TestCase):
    """The report's cost-of-randomness table and figure, and the headline's stream."""

    def test_three_streams_in_table_order_with_floors_and_shares(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_stream_run(tmp)
            text = render_report(tmp)
            rows = randomness_table(text)
            self.assertEqual(len(rows), 12)  # 3 streams x 2 precisions x 2 ISAs
            order = [key[0] for key in rows]
            self.assertEqual(order, sorted(order, key=["numpy", "philox", "ars"].index))
            self.assertEqual(rows[("philox", "f64", "avx2")][0], "philox v2")
            self.assertEqual(rows[("ars", "f64", "avx2")][4:], ["0.25", "1", "1", "25%"])
            self.assertEqual(rows[("philox", "f64", "sse2")][4:], ["3", "4", "4", "75%"])
            self.assertEqual(rows[("ars", "f32", "avx2")][4:], ["0.125", "0.5", "0.5", "25%"])
            # numpy: drawing before the kernel, added to the run; measured at n / 10.
            numpy_row = rows[("numpy", "f64", "avx2")]
            self.assertEqual(numpy_row[1], "materialized")
            self.assertEqual(numpy_row[4], "15 (drawn at n = 1e4)")
            self.assertEqual(numpy_row[5:], ["1.5", "16.5", "91%"])
            self.assertTrue(os.path.exists(os.path.join(tmp, "fig_randomness.png")))
            self.assertIn("fig_randomness.png", text)
            # The headline uses the fastest stream (ars, 1 ns against philox's 2) and says so.
            self.assertIn("fused ars v1 stream, the fastest stream measured here", text)
            self.assertIn("| 1e5 | xsimd f64 ars avx2 1T | 1 | 130 | 130x |", text)
            self.assertIn("Fastest here: the ars stream (f32, avx2)", text)

    def test_run_without_ars_has_no_ars_row(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_stream_run(tmp, streams=("numpy", "philox"))
            text = render_report(tmp)
            rows = randomness_table(text)
            self.assertEqual({key[0] for key in rows}, {"numpy", "philox"})
            self.assertIn("fused philox v2 stream, the fastest stream measured here", text)

    def test_floor_missing_says_not_measured(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_stream_run(tmp)
            with open(os.path.join(tmp, "bench.json"), encoding="utf-8") as f:
                data = json.load(f)
            data["benchmarks"] = [e for e in data["benchmarks"]
                                  if not e["name"].startswith("limits/ars/f64/isa:sse2")]
            with open(os.path.join(tmp, "bench.json"), "w", encoding="utf-8") as f:
                json.dump(data, f)
            rows = randomness_table(render_report(tmp))
            self.assertEqual(rows[("ars", "f64", "sse2")][4], "not measured")
            self.assertEqual(rows[("ars", "f64", "sse2")][7], "-")

    def test_old_run_without_stream_context_renders(self):
        with tempfile.TemporaryDirectory() as tmp:
            write_stream_run(tmp, streams=("numpy", "philox"), context=False)
            rows = randomness_table(render_report(tmp))
            self.assertEqual({key[0] for key in rows}, {"numpy", "philox"})
            self.assertEqual(rows[("philox", "f64", "avx2")][0], "philox")  # no version
            self.assertEqual(rows[("philox", "f64", "avx2")][7], "50%")

    def test_published_example_renders_the_section(self):
        with tempfile.TemporaryDirectory() as tmp:
            run_dir = os.path.join(tmp, "example")
            os.makedirs(run_dir)
            for name in ("bench.json", "peers.json", "machine.json", "verify.txt"):
                src = os.path.join(REPORTS, "example", name)
                if os.path.exists(src):
                    with open(src, "rb") as f_in, \
                            open(os.path.join(run_dir, name), "wb") as f_out:
                        f_out.write(f_in.read())
            rows = randomness_table(render_report(run_dir))
            self.assertIn(("philox", "f64", "avx512"), rows)
            self.assertIn(("numpy", "f64", "avx512"), rows)
            self.assertNotIn("ars", {key[0] for key in rows})


class Compare(unittest.TestCase):
    def compare(self, base, new, *extra):
        return subprocess.run([PYTHON, os.path.join(REPORTS, "compare.py"), base, new, *extra],
                              capture_output=True, text=True)

    def test_slowdown_beyond_threshold_fails(self):
        with tempfile.TemporaryDirectory() as tmp:
            synthetic_run(os.path.join(tmp, "a"), {})
            synthetic_run(os.path.join(tmp, "b"), {"xsimd": 1.10, "mask": 0.9}, seed=2)
            out = self.compare(os.path.join(tmp, "a"), os.path.join(tmp, "b"))
            self.assertEqual(out.returncode, 1, out.stdout)
            self.assertIn("REGRESSION", out.stdout)
            self.assertIn("faster", out.stdout)
            out = self.compare(os.path.join(tmp, "a"), os.path.join(tmp, "b"), "--threshold", "15")
            self.assertEqual(out.returncode, 0, out.stdout)

    def test_same_runs_pass(self):
        with tempfile.TemporaryDirectory() as tmp:
            synthetic_run(os.path.join(tmp, "a"), {})
            synthetic_run(os.path.join(tmp, "b"), {}, seed=3)
            out = self.compare(os.path.join(tmp, "a"), os.path.join(tmp, "b"))
            self.assertEqual(out.returncode, 0, out.stdout)

    def test_three_repetitions_are_never_significant(self):
        with tempfile.TemporaryDirectory() as tmp:
            synthetic_run(os.path.join(tmp, "a"), {}, repetitions=3)
            synthetic_run(os.path.join(tmp, "b"), {"xsimd": 2.0}, repetitions=3, seed=2)
            out = self.compare(os.path.join(tmp, "a"), os.path.join(tmp, "b"))
            self.assertEqual(out.returncode, 0, out.stdout)
            self.assertIn("no change can be significant", out.stdout)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", required=True)
    ap.add_argument("--lifbench", required=True)
    ARGS, rest = ap.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
