import json
from datetime import date

from zhengce.rules import (
    Citation,
    Consequence,
    Finding,
    Kind,
    finding_from_dict,
    finding_to_dict,
    findings_from_json,
    findings_to_json,
)


def _finding() -> Finding:
    return Finding(
        subject="井1",
        rule_id="gw.meter.required",
        kind=Kind.VIOLATION,
        citations=(Citation.of("国务院令-748", "chp_7__art_56__para_1", "地下水管理条例"),),
        message="未安装计量设施。",
        as_of=date(2022, 3, 1),
        evidence={"built_on": date(2022, 1, 5), "meter_installed": False, "kind": Kind.DECISION},
        consequence=Consequence(
            fine_min=100_000,
            fine_max=500_000,
            levy_basis="按照日最大取水能力计算的取水量计征相关费用",
            orders=("责令限期安装",),
            authority="县级以上地方人民政府水行政主管部门",
        ),
    ).order(date(2022, 3, 2), date(2022, 4, 1))


def test_to_dict_is_plain_json() -> None:
    d = finding_to_dict(_finding())
    assert d["kind"] == "violation" and d["status"] == "ordered"
    assert d["evidence"] == {"built_on": "2022-01-05", "meter_installed": False, "kind": "decision"}
    assert d["consequence"]["deadline"] == "2022-04-01"
    assert d["consequence"]["orders"] == ["责令限期安装"]
    assert d["citations"][0]["text"] == "《地下水管理条例》第五十六条第一款"
    assert json.loads(json.dumps(d)) == d


def test_round_trip() -> None:
    f = _finding()
    back = finding_from_dict(finding_to_dict(f))
    assert back.history == f.history and back.consequence == f.consequence
    assert back.citations == f.citations and back.status == f.status
    text = findings_to_json([f])
    assert "未安装计量设施" in text  # Chinese kept readable
    assert findings_from_json(text)[0].consequence == f.consequence
