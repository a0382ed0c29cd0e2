import pytest

from zhengce.rules import CitationCheckError, Registry, RuleDefinitionError, rule

DOC = "国务院令-748"


def _fn(f):
    """第二十二条：……"""
    return None


def test_rule_without_citations_is_rejected() -> None:
    with pytest.raises(RuleDefinitionError, match="cites no node"):
        rule("gw.meter.required", cites=[], effective="2021-12-01")(_fn)


def test_rule_without_docstring_is_rejected() -> None:
    def bare(f):
        return None

    with pytest.raises(RuleDefinitionError, match="docstring"):
        rule("gw.meter.required", cites=[(DOC, "chp_3__art_22__para_1")], effective="2021-12-01")(bare)


@pytest.mark.parametrize("rule_id", ["Gw.meter", "meter", "gw..x", "gw.meter-required", ""])
def test_bad_rule_id_is_rejected(rule_id: str) -> None:
    with pytest.raises(RuleDefinitionError):
        rule(rule_id, cites=[(DOC, "chp_3__art_22__para_1")], effective="2021-12-01")(_fn)


def test_bad_eid_and_bad_date_are_rejected() -> None:
    with pytest.raises(RuleDefinitionError, match="node id"):
        rule("gw.x.y", cites=[(DOC, "article 22")], effective="2021-12-01")(_fn)
    with pytest.raises(RuleDefinitionError, match="ISO date"):
        rule("gw.x.y", cites=[(DOC, "chp_3__art_22")], effective="2021年12月1日")(_fn)


def test_registry_decorator_registers_and_titles_citations() -> None:
    reg = Registry(titles={DOC: "地下水管理条例"})

    @reg.rule("gw.meter.required", cites=[(DOC, "chp_3__art_22__para_1")], effective="2021-12-01")
    def required(f):
        """第二十二条第一款：新建、改建、扩建地下水取水工程，应当同时安装计量设施。"""
        return None

    assert "gw.meter.required" in reg and len(reg) == 1
    r = reg.get("gw.meter.required")
    assert r.citations[0].text == "《地下水管理条例》第二十二条第一款"
    assert "同时安装计量设施" in r.doc
    with pytest.raises(RuleDefinitionError, match="twice"):
        reg.register(r)


def test_extend_merges_and_rejects_duplicates() -> None:
    a, b = Registry(), Registry(titles={DOC: "地下水管理条例"})
    b.register(rule("gw.a.b", cites=[(DOC, "chp_3__art_22")], effective="2021-12-01")(_fn))
    a.extend(b)
    assert len(a) == 1 and a.titles[DOC] == "地下水管理条例"
    with pytest.raises(RuleDefinitionError):
        a.extend(b)


def test_check_citations_lists_every_missing_node() -> None:
    reg = Registry(titles={DOC: "地下水管理条例"})
    reg.register(rule("gw.ok.one", cites=[(DOC, "chp_3__art_22__para_1")], effective="2021-12-01")(_fn))
    reg.register(
        rule(
            "gw.bad.one",
            cites=[(DOC, "chp_3__art_22__para_3"), (DOC, "chp_3__art_22__para_1")],
            effective="2021-12-01",
        )(_fn)
    )
    reg.register(rule("gw.bad.two", cites=[("国务院令-999", "chp_1__art_1")], effective="2021-12-01")(_fn))
    known = {(DOC, "chp_3__art_22__para_1"): "新建、改建、扩建地下水取水工程，应当同时安装计量设施。"}
    with pytest.raises(CitationCheckError) as err:
        reg.check_citations(lambda d, e: known.get((d, e)))
    assert [m[0] for m in err.value.missing] == ["gw.bad.one", "gw.bad.two"]
    text = str(err.value)
    assert "2 处" in text and "chp_3__art_22__para_3" in text and "第二十二条第三款" in text
    assert "国务院令-999" in text


def test_check_citations_returns_texts_when_all_exist() -> None:
    reg = Registry()
    reg.register(rule("gw.ok.one", cites=[(DOC, "chp_3__art_22__para_1")], effective="2021-12-01")(_fn))
    assert reg.check_citations(lambda d, e: "text") == {(DOC, "chp_3__art_22__para_1"): "text"}
