"""What the law attaches to a finding: fines, orders, levies, revocation, referral."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Consequence:
    """Legal consequence of one violation, in one band of its article.

    Amounts are 元 as integers and both bounds are inclusive (以上/以下 include the figure itself).
    ``fine_basis`` is set only when the fine is computed rather than a fixed range (e.g. per day);
    ``levy_basis`` describes a fee charged besides the fine (e.g. 按照日最大取水能力计算的取水量计征相关费用).
    ``personal_fine_*`` is the fine on 直接负责的主管人员和其他直接责任人员 where the article sets one.
    """

    fine_min: int | None = None
    fine_max: int | None = None
    fine_basis: str | None = None
    personal_fine_min: int | None = None
    personal_fine_max: int | None = None
    levy_basis: str | None = None
    # The volume the levy is computed on, when the facts give it (e.g. 日最大取水能力 × days), in m³.
    levy_volume_m3: int | None = None
    levy_days: int | None = None
    orders: tuple[str, ...] = ()
    deadline: date | None = None
    revocation: bool = False
    substitute_action: str | None = None  # 代履行: the authority acts, the violator pays
    referral: str | None = None  # punished under another law / by another authority
    authority: str | None = None
    band: str | None = None  # which band of the article the facts selected, in Chinese

    def __post_init__(self) -> None:
        for low, high in ((self.fine_min, self.fine_max), (self.personal_fine_min, self.personal_fine_max)):
            if (low is None) != (high is None):
                raise ValueError("a fine range needs both bounds or neither")
            if low is not None and high is not None and not 0 <= low <= high:
                raise ValueError(f"bad fine range {low}..{high}")

    @property
    def has_fine(self) -> bool:
        return self.fine_min is not None

    def allows_fine(self, amount: int) -> bool:
        """Is ``amount`` 元 within this band's fine on the party (inclusive)?"""
        return (
            self.fine_min is not None
            and self.fine_max is not None
            and self.fine_min <= amount <= self.fine_max
        )

    def allows_personal_fine(self, amount: int) -> bool:
        """Is ``amount`` 元 within the fine on each responsible person (inclusive)?"""
        low, high = self.personal_fine_min, self.personal_fine_max
        return low is not None and high is not None and low <= amount <= high
