"""Provisions tables over the API (JSON pages, CSV, XLSX) and on the 条款表 page."""

from __future__ import annotations


def test_penalties_by_kind_with_cursor_pages(client):
    first = client.get("/api/v1/provisions", params={"kind": "penalty", "limit": 10}).json()
    assert first["total"] >= 20
    assert all(r["kind"] == "penalty" for r in first["items"])
    seen = [(r["doc_id"], r["eid"]) for r in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = client.get(
            "/api/v1/provisions", params={"kind": "penalty", "limit": 10, "cursor": cursor}
        ).json()
        seen += [(r["doc_id"], r["eid"]) for r in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == first["total"]
    assert ("国务院令-748", "chp_7__art_56__para_1") in seen


def test_chinese_kind_label_and_actor_filter(client):
    by_label = client.get("/api/v1/provisions", params={"kind": "罚则", "limit": 500}).json()["items"]
    by_code = client.get("/api/v1/provisions", params={"kind": "penalty", "limit": 500}).json()["items"]
    assert by_label == by_code
    actor = client.get("/api/v1/provisions", params={"actor": "水行政主管部门", "limit": 500}).json()["items"]
    assert actor and all(any("水行政主管部门" in a["name"] for a in r["actors"]) for r in actor)


def test_csv_and_xlsx_exports(client):
    csv = client.get("/api/v1/provisions", params={"kind": "deadline", "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("文件编号,条款,节点")
    assert len(lines) > 10
    xlsx = client.get("/api/v1/provisions", params={"format": "xlsx", "doc": "国务院令-748"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_bad_kind_is_a_400(client, api_error):
    api_error(client.get("/api/v1/provisions", params={"kind": "bogus"}), 400, "bad_request")
    api_error(client.get("/api/v1/provisions", params={"format": "pdf"}), 422, "invalid_input")


def test_provisions_page_and_article_tags(client):
    page = client.get("/provisions", params={"kind": "penalty", "doc": "国务院令-748"})
    assert page.status_code == 200
    assert "《地下水管理条例》第五十六条第一款" in page.text
    assert 'href="/api/v1/provisions?kind=penalty&amp;doc=' in page.text  # export keeps the filters
    article = client.get("/laws/国务院令-748/56")
    assert 'class="tag t-penalty">罚则' in article.text
