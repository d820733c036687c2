"""The permission matrix's objects, shared by the tests that walk it (reads and writes)."""

from tests.access.test_matrix import objects

__all__ = ["objects"]
