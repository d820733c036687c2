"""The feedback API router, mounted by medskapa.api.api."""

from ninja import Router

router = Router(tags=["feedback"])
