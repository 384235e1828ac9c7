"""Argon2id password hashes: the documented parameters, checks that never raise, and any string round-trips."""

from __future__ import annotations

import logging
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.security.passwords import (
    DEFAULT_PARAMETERS,
    Argon2Parameters,
    hash_password,
    needs_rehash,
    verify_password,
)

# Cheap parameters for the many examples hypothesis runs; the real ones are checked separately.
FAST = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)


def test_default_hash_is_argon2id_with_the_documented_parameters() -> None:
    password_hash = hash_password("correct horse")
    assert password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert (DEFAULT_PARAMETERS.time_cost, DEFAULT_PARAMETERS.memory_cost, DEFAULT_PARAMETERS.parallelism) == (
        3,
        65536,
        4,
    )
    assert verify_password("correct horse", password_hash)
    assert not verify_password("correct horsE", password_hash)
    assert not needs_rehash(password_hash)


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_password("same password", FAST), hash_password("same password", FAST)
    assert first != second
    assert verify_password("same password", first) and verify_password("same password", second)


def test_other_parameters_need_a_rehash() -> None:
    cheap = hash_password("password", FAST)
    assert needs_rehash(cheap)
    assert not needs_rehash(cheap, FAST)


@pytest.mark.parametrize(
    "bad_hash",
    [
        "",
        "plain text",
        "$argon2id$v=19$m=65536,t=3,p=4$",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",  # bcrypt
        "$argon2i$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ",  # argon2i, not id
    ],
    ids=["empty", "text", "no-salt", "no-tag", "bcrypt", "argon2i"],
)
def test_bad_hashes_do_not_verify_and_need_a_rehash(bad_hash: str) -> None:
    assert verify_password("password", bad_hash) is False
    assert needs_rehash(bad_hash) is True


def test_a_changed_tag_does_not_verify() -> None:
    password_hash = hash_password("password", FAST)
    head, tag = password_hash.rsplit("$", 1)
    changed = head + "$" + ("B" if tag[0] != "B" else "C") + tag[1:]
    assert verify_password("password", password_hash)
    assert not verify_password("password", changed)


def test_a_hash_demanding_huge_resources_is_refused_without_trying(caplog: pytest.LogCaptureFixture) -> None:
    """A tampered database must not make the login allocate 4 GiB."""
    password_hash = hash_password("password", FAST)
    greedy = password_hash.replace("m=8,", "m=4194304,")
    with caplog.at_level(logging.WARNING, logger="inspector_app.security.passwords"):
        assert verify_password("password", greedy) is False
    assert "excessive" in caplog.text


def test_unicode_normalisation_makes_composed_and_decomposed_match() -> None:
    composed = "Café密码2024"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert verify_password(decomposed, hash_password(composed, FAST))


def test_lone_surrogates_and_nul_are_fine() -> None:
    odd = "pass\ud800word\x00!"
    assert verify_password(odd, hash_password(odd, FAST))
    assert not verify_password("pass\ud801word\x00!", hash_password(odd, FAST))


@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=64))
def test_any_password_round_trips(password: str) -> None:
    assert verify_password(password, hash_password(password, FAST))


@given(st.text(max_size=24), st.text(max_size=24))
def test_a_different_password_does_not_verify(password: str, other: str) -> None:
    if unicodedata.normalize("NFC", password) == unicodedata.normalize("NFC", other):
        return
    assert not verify_password(other, hash_password(password, FAST))


@given(st.text(max_size=200))
def test_verifying_against_any_text_never_raises(text: str) -> None:
    assert verify_password("password", text) is False
    assert needs_rehash(text) is True
