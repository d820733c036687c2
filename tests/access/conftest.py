"""The permission matrix's objects, for every test here that walks the matrix (test_writes)."""

from tests.access.test_matrix import objects  # noqa: F401  (a fixture, shared)
