"""Benchmarks: our app against the naive build and an empty page (see bench/README.md)."""
