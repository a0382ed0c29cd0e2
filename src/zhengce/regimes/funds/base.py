"""《国家科技成果转化引导基金管理暂行办法》（财教〔2021〕176号附件）: dates, cited articles, registries.

第三十四条：本办法自2022年1月1日起施行，《国家科技成果转化引导基金管理暂行办法》（财教〔2011〕289号）同时废止。
"""

from __future__ import annotations

from datetime import date

from zhengce.regimes.land.citing import cite_attached
from zhengce.rules import Citation, Registry

DOC_ID = "财教-2021-176"
TITLE = "国家科技成果转化引导基金管理暂行办法"
EFFECTIVE = date(2022, 1, 1)

SUBFUND_REGISTRY = Registry(titles={DOC_ID: TITLE})
COUNCIL_REGISTRY = Registry(titles={DOC_ID: TITLE})


def _art(eid: str) -> Citation:
    return cite_attached(DOC_ID, TITLE, eid)


ART_9 = _art("att_1__chp_2__art_9")
ART_10 = _art("att_1__chp_2__art_10")
ART_11 = _art("att_1__chp_2__art_11")
ART_12 = _art("att_1__chp_2__art_12")
ART_13 = _art("att_1__chp_2__art_13")
ART_14 = _art("att_1__chp_2__art_14")
ART_16 = _art("att_1__chp_2__art_16")
ART_21 = _art("att_1__chp_3__art_21")
ART_22_1 = _art("att_1__chp_3__art_22__para_1")
ART_23 = _art("att_1__chp_3__art_23")
ART_24_1 = _art("att_1__chp_3__art_24__para_1")
ART_24_2 = _art("att_1__chp_3__art_24__para_2")

ALL_CITATIONS = (
    ART_9,
    ART_10,
    ART_11,
    ART_12,
    ART_13,
    ART_14,
    ART_16,
    ART_21,
    ART_22_1,
    ART_23,
    ART_24_1,
    ART_24_2,
)
