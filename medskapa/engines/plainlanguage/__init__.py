"""Plain-language measures for Swedish text (klarspråk). No Django, no project imports."""

from .lix import lix, lix_level

__all__ = ["lix", "lix_level"]
