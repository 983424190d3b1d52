"""Reading a lifbench_bench Google Benchmark JSON file into per-benchmark records.

A record gathers the repetitions of one benchmark (run_type "iteration"; aggregates are
recomputed here from them) and the parameters its name encodes:
  lif/<kernel>/<precision>/<rng>/isa:<isa>/threads:<t>/n:<n>
  limits/triad/threads:<t>
  limits/<stream>/<precision>/isa:<isa>/threads:<t>/n:<n>   a counter-based stream's floor
  inputs/<stream>/<precision>/n:<n>                         drawing a materialized input
"""

import json
import os
import statistics

TIME_UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}
# Keys of a benchmark entry that are not user counters.
STANDARD_KEYS = {
    "name", "family_index", "per_family_instance_index", "run_name", "run_type",
    "repetitions", "repetition_index", "threads", "iterations", "real_time", "cpu_time",
    "time_unit", "label", "error_occurred", "error_message", "aggregate_name",
    "aggregate_unit"}


def parse_name(run_name):
    """(family, params) from a benchmark's run name."""
    parts = [p for p in run_name.split("/") if p not in ("real_time",)
             and not p.startswith(("min_time:", "repeats:", "iterations:"))]
    params = {}
    plain = []
    for part in parts:
        key, sep, value = part.partition(":")
        if sep:
            params[key] = int(value) if value.isdigit() else value
        else:
            plain.append(part)
    family = "other"
    if plain[:1] == ["lif"] and len(plain) >= 4:
        family = "lif"
        params.update(kernel=plain[1], precision=plain[2], rng=plain[3])
    elif plain[:2] == ["limits", "triad"]:
        family = "triad"
    elif plain[:1] == ["limits"] and len(plain) >= 3:
        family = "floor"
        params.update(rng=plain[1], precision=plain[2])
    elif plain[:1] == ["inputs"] and len(plain) >= 3:
        family = "inputs"
        params.update(rng=plain[1], precision=plain[2])
    params.setdefault("threads", 1)
    return family, params


class Record:
    """All repetitions of one benchmark."""

    def __init__(self, name, family, params):
        self.name = name
        self.family = family
        self.params = params
        self.seconds = []          # real time per iteration, one per repetition
        self.counters = {}         # counter name -> list, one per repetition
        self.error = None
        self.label = ""

    def add(self, entry):
        if entry.get("error_occurred"):
            self.error = entry.get("error_message") or "error"
            return
        unit = TIME_UNITS.get(entry.get("time_unit", "ns"), 1e-9)
        self.seconds.append(float(entry["real_time"]) * unit)
        self.label = entry.get("label", self.label)
        for key, value in entry.items():
            if key not in STANDARD_KEYS and isinstance(value, (int, float)):
                self.counters.setdefault(key, []).append(float(value))

    @property
    def ok(self):
        return self.error is None and bool(self.seconds)

    @property
    def median_s(self):
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def cv(self):
        """Coefficient of variation of the repetitions (None with fewer than 2)."""
        if len(self.seconds) < 2:
            return None
        mean = statistics.fmean(self.seconds)
        return statistics.stdev(self.seconds) / mean if mean > 0 else None

    def counter(self, name, default=None):
        values = self.counters.get(name)
        return statistics.median(values) if values else default

    @property
    def neuron_steps(self):
        n = self.params.get("n", self.counter("neurons", 0))
        return float(n) * float(self.counter("steps", 150))

    @property
    def ns_per_neuron_step(self):
        ns = self.neuron_steps
        return self.median_s * 1e9 / ns if ns > 0 and self.ok else float("nan")


def load(path):
    """(context dict, {run_name: Record}) from a bench.json file or a run directory."""
    if os.path.isdir(path):
        path = os.path.join(path, "bench.json")
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    records = {}
    for entry in data.get("benchmarks", []):
        if entry.get("run_type", "iteration") != "iteration":
            continue
        run_name = entry.get("run_name", entry["name"])
        if run_name not in records:
            family, params = parse_name(run_name)
            records[run_name] = Record(run_name, family, params)
        records[run_name].add(entry)
    return data.get("context", {}), records
