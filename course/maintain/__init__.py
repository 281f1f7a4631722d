"""Maintainers' commands, run by the Makefile: not part of the build."""
