"""Ed25519 verification of record batches, spread over threads.

Checking a record's signature is the largest cost of storing it. ``cryptography`` holds the GIL while it verifies,
so a thousand signatures would queue on one core; libsodium (through PyNaCl's cffi binding, which releases the GIL
during the call) verifies faster and in parallel. Batches of at least :data:`PARALLEL_THRESHOLD` signatures are
split over a small thread pool; smaller ones are checked in the calling thread. The pool holds no state, so it
changes nothing for several HQ processes on one database.

libsodium is the stricter verifier (it refuses non-canonical encodings and small-order keys that some libraries
accept); signatures made by ``cryptography``'s Ed25519, as the workstations make them, verify in both.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import nacl.bindings
import nacl.exceptions

logger = logging.getLogger(__name__)

PARALLEL_THRESHOLD = 200
MAX_WORKERS = 4
_KEY_BYTES = 32
_SIGNATURE_BYTES = 64

#: One check: (raw public key, signature, message).
SignatureCheck = tuple[bytes, bytes, bytes]


def verify_one(public_key_raw: bytes, signature: bytes, message: bytes) -> bool:
    """Whether ``signature`` is ``public_key_raw``'s Ed25519 signature of ``message``; never raises."""
    if len(public_key_raw) != _KEY_BYTES or len(signature) != _SIGNATURE_BYTES:
        return False
    try:
        nacl.bindings.crypto_sign_open(signature + message, public_key_raw)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, nacl.exceptions.TypeError):
        return False
    return True


def verify_many(checks: Sequence[SignatureCheck]) -> list[bool]:
    """Whether each signature is valid, in order."""
    return [verify_one(key, signature, message) for key, signature, message in checks]


class SignaturePool:
    """Verifies batches of signatures, on several threads when the batch is large and the machine has cores."""

    def __init__(self, workers: int | None = None) -> None:
        available = os.cpu_count() or 1
        self._workers = max(1, min(workers if workers is not None else available, MAX_WORKERS))
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def verify(self, checks: Sequence[SignatureCheck]) -> list[bool]:
        """Whether each of ``checks`` holds, in order."""
        if self._workers < 2 or len(checks) < PARALLEL_THRESHOLD:
            return verify_many(checks)
        size = -(-len(checks) // self._workers)
        slices = [checks[start : start + size] for start in range(0, len(checks), size)]
        results: list[bool] = []
        for part in self._pool().map(verify_many, slices):
            results.extend(part)
        return results

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="hq-verify")
            return self._executor

    def close(self) -> None:
        """Stop the threads (a later batch starts them again)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
