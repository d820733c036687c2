from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operating the platform: health and readiness, metrics, structured logs, backups."""

    name = "medskapa.ops"
    label = "ops"

    def ready(self) -> None:
        from django.core.signals import request_started

        from .logs import clear_request_id
        from .metrics import connect_counters

        connect_counters()
        request_started.connect(clear_request_id, dispatch_uid="ops-clear-request-id")
