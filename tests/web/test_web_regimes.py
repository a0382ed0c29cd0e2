"""临时用地、资金、规划目标 in a real browser, against their own small store (corpus + land registry + reports)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from tests.web.conftest import serve

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
T1 = "中共中央国务院关于深入打好污染防治攻坚战的意见/sec_1__subsec_3__para_1/t1"


@pytest.fixture(scope="module")
def regime_server(tmp_path_factory, parsed):
    """The app on a free loopback port: the compilation, examples/land, examples/targets reports."""
    from zhengce.api import create_app
    from zhengce.corpus.store import CorpusStore
    from zhengce.db import make_engine
    from zhengce.regimes.land.bundle import parse_bundle
    from zhengce.regimes.land.store import LandStore
    from zhengce.regimes.targets.query import import_reports

    db = tmp_path_factory.mktemp("web-regimes") / "regimes.db"
    engine = make_engine(str(db))
    CorpusStore(engine).ingest(parsed.documents)
    store = LandStore(engine)
    registry = json.loads((ROOT / "examples" / "land" / "registry.json").read_text(encoding="utf-8"))
    store.load(parse_bundle(registry, store.county_codes()))
    import_reports(engine, ROOT / "examples" / "targets" / "reports.csv")
    engine.dispose()
    app = create_app(str(db))
    app.state.services.accounts.add_user(
        "henan", PASSWORD, "province", region="410000", display_name="河南省厅"
    )
    yield from serve(app)


@pytest.fixture
def rpage(open_page, regime_server):
    return open_page(regime_server)


def test_targets_page_badges_and_cited_sections(rpage, shot):
    page = rpage
    page.goto("/")
    page.click("header nav a:text('规划目标')")
    page.wait_for_url(re.compile(r"/targets$"))
    page.goto("/targets?as_of=2024-06-30&kind=target")
    row = page.locator(f"tr[data-item='{T1}']")
    expect(row.locator(".badge")).to_have_text("存在风险")
    expect(row).to_contain_text("95.4")
    assert page.locator("#targets tbody tr[data-status=missed]").count() >= 1
    assert page.locator("#status-counts [data-status=at_risk] b").inner_text() != "0"
    assert page.locator("#import-form").count() == 0  # the public cannot import
    shot(page, "targets")
    row.locator("a.cite").click()
    expect(page.locator("h1.citation")).to_contain_text("一、（三）第1段")
    expect(page.locator("article.node")).to_contain_text("比2020年下降18%")
    assert page.errors == []


def test_land_page_public_then_province(rpage, shot):
    page = rpage
    page.goto("/land")
    expect(page.locator("#land-approvals tbody tr")).to_have_count(3)  # published approvals only
    assert page.locator("#land-stats").count() == 0 and page.locator("#land-uses").count() == 0
    page.goto("/login?next=/land")
    page.fill("input[name=name]", "henan")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_load_state()
    page.goto("/land?as_of=2024-06-30&year=2023")
    expect(page.locator("p.suspension")).to_contain_text("示例县（411123）自 2024-02-20 起暂停审批")
    expect(page.locator("#land-stats tbody tr")).to_have_count(2)
    expect(page.locator("#land-stats tr[data-county='411123']")).to_contain_text("40.0%")
    expect(page.locator("#land-uses tbody tr")).to_have_count(6)
    expect(page.locator("#land-uses tr[data-use='LY-2022-001']")).to_contain_text("未发现问题")
    cited = page.locator(
        "#findings-LY-2022-002 article[data-rule='land.siting.hard_to_restore'] blockquote.cited"
    )
    expect(cited).to_contain_text("二、第1段")
    expect(cited).to_contain_text("制梁场、拌合站等难以恢复原种植条件的不得以临时用地方式占用耕地")
    shot(page, "land-province")
    page.click("#land-uses tr[data-use='LY-2022-002'] a")
    expect(page.locator("h1")).to_contain_text("LY-2022-002")
    expect(page.locator("article.finding")).to_have_count(5)
    shot(page, "land-use")
    assert page.errors == []


def test_funds_restoration_form(rpage, shot):
    page = rpage
    page.goto("/funds")
    form = page.locator("#form-restoration")
    form.locator("input[name=as_of]").fill("2023-06-30")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    result = page.locator("#result-restoration")
    expect(result.locator("tr[data-project='SSLT-01'] .award")).to_have_text("10亿元")  # exactly 20亿
    expect(result.locator("tr[data-project='GK-02'] .award")).to_have_text("0元")
    expect(result.locator("blockquote.cited").first).to_contain_text("第六条第二款")
    shot(page, "funds-restoration")
    assert page.errors == []
