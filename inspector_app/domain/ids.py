"""Record identifiers: UUIDv7 (RFC 9562), time-ordered so that records sort by creation.

Layout (128 bits): 48-bit Unix time in milliseconds, version 7, 12 bits ``rand_a``, variant ``10``,
62 bits ``rand_b``. We use RFC 9562 section 6.2 method 1: a 42-bit counter fills ``rand_a`` and the top
30 bits of ``rand_b``; the last 32 bits are fresh random bits. The counter starts at a random value with its
top bit clear each new millisecond and goes up by one within the same millisecond, so ids made in one
process are strictly increasing. If the clock steps back, the last timestamp is kept; if the counter would
overflow, the timestamp moves one millisecond ahead (both allowed by the RFC).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable

logger = logging.getLogger(__name__)

_COUNTER_BITS = 42
_COUNTER_LIMIT = 1 << _COUNTER_BITS
_RANDOM_TAIL_BITS = 32
_TIMESTAMP_MASK = (1 << 48) - 1


class Uuid7Generator:
    """Thread-safe source of monotonic UUIDv7 strings; the clock and randomness can be replaced in tests."""

    def __init__(
        self,
        clock_ns: Callable[[], int] = time.time_ns,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self._clock_ns = clock_ns
        self._random_bytes = random_bytes
        self._lock = threading.Lock()
        self._last_ms = -1
        self._counter = 0

    def _fresh_counter(self) -> int:
        # Top bit clear leaves at least 2**41 increments before the counter can overflow.
        return int.from_bytes(self._random_bytes(6), "big") & ((1 << (_COUNTER_BITS - 1)) - 1)

    def new(self) -> uuid.UUID:
        """The next UUIDv7, greater than every one this generator made before."""
        with self._lock:
            now_ms = self._clock_ns() // 1_000_000
            if now_ms > self._last_ms:
                self._last_ms = now_ms
                self._counter = self._fresh_counter()
            else:
                self._counter += 1
                if self._counter >= _COUNTER_LIMIT:
                    logger.debug("UUIDv7 counter overflow; advancing the timestamp by 1 ms")
                    self._last_ms += 1
                    self._counter = self._fresh_counter()
            timestamp = self._last_ms & _TIMESTAMP_MASK
            counter = self._counter
        tail = int.from_bytes(self._random_bytes(4), "big")
        rand_a = counter >> (_COUNTER_BITS - 12)
        rand_b = ((counter & ((1 << (_COUNTER_BITS - 12)) - 1)) << _RANDOM_TAIL_BITS) | tail
        value = (timestamp << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
        return uuid.UUID(int=value)


_default_generator = Uuid7Generator()


def new_uuid7() -> str:
    """A new UUIDv7 in its canonical lower-case 36-character form; increasing within this process."""
    return str(_default_generator.new())


def uuid7_datetime(value: str | uuid.UUID) -> dt.datetime:
    """The creation time (UTC, millisecond precision) carried by a UUIDv7.

    Raises ``ValueError`` if ``value`` is not a UUID of version 7.
    """
    parsed = value if isinstance(value, uuid.UUID) else uuid.UUID(value)
    if parsed.version != 7:
        raise ValueError(f"not a UUIDv7: {value}")
    milliseconds = parsed.int >> 80
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(milliseconds=milliseconds)
