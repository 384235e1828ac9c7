"""Password hashes for the offline login: Argon2id (argon2-cffi), memory-hard so a stolen laptop's database does not
give the passwords away cheaply.

Parameters (:data:`DEFAULT_PARAMETERS`) are RFC 9106's second recommended option, the "low-memory" profile:
Argon2id, 3 passes over 64 MiB, 4 lanes, 16-byte random salt, 32-byte tag. On the reference laptop (2 cores) one
hash or one check takes about 0.17 s — slow for a guesser, unnoticeable at a login. The parameters are stored in
each hash (PHC string format, ``$argon2id$v=19$m=65536,t=3,p=4$salt$tag``), so raising them later only needs
:func:`needs_rehash` at the next successful login.

Passwords are normalised to Unicode NFC before hashing (RFC 8265's OpaqueString profile), so the same characters
typed through different input methods match, and encoded as UTF-8 with lone surrogates kept, so every Python
string has a hash.

:func:`verify_password` never raises: a damaged hash, another algorithm or parameters beyond sane limits (a hash
edited to demand gigabytes of memory) simply do not verify.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

import argon2
from argon2.exceptions import InvalidHashError, VerificationError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Argon2Parameters:
    """Cost parameters of Argon2id. ``memory_cost`` is in KiB."""

    time_cost: int = 3
    memory_cost: int = 64 * 1024
    parallelism: int = 4
    hash_len: int = 32
    salt_len: int = 16

    def hasher(self) -> argon2.PasswordHasher:
        """An argon2-cffi hasher with these parameters."""
        return argon2.PasswordHasher(
            time_cost=self.time_cost,
            memory_cost=self.memory_cost,
            parallelism=self.parallelism,
            hash_len=self.hash_len,
            salt_len=self.salt_len,
            type=argon2.Type.ID,
        )


#: RFC 9106 low-memory profile: t=3, m=64 MiB, p=4.
DEFAULT_PARAMETERS = Argon2Parameters()

# Hashes asking for more than this are refused before any work: a tampered hash must not exhaust the laptop.
MAX_MEMORY_COST_KIB = 1024 * 1024
MAX_TIME_COST = 20
MAX_PARALLELISM = 16


def hash_password(password: str, parameters: Argon2Parameters = DEFAULT_PARAMETERS) -> str:
    """The Argon2id hash of ``password`` (PHC string, with a fresh random salt)."""
    return parameters.hasher().hash(_password_bytes(password))


def verify_password(password: str, password_hash: str) -> bool:
    """Whether ``password`` matches ``password_hash``.

    The comparison of the computed tag is constant-time (libargon2). Never raises: a hash that is damaged, not
    Argon2id, or demands more than :data:`MAX_MEMORY_COST_KIB` / :data:`MAX_TIME_COST` / :data:`MAX_PARALLELISM`
    gives ``False``.
    """
    parameters = _parameters_of(password_hash)
    if parameters is None:
        return False
    try:
        # The hasher's own parameters do not matter for checking: verify() reads them from the hash.
        return DEFAULT_PARAMETERS.hasher().verify(password_hash, _password_bytes(password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str, parameters: Argon2Parameters = DEFAULT_PARAMETERS) -> bool:
    """Whether ``password_hash`` was made with other parameters than ``parameters`` (or is not a valid hash)."""
    if _parameters_of(password_hash) is None:
        return True
    try:
        return parameters.hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def _password_bytes(password: str) -> bytes:
    return unicodedata.normalize("NFC", password).encode("utf-8", "surrogatepass")


def _parameters_of(password_hash: str) -> argon2.Parameters | None:
    """The parameters of an acceptable Argon2id hash, or ``None``."""
    try:
        parameters = argon2.extract_parameters(password_hash)
    except (InvalidHashError, ValueError):
        return None
    if parameters.type is not argon2.Type.ID:
        return None
    if (
        parameters.memory_cost > MAX_MEMORY_COST_KIB
        or parameters.time_cost > MAX_TIME_COST
        or parameters.parallelism > MAX_PARALLELISM
    ):
        logger.warning("refused a password hash with excessive parameters: %s", parameters)
        return None
    return parameters
