"""Search endpoint: ranked hits with citations, filters, cursor, and hostile input handled as 4xx."""

from __future__ import annotations


def test_lay_question_finds_the_article(client):
    body = client.get("/api/v1/search", params={"q": "没装水表罚多少", "limit": 5}).json()
    cites = [h["citation"] for h in body["items"]]
    assert any(c.startswith("《地下水管理条例》第五十六条") for c in cites), cites
    hit = body["items"][0]
    assert hit["href"].startswith("/laws/")
    assert "<mark>" in "".join(h["snippet"] for h in body["items"])


def test_search_filter_by_document(client):
    body = client.get("/api/v1/search", params={"q": "资金", "doc": "国务院令-748", "limit": 10}).json()
    assert all(h["doc_id"] == "国务院令-748" for h in body["items"])


def test_search_cursor_continues_the_ranking(client):
    first = client.get("/api/v1/search", params={"q": "地下水", "limit": 3}).json()
    second = client.get(
        "/api/v1/search", params={"q": "地下水", "limit": 3, "cursor": first["next_cursor"]}
    ).json()
    assert first["next_cursor"]
    ids1 = {(h["doc_id"], h["eid"]) for h in first["items"]}
    ids2 = {(h["doc_id"], h["eid"]) for h in second["items"]}
    assert ids2 and not ids1 & ids2


def test_search_bad_input_is_4xx(client, api_error):
    api_error(client.get("/api/v1/search"), 422, "invalid_input")
    api_error(client.get("/api/v1/search", params={"q": "x" * 201}), 422, "invalid_input")
    api_error(client.get("/api/v1/search", params={"q": "水", "date_from": "yesterday"}), 422)
