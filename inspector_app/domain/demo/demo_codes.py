"""Building valid identifiers for demo data: GTINs, organisation codes and USCCs, licence numbers.

Numbers are derived from running counters through fixed bijections, so every code is unique without keeping a
set of the codes already made, and still looks scattered rather than sequential.
"""

from __future__ import annotations

import datetime as dt

# USCC characters (GB 32100-2015): digits and capitals without I, O, S, V, Z; and the check weights 3**i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, position, 31) for position in range(17))
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Organisation codes given since 2015 start with "MA"; six more characters follow before the check character.
_ORG_BODY_SPACE = len(USCC_ALPHABET) ** 6
# Multiplier and offset of the bijection over the body space: the multiplier is coprime with 31**6.
_ORG_MULTIPLIER = 350_757_677
_ORG_OFFSET = 123_456_789

# GS1 China company prefixes: 690–691 with 7-digit prefixes (5-digit item references), 692–699 with 8 digits.
_SHORT_PREFIX_SLOTS = 2 * 10_000
_LONG_PREFIX_SLOTS = 8 * 100_000
GS1_PREFIX_SLOTS = _SHORT_PREFIX_SLOTS + _LONG_PREFIX_SLOTS
_PREFIX_MULTIPLIER = 495_773  # coprime with 820,000
_PREFIX_OFFSET = 31_337


def org_code_check(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation code body: 10 → X, 11 → 0."""
    total = sum(int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 10:
        return "X"
    if check == 11:
        return "0"
    return str(check)


def organisation_code(serial: int) -> str:
    """The ``serial``-th demo organisation code: ``MA`` + six scattered characters + check (9 characters)."""
    value = (serial * _ORG_MULTIPLIER + _ORG_OFFSET) % _ORG_BODY_SPACE
    chars = []
    for _ in range(6):
        value, digit = divmod(value, len(USCC_ALPHABET))
        chars.append(USCC_ALPHABET[digit])
    body = "MA" + "".join(reversed(chars))
    return body + org_code_check(body)


def uscc_check(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters of a USCC (mod 31)."""
    total = sum(_USCC_VALUES[char] * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc(authority_and_type: str, region_code: str, serial: int) -> str:
    """A valid USCC: authority + entity type (e.g. ``91``), the 6-digit region, an organisation code, check."""
    partial = authority_and_type + region_code + organisation_code(serial)
    return partial + uscc_check(partial)


def gtin13_check_digit(first12: str) -> str:
    """The EAN-13 / GTIN-13 check digit of 12 digits (mod 10, weights 1 and 3 from the left)."""
    odd = sum(map(int, first12[0::2]))
    even = sum(map(int, first12[1::2]))
    return str((10 - (odd + 3 * even) % 10) % 10)


def company_prefix(serial: int) -> str:
    """The ``serial``-th distinct GS1 China company prefix (7 digits under 690–691, 8 under 692–699).

    ``serial`` must be below ``GS1_PREFIX_SLOTS``.
    """
    if not 0 <= serial < GS1_PREFIX_SLOTS:
        raise ValueError(f"company prefix serial out of range: {serial}")
    slot = (serial * _PREFIX_MULTIPLIER + _PREFIX_OFFSET) % GS1_PREFIX_SLOTS
    if slot < _SHORT_PREFIX_SLOTS:
        return f"{690 + slot // 10_000}{slot % 10_000:04d}"
    slot -= _SHORT_PREFIX_SLOTS
    return f"{692 + slot // 100_000}{slot % 100_000:05d}"


def gtin14(prefix: str, item_reference: int) -> str:
    """A GTIN-13 under ``prefix`` with the given item reference, as the 14-digit form (leading zero)."""
    first12 = prefix + str(item_reference).zfill(12 - len(prefix))
    if len(first12) != 12:
        raise ValueError(f"item reference {item_reference} does not fit under prefix {prefix}")
    return "0" + first12 + gtin13_check_digit(first12)


def sc_number(category: str, region_code: str, sequence: int, check: int) -> str:
    """``SC`` + 3-digit food category + 6-digit region + 4-digit sequence + check digit (not a published algorithm,
    so the caller supplies one)."""
    return f"SC{category}{region_code}{sequence:04d}{check}"


def xk_number(province_abbreviation: str, industry: int, product: int, sequence: int) -> str:
    """A provincial industrial production licence number: ``(浙)XK13-014-00123``."""
    return f"({province_abbreviation})XK{industry:02d}-{product:03d}-{sequence:05d}"


def ccc_number(year: int, body: str, product_code: str, sequence: int) -> str:
    """A CCC certificate number: year (4) + certification body (2) + CCC product code (4) + sequence (6)."""
    return f"{year:04d}{body}{product_code}{sequence:06d}"


def jy_number(business_type: int, region_code: str, sequence: int, check: int) -> str:
    """A food business licence number: ``JY`` + business type (1) + region (6) + sequence (6) + check (1)."""
    return f"JY{business_type}{region_code}{sequence:06d}{check}"


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
