"""Wrongly written quantities are reported, never silently accepted or silently reordered."""

from __future__ import annotations

import pytest

from zhengce.provisions.anomalies import anomalies
from zhengce.provisions.extract import analyse_document
from zhengce.provisions.quantities import quantities


@pytest.mark.parametrize(
    ("text", "code", "fragment"),
    [
        ("处10万元以上5万元以下罚款", "reversed_range", "10万元以上5万元以下"),
        ("出资比例为子基金总额的30%-10%", "reversed_range", "30%-10%"),
        ("由水行政主管部门责令限期安装，处10以上50以下罚款", "missing_unit", "10以上50以下"),
        ("逾期不补报的，处5万以上罚款", "missing_unit", "5万以上"),
        ("转化基金对子基金的出资比例为子基金总额的120%", "share_over_100", "120%"),
        ("出席人数应达到全体理事会成员人数的三分之四以上", "fraction_over_1", "三分之四以上"),
        ("本办法自2021年2月30日起施行", "invalid_date", "2021年2月30日"),
        ("自查自改（2022年11月—2022年3月）", "reversed_dates", "2022年11月—2022年3月"),
    ],
)
def test_reported(text: str, code: str, fragment: str) -> None:
    (a,) = anomalies(text)
    assert (a.code, a.text) == (code, fragment)
    assert text[a.span[0] : a.span[1]] == fragment
    assert "(" in a.message and a.message[0] != "("  # Chinese first, English after


def test_reversed_fine_is_kept_as_written_and_flagged() -> None:
    (q,) = quantities("处10万元以上5万元以下罚款")
    assert (q.role, q.value_min, q.value_max, q.problem) == ("range", 100_000, 50_000, "reversed_range")


@pytest.mark.parametrize(
    "text",
    [
        "处10万元以上50万元以下罚款",
        "县级以上地方人民政府水行政主管部门",
        "企业安全生产标准化水平整体达到二级及以上",
        "用水量增长150%",  # growth can exceed 100%
        "同意票数占比达到出席人数三分之二以上为通过",
        "依照本条例第五十六条第二款处罚",
    ],
)
def test_not_reported(text: str) -> None:
    assert anomalies(text) == []


def test_the_compilation_has_none(parsed) -> None:
    found = [
        (f.doc_id, f.eid, a.code) for d in parsed.documents for f in analyse_document(d) for a in f.anomalies
    ]
    assert found == []
