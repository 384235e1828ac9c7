"""Base45 (RFC 9285): bytes as text drawn from the QR code's alphanumeric alphabet.

A QR code stores alphanumeric text at 5.5 bits a character against 8 for bytes, so base45 text in a QR code is
about 25 % smaller than the same data in byte mode; the EU digital COVID certificate uses it for that reason.
The codec is 40 lines of arithmetic fixed by the RFC, so it lives here rather than in one more dependency; the
tests check it against the RFC's own examples.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_VALUES = {character: value for value, character in enumerate(ALPHABET)}


class Base45Error(ValueError):
    """Text that is not valid base45."""


def b45encode(data: bytes) -> str:
    """The base45 text of ``data``: each 2 bytes become 3 characters, a last single byte 2 characters."""
    out: list[str] = []
    for index in range(0, len(data) - 1, 2):
        number = data[index] * 256 + data[index + 1]
        high, rest = divmod(number, 45 * 45)
        middle, low = divmod(rest, 45)
        out += (ALPHABET[low], ALPHABET[middle], ALPHABET[high])
    if len(data) % 2:
        middle, low = divmod(data[-1], 45)
        out += (ALPHABET[low], ALPHABET[middle])
    return "".join(out)


def b45decode(text: str) -> bytes:
    """The bytes of base45 ``text``; raises ``Base45Error`` for a character outside the alphabet, a length that
    leaves one character over, or a group whose value does not fit its bytes."""
    if len(text) % 3 == 1:
        raise Base45Error("base45 text cannot have a length of 3n+1")
    try:
        values = [_VALUES[character] for character in text]
    except KeyError as exc:
        raise Base45Error(f"not a base45 character: {exc.args[0]!r}") from None
    out = bytearray()
    for index in range(0, len(values), 3):
        group = values[index : index + 3]
        if len(group) == 3:
            number = group[0] + group[1] * 45 + group[2] * 45 * 45
            if number > 0xFFFF:
                raise Base45Error("base45 group out of range")
            out += number.to_bytes(2, "big")
        else:
            number = group[0] + group[1] * 45
            if number > 0xFF:
                raise Base45Error("base45 group out of range")
            out.append(number)
    return bytes(out)
