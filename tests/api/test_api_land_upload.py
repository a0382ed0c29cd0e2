"""POST /api/v1/land/registry: an authority uploads its 临时用地 registry file (what `zhengce land load` does).

All or nothing and within the caller's region prefix; every refusal leaves the registry and the
audit log as they were.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ON = "2024-06-30"  # the notice is in force (2021-11-04 … 2026-11-04)
URL = "/api/v1/land/registry"


def _registry() -> dict:
    """examples/land/registry.json: 411122 临颍县 (3 uses), 411123 示例县 (3 uses, one suspension order)."""
    return json.loads((ROOT / "examples" / "land" / "registry.json").read_text(encoding="utf-8"))


def _use(use_id: str) -> dict:
    return copy.deepcopy(next(u for u in _registry()["uses"] if u["use_id"] == use_id))


def _bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _upload(client, headers, content: bytes, name: str = "registry.json", **extra):
    return client.post(URL, files={"file": (name, content, "application/json")}, headers=headers, **extra)


@pytest.fixture
def bearer(app, accounts, make_user):
    made: dict[str, dict] = {}

    def make(role: str, region: str | None = None, owner: str | None = None) -> dict:
        name = f"{role}-{region or owner or 'x'}"
        if name not in made:
            make_user(name, role, region, owner)
            _, token = accounts.create_token(name, "test")
            made[name] = {"Authorization": f"Bearer {token}"}
        return made[name]

    return make


@pytest.fixture
def loaded(client, bearer):
    """The example registry uploaded by an administrator."""
    r = _upload(client, bearer("admin"), (ROOT / "examples" / "land" / "registry.json").read_bytes())
    assert r.status_code == 200, r.text[:300]
    return r.json()


@pytest.fixture
def snapshot(app):
    """Everything the registry holds and every land audit entry, to show a refusal changed nothing."""
    from zhengce.api.auth import audit
    from zhengce.regimes.land.store import LandStore

    engine = app.state.services.engine

    def take() -> tuple:
        store = LandStore(engine)
        entries = [e["id"] for e in audit.entries(engine, limit=500) if e["action"] == "land.load"]
        return store.counties(), store.use_rows(), store.suspensions(), entries

    return take


def _uses(client, headers, **params) -> dict[str, dict]:
    r = client.get("/api/v1/land/uses", params={"as_of": ON} | params, headers=headers)
    assert r.status_code == 200, r.text[:300]
    return {u["use_id"]: u for u in r.json()["items"]}


def _land_audit(app) -> list[dict]:
    from zhengce.api.auth import audit

    return [e for e in audit.entries(app.state.services.engine, limit=500) if e["action"] == "land.load"]


# ---------------------------------------------------------------- success
def test_admin_loads_the_example_registry_and_reads_show_it(client, app, bearer, snapshot):
    admin = bearer("admin")
    assert _uses(client, admin) == {}
    assert client.get("/api/v1/land/counties").json()["items"] == []
    r = _upload(client, admin, (ROOT / "examples" / "land" / "registry.json").read_bytes())
    assert r.status_code == 200, r.text[:300]
    assert r.json() == {
        "counties": 2,
        "uses_new": 6,
        "uses_replaced": 0,
        "suspensions": 1,
        "file": "registry.json",
    }
    rows = _uses(client, admin)
    assert set(rows) == {u["use_id"] for u in _registry()["uses"]}
    assert rows["LY-2022-002"]["compliance"] == "violation"
    assert {u["use_id"] for u in client.get("/api/v1/land/approvals").json()["items"]} <= set(rows)
    stats = client.get("/api/v1/land/statistics", params={"as_of": ON, "year": 2023}, headers=admin).json()
    by_county = {s["county_code"]: s for s in stats["items"]}
    assert set(by_county) == {"411122", "411123"}
    assert by_county["411123"]["suspension_order"]["ordered_on"] == "2024-02-20"
    detail = client.get("/api/v1/land/uses/SL-2021-004", params={"as_of": ON}, headers=admin).json()
    assert detail["county_code"] == "411123" and detail["reclamation"] == "overdue"

    # The same file again replaces every use: nothing is added twice.
    before = snapshot()
    again = _upload(client, admin, (ROOT / "examples" / "land" / "registry.json").read_bytes()).json()
    assert again == {
        "counties": 2,
        "uses_new": 0,
        "uses_replaced": 6,
        "suspensions": 1,
        "file": "registry.json",
    }
    after = snapshot()
    assert after[:3] == before[:3]
    assert len(_uses(client, admin)) == 6


def test_audit_entry_names_the_caller_file_and_counts(client, app, bearer, loaded):
    entries = _land_audit(app)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["actor"] == "admin-x" and entry["target"] == "registry.json"
    assert entry["detail"] == {
        "counties": 2,
        "uses_new": 6,
        "uses_replaced": 0,
        "suspensions": 1,
        "county_codes": ["411122", "411123"],
    }
    assert entry["client"]  # the TestClient's address


def test_county_loads_and_replaces_its_own_uses(client, app, bearer, loaded):
    county = bearer("county", "411122")
    changed = _use("LY-2022-002") | {"leased": False, "uploaded_on": "2022-05-10"}
    new = _use("LY-2022-001") | {
        "use_id": "LY-2024-009",
        "approved_on": "2024-03-01",
        "term_end": "2026-03-01",
    }
    new.pop("uploaded_on", None)
    body = {"counties": [{"code": "411122", "name": "临颍县", "province": "河南省"}], "uses": [changed, new]}
    r = _upload(client, county, _bytes(body), name="临颍县-2024.json")
    assert r.status_code == 200, r.text[:300]
    assert r.json() == {
        "counties": 1,
        "uses_new": 1,
        "uses_replaced": 1,
        "suspensions": 0,
        "file": "临颍县-2024.json",
    }
    mine = _uses(client, county)
    assert set(mine) == {"LY-2022-001", "LY-2022-002", "LY-2021-017", "LY-2024-009"}
    assert mine["LY-2022-002"]["leased"] is False
    assert "land.use.as_approved" not in {f["rule_id"] for f in mine["LY-2022-002"]["findings"]}
    # The other county's uses are untouched and still invisible to this county.
    assert len(_uses(client, bearer("admin"))) == 7
    entry = _land_audit(app)[0]
    assert entry["actor"] == "county-411122" and entry["target"] == "临颍县-2024.json"
    assert entry["detail"]["county_codes"] == ["411122"]


def test_city_and_province_load_within_their_prefix(client, bearer, loaded, api_error, snapshot):
    body = {"uses": [_use("LY-2022-001"), _use("SL-2021-003")]}  # 411122 and 411123, both in city 4111
    for headers in (bearer("city", "411100"), bearer("province", "410000")):
        r = _upload(client, headers, _bytes(body))
        assert r.status_code == 200, r.text[:300]
        assert r.json()["uses_replaced"] == 2
    before = snapshot()
    err = api_error(_upload(client, bearer("province", "320000"), _bytes(body)), 403, "out_of_jurisdiction")
    assert {d["field"] for d in err["details"]} == {"uses[0].county_code", "uses[1].county_code"}
    assert snapshot() == before


# ---------------------------------------------------------------- who may upload
def test_anonymous_public_and_owner_are_refused(client, bearer, api_error, snapshot):
    content = (ROOT / "examples" / "land" / "registry.json").read_bytes()
    before = snapshot()
    # A form post without a token is stopped by the app-wide CSRF guard before anything else;
    # with a matching anonymous CSRF cookie it reaches the endpoint, which wants a login.
    api_error(_upload(client, {}, content), 403, "csrf_failed")
    client.cookies.set("zc_csrf", "anonymous-token")
    api_error(_upload(client, {}, content, data={"csrf_token": "anonymous-token"}), 401, "unauthenticated")
    client.cookies.clear()
    api_error(_upload(client, bearer("public"), content), 403, "forbidden")
    api_error(_upload(client, bearer("owner", owner="某公路建设有限公司"), content), 403, "forbidden")
    assert snapshot() == before


def test_county_cannot_write_another_countys_records(client, bearer, loaded, api_error, snapshot):
    county = bearer("county", "411122")
    before = snapshot()
    # One use of its own and one of 示例县: refused as a whole, its own use not written either.
    own = _use("LY-2022-001") | {"use_id": "LY-2024-010"}
    other = _use("SL-2021-003") | {"use_id": "SL-2024-010"}
    err = api_error(_upload(client, county, _bytes({"uses": [own, other]})), 403, "out_of_jurisdiction")
    assert [d["field"] for d in err["details"]] == ["uses[1].county_code"]
    assert "411123" in err["details"][0]["problem"]
    # Renaming the other county or recording its suspension order.
    err = api_error(
        _upload(client, county, _bytes({"counties": [{"code": "411123", "name": "改名县"}]})),
        403,
        "out_of_jurisdiction",
    )
    assert [d["field"] for d in err["details"]] == ["counties[0].code"]
    susp = {"suspensions": [{"county_code": "411123", "stat_year": 2023, "ordered_on": "2024-02-20"}]}
    api_error(_upload(client, county, _bytes(susp)), 403, "forbidden")
    # Nor its own: suspending and resuming approvals is the province's act (四、第4段).
    own_susp = {"suspensions": [{"county_code": "411122", "stat_year": 2023, "ordered_on": "2024-02-20"}]}
    err = api_error(_upload(client, county, _bytes(own_susp)), 403, "forbidden")
    assert "省级" in err["message"]
    # Taking over another county's use by reusing its number under its own county code.
    takeover = _use("SL-2021-004") | {"county_code": "411122"}
    err = api_error(_upload(client, county, _bytes({"uses": [own, takeover]})), 403, "out_of_jurisdiction")
    assert [d["field"] for d in err["details"]] == ["uses[1].use_id"]
    assert snapshot() == before
    assert "LY-2024-010" not in _uses(client, bearer("admin"))


# ---------------------------------------------------------------- invalid files
def test_invalid_record_is_422_with_every_problem_and_nothing_written(
    client, bearer, loaded, api_error, snapshot
):
    admin = bearer("admin")
    before = snapshot()
    good = _use("LY-2022-001") | {"use_id": "LY-2024-011"}
    bad = _use("LY-2022-002") | {"approved_on": "2024-13-01", "purpose": "factory"}
    bad["areas_m2"] = {"cultivated": -5}
    body = {"uses": [good, bad, {"use_id": "x"}], "extra": 1}
    err = api_error(_upload(client, admin, _bytes(body)), 422, "invalid_input")
    fields = {d["field"] for d in err["details"]}
    assert {"uses[1].approved_on", "uses[1].purpose", "uses[1].areas_m2.cultivated", "顶层"} <= fields
    assert "uses[2].county_code" in fields
    assert all(d["problem"] for d in err["details"])
    # A use in a county the registry does not know, and a file that is not an object.
    stray = _use("LY-2022-001") | {"use_id": "LY-2024-012", "county_code": "411199"}
    err = api_error(_upload(client, admin, _bytes({"uses": [stray]})), 422, "invalid_input")
    assert [d["field"] for d in err["details"]] == ["uses[0].county_code"]
    api_error(_upload(client, admin, b"[1, 2]"), 422, "invalid_input")
    assert snapshot() == before


def test_bad_uploads_are_refused_with_a_clear_message(client, bearer, loaded, api_error, snapshot):
    admin = bearer("admin")
    content = (ROOT / "examples" / "land" / "registry.json").read_bytes()
    before = snapshot()
    api_error(_upload(client, admin, b""), 400, "bad_request")
    api_error(_upload(client, admin, content, name="registry.txt"), 415, "unsupported_media_type")
    api_error(_upload(client, admin, content, name="registry"), 415, "unsupported_media_type")
    api_error(_upload(client, admin, content, name=".json"), 415, "unsupported_media_type")
    big = b'{"uses": [], "pad": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    api_error(_upload(client, admin, big), 413, "too_large")
    gbk = json.dumps(_registry(), ensure_ascii=False).encode("gb18030")
    err = api_error(_upload(client, admin, gbk), 400, "bad_request")
    assert "UTF-8" in err["message"]
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    assert "UTF-8" in api_error(_upload(client, admin, png), 400, "bad_request")["message"]
    err = api_error(_upload(client, admin, b"\x00\x01\x02binary"), 400, "bad_request")
    assert "JSON" in err["message"]
    err = api_error(_upload(client, admin, b'{"uses": [}'), 400, "bad_request")
    assert "JSON" in err["message"] and "registry.json" in err["message"] and "/tmp" not in err["message"]
    assert snapshot() == before
    # A UTF-8 byte-order mark (as some Windows editors write) is accepted.
    r = _upload(client, admin, b"\xef\xbb\xbf" + content)
    assert r.status_code == 200 and r.json()["uses_replaced"] == 6
    # No file field at all.
    api_error(client.post(URL, data={"x": "1"}, headers=admin), 422, "invalid_input")


def test_cookie_session_needs_the_csrf_token(client, app, make_user, login, api_error, snapshot):
    make_user("landadmin", "admin")
    token = login(client, "landadmin")
    content = (ROOT / "examples" / "land" / "registry.json").read_bytes()
    before = snapshot()
    api_error(_upload(client, {}, content), 403, "csrf_failed")
    assert snapshot() == before
    r = _upload(client, {}, content, data={"csrf_token": token})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["uses_new"] == 6
    assert [e["actor"] for e in _land_audit(app)] == ["landadmin"]
