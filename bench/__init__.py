"""Proof at scale: ``python -m bench`` seeds PostgreSQL and measures Alur against its targets.

Beside the package, never installed with it; ``bench/results/`` (gitignored) keeps the last table.
"""
