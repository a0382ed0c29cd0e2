"""The penalty table against the regulation's own text, and every band boundary."""

import itertools
import re
from functools import cache
from pathlib import Path

import pytest

from zhengce.regimes.groundwater.penalties import PROVISIONS, UnknownViolation, penalty_for, select_band
from zhengce.rules import MissingFact

SOURCE = Path(__file__).resolve().parents[2] / "data" / "policy-compilation-2021.txt"
_HEADING = re.compile(r"^第([一二三四五六七八九十]+)条\s")
_CHAPTER = re.compile(r"^第[一二三四五六七八九十]+章\s")
_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _number(text: str) -> int:
    if "十" not in text:
        return _DIGIT[text]
    tens, _, ones = text.partition("十")
    return (_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[ones] if ones else 0)


@cache
def articles() -> dict[int, str]:
    """Article texts of 地下水管理条例 (the first document), all whitespace removed."""
    lines = [ln.strip() for ln in SOURCE.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out: dict[int, list[str]] = {}
    current = None
    for ln in lines:
        m = _HEADING.match(ln)
        if m:
            current = _number(m.group(1))
            if current in out:  # the next document restarts numbering
                break
            out[current] = [ln[m.end() :]]
        elif current is not None and not _CHAPTER.match(ln):
            out[current].append(ln)
        if current == 64:
            break
    return {n: re.sub(r"\s+", "", "".join(parts)) for n, parts in out.items()}


def _article_of(eid: str) -> int:
    return int(re.search(r"art_(\d+)", eid).group(1))


def test_source_has_64_articles() -> None:
    arts = articles()
    assert sorted(arts) == list(range(1, 65))
    assert arts[64] == "本条例自2021年12月1日起施行。"


@pytest.mark.parametrize("code", sorted(PROVISIONS))
def test_quote_is_verbatim_article_text(code: str) -> None:
    p = PROVISIONS[code]
    assert p.quote in articles()[_article_of(p.eid)]


@pytest.mark.parametrize("art", [55, 58, 60, 61, 62])
def test_single_paragraph_articles_quoted_whole(art: int) -> None:
    quotes = {p.quote for p in PROVISIONS.values() if _article_of(p.eid) == art}
    assert quotes == {articles()[art]}
    assert all("para" not in p.eid for p in PROVISIONS.values() if _article_of(p.eid) == art)


@pytest.mark.parametrize(("art", "paras"), [(56, 2), (57, 2), (59, 3)])
def test_paragraph_quotes_concatenate_to_the_article(art: int, paras: int) -> None:
    by_para = {p.eid: p.quote for p in PROVISIONS.values() if _article_of(p.eid) == art}
    eids = [f"chp_7__art_{art}__para_{i}" for i in range(1, paras + 1)]
    assert sorted(by_para) == eids
    assert "".join(by_para[e] for e in eids) == articles()[art]


def test_every_article_55_to_62_is_covered() -> None:
    assert {_article_of(p.eid) for p in PROVISIONS.values()} == set(range(55, 63))


@pytest.mark.parametrize("code", sorted(PROVISIONS))
def test_figures_in_bands_appear_in_the_quote(code: str) -> None:
    p = PROVISIONS[code]
    for band in p.bands:
        for rng in (band.fine, band.personal_fine):
            if rng:
                low, high = (v // 10_000 for v in rng)
                assert f"处{low}万元以上{high}万元以下罚款" in p.quote
        for order in band.orders:
            assert order.split("（")[0] in p.quote
        if band.substitute_action:
            assert band.substitute_action in p.quote
        if band.revocation:
            assert "吊销取水许可证" in p.quote
        if band.levy_basis:
            assert band.levy_basis in p.quote


@pytest.mark.parametrize("code", sorted(PROVISIONS))
def test_bands_are_exhaustive_and_exclusive(code: str) -> None:
    p = PROVISIONS[code]
    for values in itertools.product([False, True], repeat=len(p.facts)):
        facts = dict(zip(p.facts, values, strict=True))
        matching = [b for b in p.bands if all(facts[n] is v for n, v in b.when)]
        assert len(matching) == 1, (code, facts)
        assert select_band(p, facts) is matching[0]


# --- 第五十六条 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("serious", [False, True])
def test_56_1_no_meter(serious: bool) -> None:
    c = penalty_for("gw.56.1.no_meter", {"serious": serious})
    assert (c.fine_min, c.fine_max) == (100_000, 500_000)
    assert c.levy_basis == "按照日最大取水能力计算的取水量计征相关费用"
    assert c.fine_basis is None  # the fine itself is a fixed range
    assert c.orders == ("责令限期安装",)
    assert c.revocation is serious
    assert c.authority == "县级以上地方人民政府水行政主管部门"


def test_56_1_needs_serious() -> None:
    with pytest.raises(MissingFact) as err:
        penalty_for("gw.56.1.no_meter", {})
    assert err.value.names == ("serious",) and "情节严重" in err.value.message()


def test_56_2_faulty_meter_no_fine_until_overdue() -> None:
    c = penalty_for("gw.56.2.faulty_meter", {"overdue": False})  # serious is not even read
    assert not c.has_fine and c.levy_basis is None and not c.revocation
    assert c.orders == ("责令限期更换或者修复",)
    late = penalty_for("gw.56.2.faulty_meter", {"overdue": True, "serious": False})
    assert (late.fine_min, late.fine_max) == (100_000, 500_000) and late.levy_basis and not late.revocation
    worst = penalty_for("gw.56.2.faulty_meter", {"overdue": True, "serious": True})
    assert worst.revocation and worst.band == "逾期不更换或者不修复，情节严重"
    with pytest.raises(MissingFact) as err:
        penalty_for("gw.56.2.faulty_meter", {"overdue": True})
    assert err.value.names == ("serious",)
    with pytest.raises(MissingFact) as err:
        penalty_for("gw.56.2.faulty_meter", {})
    assert "逾期不更换或者不修复" in err.value.message()


# --- 第五十七条 ---------------------------------------------------------------------------------------


def test_57_1_fine_from_the_start_and_substitute_when_overdue() -> None:
    c = penalty_for("gw.57.1.adverse_impact", {"overdue": False})
    assert (c.fine_min, c.fine_max) == (100_000, 500_000) and c.substitute_action is None
    late = penalty_for("gw.57.1.adverse_impact", {"overdue": True})
    assert (late.fine_min, late.fine_max) == (100_000, 500_000)
    assert late.substitute_action and "所需费用由违法行为人承担" in late.substitute_action


@pytest.mark.parametrize("code", ["gw.57.2.plan_not_filed", "gw.57.2.drainage_not_reported"])
def test_57_2_fine_only_when_not_reported_in_time(code: str) -> None:
    c = penalty_for(code, {"overdue": False})
    assert not c.has_fine and c.orders == ("责令限期补报",)
    late = penalty_for(code, {"overdue": True})
    assert (late.fine_min, late.fine_max) == (20_000, 100_000)


# --- 第五十八条 ---------------------------------------------------------------------------------------


def test_58_sealing() -> None:
    c = penalty_for("gw.58.not_sealed", {"unable_to_seal": False})
    assert (c.fine_min, c.fine_max) == (100_000, 500_000) and c.orders == ("责令封井或者回填",)
    assert c.authority == "县级以上地方人民政府或者其授权的部门"
    unable = penalty_for("gw.58.not_sealed", {"unable_to_seal": True})
    assert unable.orders == () and unable.substitute_action and unable.fine_max == 500_000


# --- 第五十九条 ---------------------------------------------------------------------------------------


def test_59_1_toxic_storage() -> None:
    c = penalty_for("gw.59.1.toxic_storage", {})
    assert (c.fine_min, c.fine_max) == (100_000, 1_000_000)
    assert c.personal_fine_min is None and c.orders == ("责令限期改正",)
    assert c.authority == "地方人民政府生态环境主管部门"


def test_59_2_sludge_bands_and_personal_fines() -> None:
    base = penalty_for("gw.59.2.sludge_storage", {"severe_consequences": False})
    assert (base.fine_min, base.fine_max) == (200_000, 2_000_000)
    assert (base.personal_fine_min, base.personal_fine_max) == (20_000, 100_000)
    severe = penalty_for("gw.59.2.sludge_storage", {"severe_consequences": True})
    assert (severe.fine_min, severe.fine_max) == (2_000_000, 5_000_000)
    assert (severe.personal_fine_min, severe.personal_fine_max) == (50_000, 500_000)
    assert base.authority == severe.authority == "县级以上地方人民政府城镇排水主管部门"
    # The boundary 200万 belongs to both bands (以下 and 以上 both include it).
    assert base.allows_fine(2_000_000) and severe.allows_fine(2_000_000)
    assert not base.allows_fine(2_000_001) and not severe.allows_fine(1_999_999)
    assert base.allows_personal_fine(100_000) and not base.allows_personal_fine(100_001)
    assert severe.allows_personal_fine(50_000) and not severe.allows_personal_fine(49_999)
    assert severe.allows_fine(5_000_000) and not severe.allows_fine(5_000_001)


def test_59_3_polluting_project() -> None:
    c = penalty_for("gw.59.3.polluting_project", {})
    assert (c.fine_min, c.fine_max) == (100_000, 500_000)
    assert c.orders == ("责令拆除或者关闭（报经有批准权的人民政府批准）",)


# --- 第六十条、第六十一条 ---------------------------------------------------------------------------------


def test_60_monitoring_facility() -> None:
    c = penalty_for("gw.60.monitoring_facility", {"overdue": False})
    assert (c.fine_min, c.fine_max) == (20_000, 100_000)
    assert c.orders == ("责令停止违法行为", "限期采取补救措施") and c.substitute_action is None
    late = penalty_for("gw.60.monitoring_facility", {"overdue": True})
    assert late.substitute_action and "组织补救" in late.substitute_action


def test_61_three_stages() -> None:
    first = penalty_for("gw.61.unfiled_monitoring_well", {"overdue": False})
    assert not first.has_fine and first.orders == ("责令限期补办备案手续",)
    second = penalty_for("gw.61.unfiled_monitoring_well", {"overdue": True, "overdue_sealing": False})
    assert (second.fine_min, second.fine_max) == (20_000, 100_000)
    assert second.orders[-1] == "责令限期封井或者回填" and second.substitute_action is None
    third = penalty_for("gw.61.unfiled_monitoring_well", {"overdue": True, "overdue_sealing": True})
    assert third.substitute_action and "组织封井或者回填" in third.substitute_action
    assert third.fine_max == 100_000


# --- 第五十五条、第六十二条: referrals -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "referral"),
    [
        ("gw.55.unauthorized_abstraction", "《中华人民共和国水法》"),
        ("gw.55.evasive_discharge", "《中华人民共和国水污染防治法》"),
        ("gw.62.public_order", "治安管理处罚"),
        ("gw.62.crime", "依法追究刑事责任"),
    ],
)
def test_referrals_carry_no_fine_of_their_own(code: str, referral: str) -> None:
    c = penalty_for(code, {})
    assert not c.has_fine and c.referral and referral in c.referral


def test_fines_never_scale_and_only_56_levies() -> None:
    for p in PROVISIONS.values():
        for band in p.bands:
            if band.levy_basis:
                assert p.eid.startswith("chp_7__art_56")
    assert all(penalty_for(code, _all_true(code)).fine_basis is None for code in PROVISIONS)


def _all_true(code: str) -> dict[str, bool]:
    return dict.fromkeys(PROVISIONS[code].facts, True)


def test_unknown_code_and_non_bool_fact() -> None:
    with pytest.raises(UnknownViolation):
        penalty_for("gw.99.none", {})
    with pytest.raises(TypeError):
        penalty_for("gw.56.1.no_meter", {"serious": "是"})
