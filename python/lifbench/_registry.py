"""lifbench.kernels() and lifbench.verify()."""

from . import _core


def kernels():
    """The implementations lifbench has, in the registry's order: a list of dicts with
    name, description, supported (runs on this CPU), isas (what isa= accepts here),
    threads (honours threads=) and f32 (has an f32 form)."""
    return _core.kernels()


def verify(quick=False):
    """Runs every kernel x ISA x threads x precision x stream against the reference kernel,
    as `lifbench verify [--quick]` does, and returns its table: one dict per configuration
    with kernel, isa, threads, precision, rng, case ("grid" or the kernel path it covers),
    cases, result (the table's text) and
    identical (bool). Takes seconds (quick) to minutes; it cannot be interrupted."""
    if not isinstance(quick, bool):
        raise TypeError(f"quick must be a bool, got {type(quick).__name__}")
    mismatches, text = _core.verify(quick)
    lines = text.splitlines()
    rows = []
    for line in lines[1:-1]:  # between the header and the closing line
        kernel, isa, threads, precision, rng, case, cases, result = line.split(None, 7)
        rows.append({"kernel": kernel, "isa": isa, "threads": int(threads),
                     "precision": precision, "rng": rng, "case": case, "cases": int(cases),
                     "result": result, "identical": result == "identical"})
    if sum(not row["identical"] for row in rows) != mismatches:
        raise RuntimeError("lifbench.verify: could not read the verify table:\n" + text)
    return rows
