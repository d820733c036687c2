"""Helpers for ``benchmarks/checkin_load.py``: an HTTP/1.1 load generator, CPU accounting."""
