# Empty dependencies file for lifbench_tests.
# This may be replaced when dependencies are built.
