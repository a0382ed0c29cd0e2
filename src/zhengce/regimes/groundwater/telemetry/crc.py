"""The CRCs of the water telemetry protocols, computed by anycrc (C, table-driven).

Every frame is checked on receipt and every acknowledgement and simulated frame is built
with one of these, so they sit on the hot path: a pure-Python table loop cost about 5 µs per
250-byte SL651 hourly report, anycrc about 0.3 µs. tests/telemetry/test_telemetry_crc.py
checks both against bit-by-bit long division and the catalogue check value.
"""

from __future__ import annotations

import anycrc

CRC8_SZY206_POLY = 0xE5  # x^7 + x^6 + x^5 + x^2 + 1, MSB first (SZY206-2016, see docs/telemetry.md)
CRC16_MODBUS_POLY = 0xA001  # reflected 0x8005 (SL651-2014 appendix)

_CRC8_SZY206 = anycrc.CRC(width=8, poly=CRC8_SZY206_POLY, init=0, refin=False, refout=False, xorout=0)
_CRC16_MODBUS = anycrc.CRC(width=16, poly=0x8005, init=0xFFFF, refin=True, refout=True, xorout=0)


def crc8_szy206(data: bytes | bytearray | memoryview) -> int:
    """CRC-8, poly 0xE5, init 0, no reflection, no final XOR."""
    return _CRC8_SZY206.calc(data)


def crc16_modbus(data: bytes | bytearray | memoryview) -> int:
    """CRC-16/MODBUS: init 0xFFFF, reflected poly 0x8005 (0xA001), no final XOR."""
    return _CRC16_MODBUS.calc(data)
