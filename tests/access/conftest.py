"""The permission matrix's objects, for every test of the layer (``test_writes`` walks them)."""

from tests.access.test_matrix import objects  # noqa: F401  (a fixture)
