from hypothesis import given
from hypothesis import strategies as st

from zhengce.regimes.groundwater.telemetry.crc import crc8_szy206, crc16_modbus


def crc8_bitwise(data: bytes, poly: int = 0xE5) -> int:
    """MSB-first CRC-8 by long division, one message bit at a time."""
    register = 0
    for bit in [(byte >> i) & 1 for byte in data for i in range(7, -1, -1)] + [0] * 8:
        top = register >> 7
        register = ((register << 1) & 0xFF) | bit
        if top:
            register ^= poly
    return register


def crc16_modbus_bitwise(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def test_crc16_modbus_check_value() -> None:
    # catalogue check value of CRC-16/MODBUS
    assert crc16_modbus(b"123456789") == 0x4B37
    assert crc16_modbus_bitwise(b"123456789") == 0x4B37


def test_crc8_check_value_matches_long_division() -> None:
    assert crc8_szy206(b"") == 0
    assert crc8_szy206(b"123456789") == crc8_bitwise(b"123456789")


@given(st.binary(max_size=300))
def test_crc8_table_equals_bitwise(data: bytes) -> None:
    assert crc8_szy206(data) == crc8_bitwise(data)


@given(st.binary(max_size=300))
def test_crc16_table_equals_bitwise(data: bytes) -> None:
    assert crc16_modbus(data) == crc16_modbus_bitwise(data)
