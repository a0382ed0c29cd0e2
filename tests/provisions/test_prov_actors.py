"""Actors bearing a provision, with their administrative level."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from zhengce.provisions.actors import Actor, actors

Passage = Callable[..., str]
GW = (520, 770)
TEMP = (1968, 2165)
COUNTY_WATER = Actor("县级以上地方人民政府水行政主管部门", "县级以上")


def test_art52_bearer_is_the_drainer_not_the_addressee(passage: Passage) -> None:
    para = passage(*GW, "为保障矿井", "矿产资源开采、地下工程建设疏干排水应当优先利用")
    assert actors(para) == [Actor("取（排）水单位和个人", None)]


def test_art52_province_sets_the_scale(passage: Passage) -> None:
    para = passage(*GW, "第五十二条", "为保障矿井")
    assert Actor("省、自治区、直辖市人民政府", "省级") in actors(para)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("第五十六条", "计量设施不合格"),
        ("第五十七条", "地下工程建设应当于开工前"),
        ("第六十一条", "第六十二条"),
    ],
)
def test_penalising_authority(passage: Passage, start: str, end: str) -> None:
    assert actors(passage(*GW, start, end))[0] == COUNTY_WATER


def test_art59_authorities(passage: Passage) -> None:
    found = actors(passage(*GW, "第五十九条", "第六十条"))
    assert Actor("地方人民政府生态环境主管部门", None) in found
    assert Actor("县级以上地方人民政府城镇排水主管部门", "县级以上") in found


def test_art60_joint_authorities_are_split(passage: Passage) -> None:
    found = actors(passage(*GW, "第六十条", "第六十一条"))
    assert found[:3] == [
        Actor("县级以上地方人民政府水行政主管部门", "县级以上"),
        Actor("县级以上地方人民政府自然资源主管部门", "县级以上"),
        Actor("县级以上地方人民政府生态环境主管部门", "县级以上"),
    ]


def test_temporary_land_user(passage: Passage) -> None:
    text = passage(*TEMP, "临时用地使用人应当按照批准的用途使用土地", "严格落实")
    assert actors(text) == [Actor("临时用地使用人", None)]


def test_temporary_land_approval(passage: Passage) -> None:
    text = passage(*TEMP, "县（市）自然资源主管部门负责临时用地审批", "不得下放")
    assert actors(text) == [
        Actor("县（市）自然资源主管部门", "县级"),
        Actor("市级或者市级以上自然资源主管部门", "市级"),
    ]


def test_sub_fund(passage: Passage) -> None:
    text = passage(8499, 8730, "第十条", "第十一条")
    assert actors(text)[0] == Actor("子基金", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("取用地下水的单位和个人应当遵守取水总量控制", Actor("取用地下水的单位和个人", None)),
        ("国务院水行政主管部门应当会同国务院自然资源等主管部门", Actor("国务院水行政主管部门", "国务院")),
        ("县级自然资源主管部门应当加强监管", Actor("县级自然资源主管部门", "县级")),
        ("乡镇人民政府应当协助", Actor("乡镇人民政府", "乡级")),
        ("设区的市级人民政府负责", Actor("设区的市级人民政府", "市级")),
    ],
)
def test_actor_forms(text: str, expected: Actor) -> None:
    assert actors(text)[0] == expected


def test_co_operating_ministry_is_not_a_bearer() -> None:
    # The duty is the lead's; the body after 会同 takes part but does not bear it.
    found = actors("国务院水行政主管部门应当会同国务院自然资源等主管部门制定")
    assert found == [Actor("国务院水行政主管部门", "国务院")]


def test_no_actor_in_plain_text() -> None:
    assert actors("生态保护修复是守住自然生态安全边界的重要保障。") == []
