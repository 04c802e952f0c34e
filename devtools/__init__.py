"""Development helpers shared by tests and benchmarks (not part of the bilingue package)."""
