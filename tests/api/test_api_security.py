"""Hostile input: script in queries and names is escaped, injection attempts fail safely, headers hold."""

from __future__ import annotations

from urllib.parse import quote

import pytest

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
INJECTIONS = [
    "' OR 1=1 --",
    "地下水'; DROP TABLE documents; --",
    '" OR ""="',
    "水 AND NOT 罚款",
    'NEAR("取水" "许可")',
    "MATCH * : ^ -- /* */",
    "%_%",
    "\x00\x01",
    "(((((((",
    "*",
]


def test_script_in_search_query_is_escaped_on_the_page(client):
    r = client.get("/search", params={"q": XSS})
    assert r.status_code in (200, 400)
    assert "<script>alert" not in r.text and "<img src=x" not in r.text
    assert "&lt;script&gt;" in r.text


def test_snippets_mark_terms_but_escape_the_text(client):
    body = client.get("/api/v1/search", params={"q": f"取水许可 {XSS}"}).json()
    for hit in body["items"]:
        stripped = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
        assert "<" not in stripped


def test_script_in_a_user_name_is_escaped(client, make_user, login):
    make_user("evil", "county", "370102", display_name=XSS)
    login(client, "evil")
    html = client.get("/account").text
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_script_in_paths_and_filters_is_escaped(client):
    r = client.get("/laws/" + quote(XSS), headers={"accept": "text/html"})
    assert r.status_code == 404
    assert "<script>alert" not in r.text
    r = client.get("/laws", params={"issuer": XSS, "q": XSS})
    assert r.status_code == 200 and "<script>alert" not in r.text


@pytest.mark.parametrize("attack", INJECTIONS)
def test_injection_attempts_fail_safely(client, attack):
    for path, params in [
        ("/api/v1/search", {"q": attack}),
        ("/api/v1/search", {"q": "地下水", "doc": attack, "kind": attack, "issuer": attack}),
        ("/api/v1/documents", {"kind": attack, "issuer": attack, "q": attack}),
        ("/search", {"q": attack}),
    ]:
        r = client.get(path, params=params)
        assert r.status_code < 500, (path, attack, r.text[:200])
        if r.status_code >= 400 and path.startswith("/api/"):
            assert set(r.json()) == {"error"}
    r = client.get(f"/api/v1/documents/{quote(attack, safe='')}")
    assert r.status_code in (400, 404)
    # The store is intact afterwards.
    assert len(client.get("/api/v1/documents").json()["items"]) == 21


def test_login_injection_does_not_authenticate(client, make_user):
    make_user("ana", "county", "370102")
    token = client.get("/login").text.split('name="csrf_token" value="')[1].split('"')[0]
    for name in ("ana' --", "' OR '1'='1", "ana\x00"):
        r = client.post("/login", data={"name": name, "password": "' OR '1'='1", "csrf_token": token})
        assert r.status_code == 400
    assert client.get("/api/v1/me").json()["authenticated"] is False


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/v1/documents"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert (
            "'unsafe-inline'" not in headers["content-security-policy"].split("script-src")[1].split(";")[0]
        )
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


def test_pages_have_no_inline_script(client):
    import re

    for path in ("/", "/laws", "/search?q=取水", "/login", "/public"):
        html = client.get(path).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_script_in_registry_names_is_escaped_on_groundwater_pages(client, app, make_user, login):
    from sqlalchemy import update

    from zhengce.regimes.groundwater import schema

    with app.state.services.engine.begin() as conn:
        conn.execute(
            update(schema.works).where(schema.works.c.works_id == "370102-W-000001").values(owner=XSS)
        )
        conn.execute(update(schema.zones).where(schema.zones.c.zone_id == "Z-OVR-1").values(name=XSS))
    make_user("root", "admin")
    login(client, "root")
    for path in ("/gw/works/370102-W-000001", "/public", "/gw"):
        html = client.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
    geo = client.get("/api/v1/groundwater/works.geojson").json()
    assert any(f["properties"]["owner"] == XSS for f in geo["features"])  # data intact, escaped only in HTML
