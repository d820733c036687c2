"""Registries in core that domain apps fill from ``AppConfig.ready`` and read without importing
each other: who contributed behind a link target (``contributions``, walked by feedback) and
the sections other apps add to reports (``report_sections``). Plain Python or core models
only, so any domain app can be left out of ``INSTALLED_APPS`` and the others still run."""
