"""Rendered parts of pages kept in Django's cache under everything they depend on.

The heavy parts of the busiest pages (the cruscotto's tree and deviations, the list of "my
indicators") are the same between two changes of a cycle's data, and every change bumps the
cycle's ``data_version``. A key made of that version, the viewer's scope, the query and the
language therefore never serves a stale part: no invalidation is needed, old entries age out.
The cache is Django's (``CACHES``): per process by default, shared if the deployment sets one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.utils import translation

FRAGMENT_TIMEOUT = 60 * 60 * 24
"""Seconds an unused part stays: a day (a new data version makes new keys anyway)."""


def fragment_key(name: str, parts: Iterable[object]) -> str:
    """A cache key for the part ``name`` rendered from ``parts`` in the active language."""
    text = repr((name, translation.get_language(), *parts))
    return f"performa:fragment:{name}:{hashlib.sha256(text.encode()).hexdigest()}"


def cached_fragment[T](name: str, parts: Iterable[object], build: Callable[[], T]) -> T:
    """The cached value of ``build()`` for ``name`` and ``parts``; built and stored on a miss.

    ``parts`` must hold everything the value depends on (usually the cycle's primary key and
    ``data_version``, the period, the filters and, for per-user parts, ``Actor.scope_key``),
    and ``build`` must not depend on anything else of the request (no CSRF token, no messages).
    """
    key = fragment_key(name, parts)
    value: T | None = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_TIMEOUT)
    return value
