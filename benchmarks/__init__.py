"""Benchmarks: `make bench` runs every module listed in __main__ and writes docs/benchmarks.md."""
