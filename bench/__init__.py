"""Benchmarks: ``python -m bench [--quick]`` prints each figure beside its peer and budget."""
