"""lifbench.kernels() and lifbench.verify() against the command line."""

import subprocess

import lifbench


def test_kernels_are_the_command_lines(cli, tmp_path):
    status, err, _ = cli(["--kernel", "?"], tmp_path)
    known = err.split("(known: ")[1].rstrip(")").split(", ")
    kernels = lifbench.kernels()
    assert [k["name"] for k in kernels] == known
    for k in kernels:
        assert set(k) == {"name", "description", "supported", "isas", "threads", "f32"}
        assert k["description"] and k["isas"][0] == "auto"
        if not k["supported"]:
            continue
        for isa in k["isas"]:  # every ISA listed is accepted
            lifbench.simulate(kernel=k["name"], isa=isa, neurons=3, record="stats")
        lifbench.simulate(kernel=k["name"], neurons=3, threads=2 if k["threads"] else 1)
        if k["f32"]:
            lifbench.simulate(kernel=k["name"], neurons=3, precision="f32")


def test_verify_is_the_command_lines_table(cli_binary):
    text = subprocess.run([str(cli_binary), "verify", "--quick"], capture_output=True, text=True,
                          check=True).stdout.splitlines()
    rows = lifbench.verify(quick=True)
    assert len(rows) == len(text) - 2 > 0
    for row, line in zip(rows, text[1:-1]):
        assert line.split()[:7] == [row["kernel"], row["isa"], str(row["threads"]),
                                    row["precision"], row["rng"], row["case"], str(row["cases"])]
        assert row["identical"] and row["result"] == "identical"
    names = {k["name"] for k in lifbench.kernels() if k["supported"]} - {"reference"}
    assert {row["kernel"] for row in rows} == names
