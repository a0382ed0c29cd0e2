"""Provision kinds on real articles and on the known false-positive traps."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zhengce.provisions.kinds import classify

Passage = Callable[..., str]
GW = (520, 770)
TEMP = (1968, 2165)


def test_art52_is_an_obligation(passage: Passage) -> None:
    kinds = classify(passage(*GW, "第五十二条", "第五十三条"))
    assert "obligation" in kinds
    assert "penalty" not in kinds


@pytest.mark.parametrize(
    ("start", "end"),
    [("第五十六条", "第五十七条"), ("第五十九条", "第六十条"), ("第六十一条", "第六十二条")],
)
def test_fine_articles_are_penalties(passage: Passage, start: str, end: str) -> None:
    assert "penalty" in classify(passage(*GW, start, end))


def test_art55_and_62_refer_to_penalties(passage: Passage) -> None:
    assert "penalty" in classify(passage(*GW, "第五十五条", "第五十六条"))  # …的规定处罚
    assert "penalty" in classify(passage(*GW, "第六十二条", "第八章"))  # 追究刑事责任


def test_definitions_and_effect(passage: Passage) -> None:
    assert "definition" in classify(passage(*GW, "第六十三条", "第六十四条"))
    assert classify(passage(*GW, "第六十四条", "国务院办公厅")) == {"effect"}
    assert "definition" in classify(passage(*TEMP, "临时用地是指", "临时用地的范围包括"))


def test_temporary_land_notice(passage: Passage) -> None:
    restore = passage(*TEMP, "临时用地使用人应当按照批准的用途使用土地", "严格落实")
    assert {"obligation", "prohibition", "permission"} <= classify(restore)
    assert "effect" in classify(passage(*TEMP, "本文件自下发之日起执行"))


def test_plan_target_and_task(passage: Passage) -> None:
    text = passage(7055, 7085, "到2025年，全国非常规水源利用量", "25.推进")
    assert {"target", "task"} <= classify(text)
    duty = passage(6600, 6700, "3.坚持以水定需", "4.健全")
    assert "task" in classify(duty)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("单位和个人应当遵守", "obligation"),
        ("必须能够恢复原种植条件", "obligation"),
        ("子基金应以不低于转化基金出资额三倍的资金投资", "obligation"),
        ("禁止新增取用地下水", "prohibition"),
        ("不得转让、出租、抵押临时用地", "prohibition"),
        ("严禁违规审批", "prohibition"),
        ("可以按照规定一并申请", "permission"),
        ("鼓励复垦为耕地", "permission"),
        ("国家支持社会资本参与", "permission"),
        ("处2万元以上10万元以下罚款", "penalty"),
        ("吊销取水许可证", "penalty"),
        ("由上级机关责令改正", "penalty"),
        ("没收违法所得", "penalty"),
        ("依法追究刑事责任", "penalty"),
        ("地下水超采区，是指地下水实际开采量超过可开采量", "definition"),
        ("到2025年，农村生活污水治理率达到40%", "target"),
        ("全国重度及以上污染天数比率控制在1%以内", "target"),
        ("单位国内生产总值二氧化碳排放比2020年下降18%", "target"),
        ("农田灌溉水有效利用系数提高到0.58以上", "target"),
        ("（牵头单位：水利部；参与单位：国家发展改革委、工业和信息化部）", "task"),
        ("（国务院相关部门及各地区按职责分工负责）", "task"),
        ("本条例自2021年12月1日起施行", "effect"),
        ("《…暂行办法》同时废止", "effect"),
        ("有效期五年", "effect"),
    ],
)
def test_kind_cues(text: str, kind: str) -> None:
    assert kind in classify(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我们不得不承认", "prohibition"),
        ("无须另行审批", "obligation"),
        ("阅读申报须知", "obligation"),  # 须知 is a noun; 请 alone is a directive (see below)
        ("加强技术支持和数据支持", "permission"),
        ("加大政策支持力度", "permission"),
        ("做好应急准备，推广应用", "obligation"),
        ("与之相适应，保障供应", "obligation"),
        ("实施行动计划", "effect"),
        ("取水许可审批机关", "permission"),
        ("疏干排水量达到规模的", "target"),
    ],
)
def test_kind_false_positives(text: str, kind: str) -> None:
    assert kind not in classify(text)


def test_permission_with_kexi_anzhao() -> None:
    assert classify("可以按照国家有关规定执行") >= {"permission"}
