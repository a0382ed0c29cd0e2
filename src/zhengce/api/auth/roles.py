"""Roles and how far each one sees (GB/T 2260 region-code prefixes)."""

from __future__ import annotations

import re
from enum import StrEnum

from ...errors import UserError


class Role(StrEnum):
    PUBLIC = "public"
    OWNER = "owner"  # works owner: own works, permits, readings
    COUNTY = "county"
    CITY = "city"
    PROVINCE = "province"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.PUBLIC: "公众",
    Role.OWNER: "取水工程所有权人",
    Role.COUNTY: "县级水行政主管部门",
    Role.CITY: "设区的市级水行政主管部门",
    Role.PROVINCE: "省级水行政主管部门",
    Role.ADMIN: "系统管理员",
}
# How many leading digits of the user's region code an authority's jurisdiction keeps.
PREFIX_DIGITS = {Role.COUNTY: 6, Role.CITY: 4, Role.PROVINCE: 2}
AUTHORITIES = frozenset(PREFIX_DIGITS) | {Role.ADMIN}
_REGION = re.compile(r"^[1-9][0-9]{5}$")


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        names = "、".join(r.value for r in Role)
        raise UserError(f"未知角色“{value}”，可用：{names} (unknown role)") from None


def check_region(role: Role, region: str | None) -> str | None:
    """Authorities need a 6-digit code at their level; other roles carry none."""
    if role not in PREFIX_DIGITS:
        if region:
            raise UserError(f"角色 {role.value} 不需要行政区划代码 (role takes no region)")
        return None
    if not region or not _REGION.match(region):
        raise UserError(f"角色 {role.value} 需要 6 位行政区划代码，例如 370102 (region code required)")
    digits = PREFIX_DIGITS[role]
    if region[digits:].strip("0"):
        raise UserError(
            f"{ROLE_LABELS[role]}的区划代码应以 {6 - digits} 个 0 结尾，例如 {region[:digits].ljust(6, '0')} "
            "(region code does not match the role's level)"
        )
    return region
