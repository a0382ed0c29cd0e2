"""Packed-BCD helpers.

Errors are raised as plain :class:`FrameError`; each codec re-raises them as
its own subclass so callers only ever see one exception type per protocol.
"""

from __future__ import annotations

from .errors import FrameError

# byte -> value 0..99, or -1 when either nibble is not a decimal digit
_BCD_VALUE = tuple(
    (b >> 4) * 10 + (b & 0x0F) if (b >> 4) < 10 and (b & 0x0F) < 10 else -1 for b in range(256)
)
BCD_VALUE = _BCD_VALUE  # public: the codecs' fast paths index it directly
_TO_BCD = bytes((v // 10) << 4 | (v % 10) for v in range(100))


def bcd_byte(byte: int) -> int:
    """Value 0..99 of one packed-BCD byte."""
    value = _BCD_VALUE[byte]
    if value < 0:
        raise FrameError(f"non-BCD byte 0x{byte:02X}")
    return value


def to_bcd_byte(value: int) -> int:
    if not 0 <= value <= 99:
        raise FrameError(f"value {value} does not fit one BCD byte")
    return _TO_BCD[value]


def bcd_to_int(data: bytes | bytearray | memoryview) -> int:
    """Big-endian packed BCD (first byte holds the most significant digits)."""
    text = bytes(data).hex()
    if text.isdigit():  # fast path: the hex digits of valid BCD are its decimal digits
        return int(text)
    value = 0
    for byte in data:
        digit_pair = _BCD_VALUE[byte]
        if digit_pair < 0:
            raise FrameError(f"non-BCD byte 0x{byte:02X} in {bytes(data).hex().upper()}")
        value = value * 100 + digit_pair
    return value


def int_to_bcd(value: int, size: int) -> bytes:
    """Big-endian packed BCD of a non-negative integer in exactly ``size`` bytes."""
    if value < 0 or value >= 100**size:
        raise FrameError(f"value {value} does not fit {size} BCD bytes")
    out = bytearray(size)
    for index in range(size - 1, -1, -1):
        value, pair = divmod(value, 100)
        out[index] = _TO_BCD[pair]
    return bytes(out)


def bcd_le_to_int(data: bytes | bytearray | memoryview) -> int:
    """Little-endian packed BCD (first byte holds the least significant digits)."""
    return bcd_to_int(bytes(data)[::-1])


def int_to_bcd_le(value: int, size: int) -> bytes:
    return int_to_bcd(value, size)[::-1]
