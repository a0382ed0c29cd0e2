"""Who may see what: every groundwater query is narrowed by the caller's Scope in the API layer.

county → its 6-digit code, city → the first 4 digits, province → the first 2, admin → all;
a works owner sees only records whose `owner` is theirs; the public sees only what the
regulation says must be public.
"""

from __future__ import annotations

from dataclasses import dataclass

from .auth.roles import PREFIX_DIGITS, Role


@dataclass(frozen=True)
class Principal:
    user_id: int | None
    name: str
    role: Role
    region: str | None = None
    owner_ref: str | None = None
    display_name: str = ""
    via: str = "anonymous"  # anonymous | session | token
    session_hash: str | None = None
    csrf: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Principal(user_id=None, name="", role=Role.PUBLIC)


@dataclass(frozen=True)
class Scope:
    """`region_prefix` None means every region; `owner` set means only that owner's records."""

    role: Role
    region_prefix: str | None
    owner: str | None

    @property
    def public_only(self) -> bool:
        return self.role == Role.PUBLIC

    @property
    def is_authority(self) -> bool:
        return self.role in PREFIX_DIGITS or self.role == Role.ADMIN

    def allows_region(self, code: str | None) -> bool:
        if self.public_only or self.role == Role.OWNER:
            return False
        if self.region_prefix is None:
            return True
        return bool(code) and str(code).startswith(self.region_prefix)

    def allows_record(self, region_code: str | None, owner: str | None) -> bool:
        """A works/permit/reading record: in the authority's area, or the owner's own."""
        if self.role == Role.OWNER:
            return self.owner is not None and owner == self.owner
        return self.allows_region(region_code)


def scope_for(principal: Principal) -> Scope:
    role = principal.role
    if role == Role.ADMIN:
        return Scope(role, None, None)
    if role in PREFIX_DIGITS:
        region = principal.region or ""
        # An authority without a valid region sees nothing rather than everything.
        prefix = region[: PREFIX_DIGITS[role]] if len(region) == 6 else "\x00"
        return Scope(role, prefix, None)
    if role == Role.OWNER:
        return Scope(role, None, principal.owner_ref or "\x00")
    return Scope(Role.PUBLIC, None, None)
