"""Table-driven CRCs used by the water telemetry protocols.

Tables are generated once at import time from the polynomial, so there is no
magic table to mistype; tests check them against a bit-by-bit reference.
"""

from __future__ import annotations

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


def crc8_szy206(data: bytes | bytearray | memoryview) -> int:
    """CRC-8, poly 0xE5, init 0, no reflection, no final XOR."""
    table = _CRC8_TABLE
    crc = 0
    for byte in data:
        crc = table[crc ^ byte]
    return crc


def crc16_modbus(data: bytes | bytearray | memoryview) -> int:
    """CRC-16/MODBUS: init 0xFFFF, reflected poly 0xA001, no final XOR."""
    table = _CRC16_TABLE
    crc = 0xFFFF
    for byte in data:
        crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
    return crc
