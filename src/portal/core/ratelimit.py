"""Per-client rate limits in Django's cache: a fixed window per (scope, key).

The cache is per process by default; with several processes set ``CACHE_URL`` (Redis) so that
they count together. A limit is given as "N/period" (``"10/h"``, ``"5/m"``, ``"100/d"``) or as a
bare number per hour; ``0`` switches the limit off.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int

    @classmethod
    def parse(cls, value: str | int) -> Rate:
        text = str(value).strip().lower()
        count, _, period = text.partition("/")
        limit = int(count)
        if limit < 0:
            raise ValueError(f"negative rate: {value!r}")
        seconds = PERIODS[period[:1]] if period else 3600
        return cls(limit=limit, seconds=seconds)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)

    @property
    def minutes(self) -> int:
        """Whole minutes to wait, at least one: what a person is told."""
        return max(1, -(-self.retry_after // 60))


def _key(scope: str, key: str, window: int) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]  # addresses, e-mails: never in clear in the cache
    return f"ratelimit:{scope}:{digest}:{window}"


def hit(scope: str, key: str | None, rate: str | int | Rate, *, now: float | None = None) -> Decision:
    """Count one request of ``key`` in ``scope``; refused once the window already holds the limit."""
    rate = rate if isinstance(rate, Rate) else Rate.parse(rate)
    if rate.limit == 0:
        return Decision(True, 0)
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    retry_after = int((window + 1) * rate.seconds - now) or 1
    cache_key = _key(scope, key or "-", window)
    cache.add(cache_key, 0, timeout=rate.seconds + 10)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=rate.seconds + 10)
        count = 1
    if count > rate.limit:
        return Decision(False, retry_after)
    return Decision(True, 0)
