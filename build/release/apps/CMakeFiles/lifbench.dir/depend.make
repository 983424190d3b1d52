# Empty dependencies file for lifbench.
# This may be replaced when dependencies are built.
