# Empty dependencies file for lifbench_core.
# This may be replaced when dependencies are built.
