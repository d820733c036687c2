"""Plain-Python engines (patterns, plain language): they import nothing of Django or the project."""
