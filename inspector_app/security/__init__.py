"""Device keys, password hashing, signing and verification (no GUI, no database).

- :mod:`~inspector_app.security.device_keys` — :class:`DeviceKeys`, this workstation's Ed25519 key pair, created on
  first start in ``<data dir>/keys`` with owner-only permissions.
- :mod:`~inspector_app.security.signing` — :func:`verify_signature`, :func:`key_id_for` and the ``.pub`` public key
  files that move a key between workstations.
- :mod:`~inspector_app.security.passwords` — Argon2id password hashes (:func:`hash_password`,
  :func:`verify_password`, :func:`needs_rehash`).
"""
