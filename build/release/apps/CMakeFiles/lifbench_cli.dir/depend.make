# Empty dependencies file for lifbench_cli.
# This may be replaced when dependencies are built.
