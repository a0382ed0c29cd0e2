"""Server-rendered pages (without a browser): 法规库, article links, search, errors as HTML."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote


def test_laws_list_filters_and_links(client):
    html = client.get("/laws", params={"kind": "条例"}).text
    assert "共 1 件" in html and "/laws/" + quote("国务院令-748", safe="") in html
    assert (
        client.get("/laws", params={"date_from": "not-a-date"}, headers={"accept": "text/html"}).status_code
        == 400
    )


def test_document_page_has_outline_and_full_text(client):
    html = client.get("/laws/国务院令-748").text
    assert html.count('class="k-article"') == 64
    assert "第五十六条" in html and "export?format=akn" in html


def test_article_links_internal_and_corpus_references(client):
    html = client.get("/laws/国务院令-748/41").text
    links = [unquote(h) for h in re.findall(r'<a class="xref" href="([^"]+)">前款第二项</a>', html)]
    assert links == ["/laws/国务院令-748/chp_5__art_41__para_1__item_2"]
    # A notice that cites another document of the corpus by its title links to that document.
    html = client.get("/laws/环法规-2021-107/para_1").text
    target = re.search(r'<a class="xref" href="([^"]+)">《关于深入打好污染防治攻坚战的意见》</a>', html)
    assert target and client.get(target.group(1)).status_code == 200
    assert 'rel="next"' in client.get("/laws/国务院令-748/22").text


def test_search_page_marks_terms_and_links_hits(client):
    html = client.get("/search", params={"q": "没装水表罚多少"}).text
    assert "<mark>" in html
    assert re.search(r'<a class="cite" href="/laws/[^"]+">《地下水管理条例》第五十六条', html)


def test_errors_render_as_pages_for_browsers_and_json_for_the_api(client):
    page = client.get("/laws/no-such-doc", headers={"accept": "text/html"})
    assert (
        page.status_code == 404
        and "没有找到" in page.text
        and page.headers["content-type"].startswith("text/html")
    )
    api = client.get("/api/v1/documents/no-such-doc", headers={"accept": "text/html"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_static_assets_are_bundled(client):
    for path in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/chartjs/chart.umd.min.js",
        "/static/app.js",
    ):
        assert client.get(path).status_code == 200
    assert "BSD" in client.get("/static/vendor/leaflet/LICENSE").text
