"""Table-driven CRCs used by the water telemetry protocols.

Tables are generated once at import time from the polynomial, so there is no
magic table to mistype; tests check them against a bit-by-bit reference.
"""

from __future__ import annotations

import sys

CRC8_SZY206_POLY = 0xE5  # x^7 + x^6 + x^5 + x^2 + 1, MSB first
CRC16_MODBUS_POLY = 0xA001  # reflected 0x8005


def _crc8_table(poly: int) -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = ((crc << 1) ^ poly) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
        table.append(crc)
    return tuple(table)


def _crc16_reflected_table(poly: int) -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ poly if crc & 1 else crc >> 1
        table.append(crc)
    return tuple(table)


_CRC8_TABLE = _crc8_table(CRC8_SZY206_POLY)
_CRC16_TABLE = _crc16_reflected_table(CRC16_MODBUS_POLY)

# CRC-16 two bytes per step for longer inputs: a table indexed by the next 16-bit
# little-endian word XOR the register, built from the byte table on first use (about 10 ms).
# Half the Python-level iterations; the byte table remains the reference (and is faster for
# short frames, where the set-up costs more than it saves).
_LITTLE = sys.byteorder == "little"
_WIDE_FROM = 24
_crc16_wide: list[int] = []


def _words(data: bytes | bytearray | memoryview) -> memoryview:
    """The even-length prefix as native (little-endian) 16-bit words."""
    view = data if isinstance(data, memoryview) else memoryview(data)
    if view.format != "B":
        view = view.cast("B")
    return view[: len(view) & ~1].cast("H")


def crc8_szy206(data: bytes | bytearray | memoryview) -> int:
    """CRC-8, poly 0xE5, init 0, no reflection, no final XOR.

    Byte at a time: every value stays a cached small int, which beats a two-byte table here."""
    table = _CRC8_TABLE
    crc = 0
    for byte in data:
        crc = table[crc ^ byte]
    return crc


def crc16_modbus(data: bytes | bytearray | memoryview) -> int:
    """CRC-16/MODBUS: init 0xFFFF, reflected poly 0xA001, no final XOR."""
    crc = 0xFFFF
    table = _CRC16_TABLE
    if _LITTLE and len(data) >= _WIDE_FROM:
        wide = _crc16_wide or _build_crc16_wide()
        for word in _words(data):
            crc = wide[crc ^ word]
        return (crc >> 8) ^ table[(crc ^ data[-1]) & 0xFF] if len(data) & 1 else crc
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc


def _build_crc16_wide() -> list[int]:
    t = _CRC16_TABLE
    _crc16_wide[:] = [(t[i & 0xFF] >> 8) ^ t[((i >> 8) ^ t[i & 0xFF]) & 0xFF] for i in range(65536)]
    return _crc16_wide
