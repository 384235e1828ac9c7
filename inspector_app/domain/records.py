"""Field records: canonical serialisation and content hashes (DESIGN.md §3).

A field record is hashed over a canonical JSON form — keys sorted, no insignificant whitespace, UTF-8, dates
and instants in ISO 8601 — so that the same content always gives the same SHA-256, on any device and at HQ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any


def _default(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"not serialisable in a record: {type(value).__name__}")


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    """The canonical UTF-8 JSON bytes of ``payload``."""
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default, allow_nan=False
    ).encode("utf-8")


def content_hash(payload: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of the canonical form of ``payload``."""
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def record_signing_message(content_hash: str) -> bytes:
    """The bytes a device signs for a record: the 64 ASCII hex characters of its content hash.

    Workstation and HQ both use this one definition, so a seal made on a device verifies at HQ.
    """
    return content_hash.encode("ascii")
