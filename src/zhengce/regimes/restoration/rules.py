"""All restoration rules: ``FUND_REGISTRY`` (治理资金办法) and ``SOCIAL_REGISTRY`` (国办发〔2021〕40号)."""

from zhengce.regimes.restoration import rules_fund, rules_social
from zhengce.regimes.restoration.base import FUND_REGISTRY, SOCIAL_REGISTRY

MODULES = (rules_fund, rules_social)

__all__ = ["FUND_REGISTRY", "MODULES", "SOCIAL_REGISTRY"]
