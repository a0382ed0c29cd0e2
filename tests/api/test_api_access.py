"""Jurisdiction is enforced by the API for every groundwater endpoint, whoever the caller is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

OTHER_WORKS = "370103-W-000001"  # county 370103, owner 邻县水厂
OTHER_OWNER = "邻县水厂"
NEIGHBOUR_WORKS = "370103-W-000003"  # same county, another owner
HOME_WORKS = "370102-W-000001"  # the demo county


@pytest.fixture
def as_user(client, accounts, make_user):
    """Bearer headers for a new user of the given role."""

    def make(role: str, region: str | None = None, owner: str | None = None) -> dict:
        name = f"{role}-{region or owner or 'x'}"
        make_user(name, role, region, owner)
        _, token = accounts.create_token(name, "test")
        return {"Authorization": f"Bearer {token}"}

    return make


def _works(client, headers, **params) -> list[dict]:
    return client.get("/api/v1/groundwater/works", params={"limit": 1000} | params, headers=headers).json()[
        "items"
    ]


def test_county_sees_only_its_county(client, as_user, api_error):
    h = as_user("county", "370102")
    rows = _works(client, h)
    assert len(rows) == 300 and {r["region_code"] for r in rows} == {"370102"}
    points = client.get("/api/v1/groundwater/works.geojson", headers=h).json()["features"]
    assert len(points) == 300 and not any(f["id"].startswith("370103") for f in points)
    summaries = client.get("/api/v1/groundwater/summaries", headers=h).json()["items"]
    assert [s["region_code"] for s in summaries] == ["370102"]
    findings = client.get("/api/v1/groundwater/findings", params={"limit": 1000}, headers=h).json()["items"]
    assert findings and not any(f["subject"].startswith("370103") for f in findings)


def test_county_gets_404_for_another_countys_works_and_403_for_its_region(client, as_user, api_error):
    h = as_user("county", "370102")
    for path in ("", "/withdrawals", "/readings"):
        api_error(client.get(f"/api/v1/groundwater/works/{OTHER_WORKS}{path}", headers=h), 404, "not_found")
    assert client.get(f"/api/v1/groundwater/works/{HOME_WORKS}", headers=h).status_code == 200
    api_error(client.get("/api/v1/groundwater/works", params={"region": "370103"}, headers=h), 403)
    api_error(client.get("/api/v1/groundwater/works", params={"region": "370100"}, headers=h), 403)
    api_error(client.get("/api/v1/groundwater/findings", params={"region": "370103"}, headers=h), 403)
    assert (
        client.get("/api/v1/groundwater/findings", params={"works_id": OTHER_WORKS}, headers=h).json()[
            "items"
        ]
        == []
    )
    api_error(client.get("/api/v1/groundwater/regions/370103/report", headers=h), 403, "out_of_jurisdiction")
    api_error(client.get("/api/v1/groundwater/regions/370103/monthly", headers=h), 403, "out_of_jurisdiction")


def test_the_same_ids_are_hidden_on_the_web_pages(client, make_user, login):
    make_user("lixia", "county", "370102")
    login(client, "lixia")
    assert client.get(f"/gw/works/{OTHER_WORKS}").status_code == 404
    assert client.get(f"/gw/works/{HOME_WORKS}").status_code == 200
    assert client.get("/gw/findings", params={"region": "370103"}).status_code == 403
    assert OTHER_WORKS not in client.get("/gw/findings").text


@pytest.mark.parametrize(("role", "region"), [("city", "370100"), ("province", "370000"), ("admin", None)])
def test_city_province_and_admin_see_both_counties(client, as_user, role, region):
    h = as_user(role, region)
    codes = {r["region_code"] for r in _works(client, h)}
    assert codes == {"370102", "370103"}
    assert client.get(f"/api/v1/groundwater/works/{OTHER_WORKS}", headers=h).status_code == 200


def test_another_province_sees_nothing_of_these(client, as_user, api_error):
    h = as_user("province", "130000")
    assert _works(client, h) == []
    api_error(client.get(f"/api/v1/groundwater/works/{HOME_WORKS}", headers=h), 404)


def test_owner_sees_only_own_works_readings_and_findings(client, as_user, api_error):
    h = as_user("owner", owner=OTHER_OWNER)
    assert sorted(r["works_id"] for r in _works(client, h)) == [OTHER_WORKS, "370103-W-000002"]
    assert client.get(f"/api/v1/groundwater/works/{OTHER_WORKS}/readings", headers=h).status_code == 200
    for other in (NEIGHBOUR_WORKS, HOME_WORKS):
        api_error(client.get(f"/api/v1/groundwater/works/{other}/readings", headers=h), 404)
        api_error(client.get(f"/api/v1/groundwater/works/{other}", headers=h), 404)
    findings = client.get("/api/v1/groundwater/findings", headers=h).json()["items"]
    assert findings and {f["subject"] for f in findings} <= {OTHER_WORKS, "370103-W-000002"}
    api_error(client.get("/api/v1/groundwater/summaries", headers=h), 403)
    api_error(client.get("/api/v1/groundwater/regions/370103/report", headers=h), 403)
    api_error(client.get("/api/v1/groundwater/works", params={"region": "370103"}, headers=h), 403)


def _reading(works_id: str, hour: int, volume: float) -> dict:
    """A reading from earlier today (the store refuses readings far in the past or future)."""
    when = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=24 - hour)
    return {"works_id": works_id, "observed_at": when.isoformat(), "volume_m3": volume}


def test_owner_reports_readings_for_own_works_only(client, as_user, api_error):
    h = as_user("owner", owner=OTHER_OWNER)
    ok = client.post(
        "/api/v1/groundwater/readings",
        json={"readings": [_reading(OTHER_WORKS, 8, 100.0), _reading(OTHER_WORKS, 9, 101.5)]},
        headers=h,
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["received"] == 2
    items = client.get(f"/api/v1/groundwater/works/{OTHER_WORKS}/readings", headers=h).json()["items"]
    assert len(items) == 2
    # One foreign works in the batch refuses the whole batch: nothing of it is written.
    mixed = [_reading(OTHER_WORKS, 10, 103.0), _reading(NEIGHBOUR_WORKS, 10, 5.0)]
    api_error(client.post("/api/v1/groundwater/readings", json={"readings": mixed}, headers=h), 403)
    assert (
        len(client.get(f"/api/v1/groundwater/works/{OTHER_WORKS}/readings", headers=h).json()["items"]) == 2
    )
    api_error(
        client.post(
            "/api/v1/groundwater/readings", json={"readings": [{"works_id": OTHER_WORKS}]}, headers=h
        ),
        400,
    )


def test_revoked_terminal_token_is_refused(client, accounts, make_user, api_error):
    make_user("terminal-owner", "owner", owner=OTHER_OWNER)
    tid, token = accounts.create_token("terminal-owner", "终端-001")
    h = {"Authorization": f"Bearer {token}"}
    body = {"readings": [_reading(OTHER_WORKS, 11, 110.0)]}
    assert client.post("/api/v1/groundwater/readings", json=body, headers=h).status_code == 200
    accounts.revoke_token(tid)
    api_error(client.post("/api/v1/groundwater/readings", json=body, headers=h), 401, "bad_token")
    api_error(client.get(f"/api/v1/groundwater/works/{OTHER_WORKS}", headers=h), 401, "bad_token")


def test_anonymous_sees_public_data_only(client, api_error):
    assert client.get("/api/v1/groundwater/zones").json()["type"] == "FeatureCollection"
    assert client.get("/api/v1/groundwater/monitoring").json()["items"]
    assert client.get("/api/v1/groundwater/credit-records").status_code == 200
    for path in ("works", "works.geojson", f"works/{HOME_WORKS}", "findings", "summaries", "stations"):
        api_error(client.get(f"/api/v1/groundwater/{path}"), 401, "unauthenticated")


APPLICATION = {
    "application_id": "SQ-2024-001",
    "applicant": "某食品厂",
    "region_code": "370102",
    "lon": 117.13,
    "lat": 36.64,
    "annual_m3": 50000,
    "meets_industry_quota": True,
    "meets_mandatory_standards": True,
}


def test_permit_decision_cites_article_25_and_is_limited_to_the_county(client, as_user, api_error):
    h = as_user("county", "370102")
    r = client.post(
        "/api/v1/groundwater/decisions", params={"as_of": "2024-06-30"}, json=APPLICATION, headers=h
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["outcome"] in ("approve", "refuse", "cannot_decide")
    assert all(
        c["eid"].startswith(("chp_3__art_25", "chp_4__art_35", "chp_3__art_27"))
        for f in body["findings"]
        for c in f["citations"]
    )
    api_error(
        client.post("/api/v1/groundwater/decisions", json=APPLICATION | {"region_code": "370103"}, headers=h),
        403,
    )
    owner = as_user("owner", owner=OTHER_OWNER)
    api_error(client.post("/api/v1/groundwater/decisions", json=APPLICATION, headers=owner), 403)
    api_error(client.post("/api/v1/groundwater/decisions", json=APPLICATION), 401)
    api_error(
        client.post("/api/v1/groundwater/decisions", json=APPLICATION | {"lon": "east"}, headers=h), 422
    )
    api_error(
        client.post(
            "/api/v1/groundwater/decisions", params={"as_of": "2020-01-01"}, json=APPLICATION, headers=h
        ),
        400,
    )
