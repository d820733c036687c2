"""Django's own Redis and database caches, counting gets, hits and misses in django-prometheus's
cache metrics (its shipped Redis backend wraps django-redis, which this project does not use)."""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.db import DatabaseCache as DjangoDatabaseCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)

_MISSING = object()


class _CountingGets:
    metrics_label = ""

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        django_cache_get_total.labels(backend=self.metrics_label).inc()
        value = super().get(key, _MISSING, version)  # type: ignore[misc]
        if value is _MISSING:
            django_cache_misses_total.labels(backend=self.metrics_label).inc()
            return default
        django_cache_hits_total.labels(backend=self.metrics_label).inc()
        return value


class RedisCache(_CountingGets, DjangoRedisCache):
    metrics_label = "redis"


class DatabaseCache(_CountingGets, DjangoDatabaseCache):
    metrics_label = "db"
