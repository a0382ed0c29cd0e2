"""End-to-end in a real browser: search → article, public pages, county login and jurisdiction, map, works."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def test_search_and_open_an_article(page, shot):
    page.goto("/")
    page.fill("input[name=q]", "没装水表罚多少")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    hits = page.locator("li.hit")
    expect(hits.first).to_be_visible()
    assert page.locator("li.hit mark").count() > 0
    shot(page, "search-results")
    link = page.locator("a.cite", has_text="第五十六条").first
    link.click()
    expect(page.locator("h1.citation")).to_contain_text("《地下水管理条例》第五十六条")
    expect(page.locator("article.node")).to_contain_text("10万元以上50万元以下罚款")
    expect(page.locator(".tag.t-penalty").first).to_be_visible()
    shot(page, "article-56")
    assert page.errors == []


def test_public_pages_without_login(page, shot):
    page.goto("/public")
    expect(page.locator("#zones tbody tr")).to_have_count(10)
    expect(page.locator("#monitoring tbody tr").first).to_be_visible()
    shot(page, "public")
    page.goto("/laws")
    expect(page.locator("table.data tbody tr")).to_have_count(21)
    page.goto("/gw")
    expect(page.locator("#map")).to_have_attribute("data-ready", "1")
    assert page.locator("#map").get_attribute("data-works") is None  # no works for the public
    assert page.locator("#map").get_attribute("data-zones") == "10"  # the zones are drawn
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1
    shot(page, "public-map")
    page.goto("/gw/works/370102-W-000001")
    expect(page.locator("section.error")).to_contain_text("请先登录")
    assert page.errors == []


def test_county_user_sees_only_that_county(page, login_as, shot):
    login_as(page, "lixia")
    page.goto("/gw")
    expect(page.locator("#map")).to_have_attribute("data-ready", "1")
    assert page.locator("#map").get_attribute("data-works") == "300"
    rows = page.locator("#summaries tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("370102")
    shot(page, "county-map")
    page.goto("/gw/works/370103-W-000001")
    expect(page.locator("section.error")).to_contain_text("没有找到")
    page.goto("/gw/findings?region=370103")
    expect(page.locator("section.error")).to_contain_text("无权访问")
    assert page.errors == []


def test_city_user_sees_both_counties(page, login_as):
    login_as(page, "jinan")
    page.goto("/gw")
    expect(page.locator("#map")).to_have_attribute("data-ready", "1")
    assert page.locator("#map").get_attribute("data-works") == "303"
    expect(page.locator("#summaries tbody tr")).to_have_count(2)


def test_map_dashboard_findings_and_works_page(page, login_as, shot):
    login_as(page, "lixia")
    page.goto("/gw/regions/370102?year=2024")
    expect(page.locator("#chart-monthly")).to_have_attribute("data-ready", "1")
    expect(page.locator("#chart-levels")).to_have_attribute("data-ready", "1")
    shot(page, "region-dashboard")
    page.goto("/gw/findings?kind=violation")
    card = page.locator("article.finding").first
    expect(card.locator("blockquote.cited").first).to_contain_text("《地下水管理条例》")
    works_link = card.locator("header a").first
    works_id = works_link.inner_text()
    shot(page, "findings")
    works_link.click()
    expect(page.locator("h1")).to_contain_text(works_id)
    expect(page.locator("#chart-works")).to_have_attribute("data-ready", "1")
    expect(page.locator("article.finding").first).to_be_visible()
    shot(page, "works-page")
    assert page.errors == []


def test_permit_decision_form(page, login_as, shot):
    login_as(page, "lixia")
    page.goto("/gw/decide")
    page.fill("input[name=application_id]", "SQ-2024-007")
    page.fill("input[name=applicant]", "某饮料厂")
    page.fill("input[name=lon]", "117.14")
    page.fill("input[name=lat]", "36.64")
    page.fill("input[name=annual_m3]", "80000")
    page.fill("input[name=as_of]", "2024-06-30")
    page.click("#decide-form button[type=submit]")
    expect(page.locator("#decision h2")).to_contain_text("审查结论")
    expect(page.locator("#decision blockquote.cited").first).to_contain_text("第二十五条")
    shot(page, "permit-decision")
    assert page.errors == []
