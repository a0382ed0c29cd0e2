"""All rules of the 转化基金 regime: ``SUBFUND_REGISTRY`` (第二章) and ``COUNCIL_REGISTRY`` (第三章)."""

from zhengce.regimes.funds import rules_council, rules_subfund
from zhengce.regimes.funds.base import COUNCIL_REGISTRY, SUBFUND_REGISTRY

MODULES = (rules_subfund, rules_council)

__all__ = ["COUNCIL_REGISTRY", "MODULES", "SUBFUND_REGISTRY"]
