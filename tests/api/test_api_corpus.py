"""Corpus endpoints: documents, filters, cursor pagination, ETags, nodes, trees, exports."""

from __future__ import annotations

from urllib.parse import quote

import pytest

GW = quote("国务院令-748")


def test_documents_list_has_all_documents_with_metadata(client):
    body = client.get("/api/v1/documents").json()
    assert body["next_cursor"] is None
    assert len(body["items"]) == 21
    gw = next(d for d in body["items"] if d["doc_id"] == "国务院令-748")
    assert gw["title"] == "地下水管理条例"
    assert gw["issuers"] == ["国务院"]
    assert gw["signed_date"] == "2021-10-21"


def test_cursor_pagination_walks_every_document_once(client):
    seen, cursor, pages = [], None, 0
    while True:
        params = {"limit": 4} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/documents", params=params).json()
        seen += [d["doc_id"] for d in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 6
    assert len(seen) == len(set(seen)) == 21


def test_cursor_from_other_filters_or_garbage_is_a_400(client, api_error):
    cursor = client.get("/api/v1/documents", params={"limit": 2}).json()["next_cursor"]
    api_error(client.get("/api/v1/documents", params={"cursor": cursor, "kind": "通知"}), 400, "bad_cursor")
    api_error(client.get("/api/v1/documents", params={"cursor": "!!not-base64!!"}), 400, "bad_cursor")
    api_error(client.get("/api/v1/documents", params={"cursor": "e30"}), 400, "bad_cursor")  # "{}"


def test_filters_by_kind_issuer_and_date(client):
    only = client.get("/api/v1/documents", params={"kind": "条例"}).json()["items"]
    assert [d["doc_id"] for d in only] == ["国务院令-748"]
    mof = client.get("/api/v1/documents", params={"issuer": "财政部"}).json()["items"]
    assert mof and all(any("财政部" in i for i in d["issuers"]) for d in mof)
    late = client.get("/api/v1/documents", params={"date_from": "2021-11-01"}).json()["items"]
    assert late and all(d["signed_date"] >= "2021-11-01" for d in late)
    assert "国务院令-748" not in {d["doc_id"] for d in late}


def test_bad_filters_are_4xx_with_the_error_body(client, api_error):
    err = api_error(client.get("/api/v1/documents", params={"date_from": "2021-13-45"}), 422, "invalid_input")
    assert "date_from" in err["message"]
    api_error(
        client.get("/api/v1/documents", params={"date_from": "2021-12-01", "date_to": "2021-01-01"}),
        400,
        "bad_date_range",
    )
    api_error(client.get("/api/v1/documents", params={"limit": 0}), 422)


def test_etag_gives_304_when_unchanged(client):
    first = client.get(f"/api/v1/documents/{GW}/nodes/22")
    etag = first.headers["etag"]
    again = client.get(f"/api/v1/documents/{GW}/nodes/22", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = client.get(f"/api/v1/documents/{GW}/nodes/23", headers={"If-None-Match": etag})
    assert other.status_code == 200
    listing = client.get("/api/v1/documents")
    assert (
        client.get("/api/v1/documents", headers={"If-None-Match": listing.headers["etag"]}).status_code == 304
    )


def test_node_by_article_number_or_eid_with_resolved_references(client):
    by_number = client.get(f"/api/v1/documents/{GW}/nodes/56").json()
    by_eid = client.get(f"/api/v1/documents/{GW}/nodes/chp_7__art_56").json()
    assert by_number["eid"] == by_eid["eid"] == "chp_7__art_56"
    assert by_number["citation"] == "《地下水管理条例》第五十六条"
    assert by_number["path"][0]["kind"] == "chapter"
    para = client.get(f"/api/v1/documents/{GW}/nodes/第二十二条第二款").json()
    assert para["citation"] == "《地下水管理条例》第二十二条第二款"
    # 第四十一条第二款 cites 前款第二项: resolved to that item's node id.
    refs = client.get(f"/api/v1/documents/{GW}/nodes/41").json()["references"]
    assert any(r["eids"] == ["chp_5__art_41__para_1__item_2"] for r in refs), refs


def test_missing_document_and_article_are_404(client, api_error):
    api_error(client.get("/api/v1/documents/no-such-doc"), 404, "not_found")
    api_error(client.get(f"/api/v1/documents/{GW}/nodes/999"), 404, "not_found")
    api_error(client.get(f"/api/v1/documents/{GW}/nodes/%E7%AC%AC"), 400, "bad_request")


def test_tree_nests_chapters_and_articles(client):
    tree = client.get(f"/api/v1/documents/{GW}/tree", params={"text": "false"}).json()
    chapters = [c for c in tree["children"] if c["kind"] == "chapter"]
    assert len(chapters) == 8
    assert all("text" not in c for c in chapters)
    articles = [a for c in chapters for a in c["children"] if a["kind"] == "article"]
    assert len(articles) == 64


@pytest.mark.parametrize(
    ("fmt", "media", "start"),
    [
        ("json", "application/json", "{"),
        ("md", "text/markdown", "# 地下水管理条例"),
        ("akn", "application/akn+xml", "<?xml"),
    ],
)
def test_export_streams_each_format(client, fmt, media, start):
    r = client.get(f"/api/v1/documents/{GW}/export", params={"format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    assert "attachment" in r.headers["content-disposition"]
    assert r.text.startswith(start)
    assert "第五十六条" in r.text
    assert (
        client.get(
            f"/api/v1/documents/{GW}/export",
            params={"format": fmt},
            headers={"If-None-Match": r.headers["etag"]},
        ).status_code
        == 304
    )


def test_export_unknown_format_is_422(client, api_error):
    api_error(client.get(f"/api/v1/documents/{GW}/export", params={"format": "pdf"}), 422, "invalid_input")


def test_openapi_is_served_under_api_v1(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/documents" in spec["paths"]
    assert "/api/v1/search" in spec["paths"]
    assert not any(p.startswith("/laws") for p in spec["paths"])  # pages are not API
