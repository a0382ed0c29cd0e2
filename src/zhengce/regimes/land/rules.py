"""All temporary land-use rules, registered in ``REGISTRY`` (import this module to get them)."""

from zhengce.regimes.land import rules_approval, rules_county, rules_scope, rules_system, rules_use
from zhengce.regimes.land.base import REGISTRY

MODULES = (rules_scope, rules_approval, rules_use, rules_system, rules_county)

__all__ = ["MODULES", "REGISTRY"]
