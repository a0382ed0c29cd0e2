"""The other regimes over HTTP: 临时用地 (with jurisdiction), the two funds and social capital, plan targets."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAND_DOC = "自然资规-2021-2"
FUNDS_DOC = "财教-2021-176"
ON = "2024-06-30"  # the notice is in force (2021-11-04 … 2026-11-04)
T1 = "中共中央国务院关于深入打好污染防治攻坚战的意见/sec_1__subsec_3__para_1/t1"


def _example(path: str) -> dict:
    return json.loads((ROOT / "examples" / path).read_text(encoding="utf-8"))


@pytest.fixture
def land_app(app):
    """The app with examples/land/registry.json loaded: 411122 临颍县 (3 uses), 411123 示例县 (3 uses)."""
    from zhengce.regimes.land.bundle import parse_bundle
    from zhengce.regimes.land.store import LandStore

    store = LandStore(app.state.services.engine)
    store.load(parse_bundle(_example("land/registry.json"), store.county_codes()))
    return app


@pytest.fixture
def bearer(land_app, accounts, make_user):
    made: dict[str, dict] = {}

    def make(role: str, region: str | None = None, owner: str | None = None) -> dict:
        name = f"{role}-{region or owner or 'x'}"
        if name not in made:
            make_user(name, role, region, owner)
            _, token = accounts.create_token(name, "test")
            made[name] = {"Authorization": f"Bearer {token}"}
        return made[name]

    return make


def _cites(findings: list[dict], rule_id: str) -> set[str]:
    return {c["eid"] for f in findings if f["rule_id"] == rule_id for c in f["citations"]}


def _uses(client, headers, **params) -> list[dict]:
    r = client.get("/api/v1/land/uses", params={"as_of": ON} | params, headers=headers)
    assert r.status_code == 200, r.text[:300]
    return r.json()["items"]


# ---------------------------------------------------------------- 临时用地: public and jurisdiction
def test_public_sees_only_published_approval_information(client, land_app, api_error):
    counties = client.get("/api/v1/land/counties").json()["items"]
    assert {c["code"]: c["approvals"] for c in counties} == {"411122": 2, "411123": 1}
    rows = client.get("/api/v1/land/approvals").json()["items"]
    assert {r["use_id"] for r in rows} == {"LY-2022-001", "LY-2022-002", "SL-2023-001"}  # disclosed only
    first = next(r for r in rows if r["use_id"] == "LY-2022-001")
    assert first["system_number"] == "4111222022000005" and first["total_area_m2"] == 15000
    assert not {"findings", "leased", "contract_signed", "boundary", "reclaimed_on"} & set(first)
    only = client.get("/api/v1/land/approvals", params={"county": "411123"}).json()["items"]
    assert [r["use_id"] for r in only] == ["SL-2023-001"]
    api_error(client.get("/api/v1/land/approvals", params={"county": "999999"}), 404, "not_found")
    # Findings, statistics and checks are between authorities.
    api_error(client.get("/api/v1/land/uses"), 401, "unauthenticated")
    api_error(client.get("/api/v1/land/uses/LY-2022-002"), 401, "unauthenticated")
    api_error(client.get("/api/v1/land/statistics"), 401, "unauthenticated")
    api_error(client.post("/api/v1/land/check", json={}), 401, "unauthenticated")


def test_public_and_owner_accounts_are_refused_supervision_data(client, bearer, api_error):
    for h in (bearer("public"), {}):
        assert client.get("/api/v1/land/approvals", headers=h).status_code == 200
    for h in (bearer("public"), bearer("owner", owner="某高速公路建设有限公司")):
        api_error(client.get("/api/v1/land/uses", headers=h), 403, "forbidden")
        api_error(client.get("/api/v1/land/uses/LY-2022-002", headers=h), 403, "forbidden")
        api_error(client.get("/api/v1/land/statistics", headers=h), 403, "forbidden")
        api_error(client.post("/api/v1/land/check", json=LAND_USE, headers=h), 403, "forbidden")


def test_county_sees_its_own_uses_with_cited_findings(client, bearer, api_error):
    h = bearer("county", "411122")
    rows = _uses(client, h)
    assert [r["use_id"] for r in rows] == ["LY-2021-017", "LY-2022-001", "LY-2022-002"]
    by_id = {r["use_id"]: r for r in rows}
    assert by_id["LY-2022-001"]["compliance"] == "ok" and by_id["LY-2022-001"]["findings"] == []
    bad = by_id["LY-2022-002"]
    assert bad["compliance"] == "violation" and bad["reclamation"] == "to_reclaim"
    assert _cites(bad["findings"], "land.siting.hard_to_restore") == {"sec_2__para_1"}
    assert _cites(bad["findings"], "land.approval.level") == {"sec_3__para_1"}
    assert _cites(bad["findings"], "land.use.as_approved") == {"sec_4__para_1"}  # leased
    assert _cites(bad["findings"], "land.system.upload") == {"sec_5__para_1"}  # uploaded late
    quote = bad["findings"][0]["citations"][0]
    assert quote["doc_id"] == LAND_DOC and "制梁场、拌合站" in quote["quote"]
    assert by_id["LY-2021-017"]["reclamation"] == "overdue"
    assert [r["use_id"] for r in _uses(client, h, status="ok")] == ["LY-2022-001"]
    # Another county: 403 when asked for by code, 404 for one of its uses.
    api_error(
        client.get("/api/v1/land/uses", params={"county": "411123"}, headers=h), 403, "out_of_jurisdiction"
    )
    api_error(client.get("/api/v1/land/statistics", params={"county": "411123"}, headers=h), 403)
    api_error(client.get("/api/v1/land/uses/SL-2021-004", headers=h), 404, "not_found")
    detail = client.get("/api/v1/land/uses/LY-2022-002", params={"as_of": ON}, headers=h).json()
    assert detail["use_id"] == "LY-2022-002" and detail["in_force"] is True
    assert detail["areas_m2"]["cultivated"] == 8000 and detail["leased"] is True
    stats = client.get("/api/v1/land/statistics", params={"as_of": ON, "year": 2023}, headers=h).json()
    assert [s["county_code"] for s in stats["items"]] == ["411122"]


def test_province_statistic_and_suspension(client, bearer, api_error):
    h = bearer("province", "410000")
    assert len(_uses(client, h)) == 6
    body = client.get("/api/v1/land/statistics", params={"as_of": ON, "year": 2023}, headers=h).json()
    by = {s["county_code"]: s for s in body["items"]}
    demo = by["411123"]
    assert (demo["due_area_m2"], demo["overdue_area_m2"], demo["percent"]) == (50000, 20000, 40.0)
    assert (
        demo["reaches_threshold"] and demo["approvals_suspended"] and demo["suspended_since"] == "2024-02-20"
    )
    assert demo["suspension_order"] == {"stat_year": 2023, "ordered_on": "2024-02-20", "resumed_on": None}
    assert _cites(demo["findings"], "land.county.suspension") == {"sec_4__para_4"}
    assert by["411122"]["reaches_threshold"] and not by["411122"]["approvals_suspended"]
    assert [f["kind"] for f in by["411122"]["findings"]] == ["obligation_due"]  # the province must order it
    # A use approved while its county was suspended.
    sl = client.get("/api/v1/land/uses/SL-2023-001", params={"as_of": ON}, headers=h).json()
    assert _cites(sl["findings"], "land.approval.suspended_county") == {"sec_4__para_4"}
    # Another province: nothing of Henan.
    other = bearer("province", "370000")
    assert _uses(client, other) == []
    api_error(client.get("/api/v1/land/uses", params={"county": "411122"}, headers=other), 403)


def test_land_pagination_is_by_cursor(client, bearer, api_error):
    h = bearer("admin")
    seen, cursor = [], None
    while True:
        params = {"as_of": ON, "limit": 4} | ({"cursor": cursor} if cursor else {})
        body = client.get("/api/v1/land/uses", params=params, headers=h).json()
        seen += [r["use_id"] for r in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 6 == len(set(seen))
    first = client.get("/api/v1/land/uses", params={"as_of": ON, "limit": 2}, headers=h).json()
    api_error(
        client.get("/api/v1/land/uses", params={"status": "ok", "cursor": first["next_cursor"]}, headers=h),
        400,
        "bad_cursor",
    )
    api_error(client.get("/api/v1/land/uses", params={"status": "bogus"}, headers=h), 422, "invalid_input")


LAND_USE = {
    "use_id": "NEW-001",
    "county_code": "411122",
    "user": "某公路建设有限公司",
    "project_kind": "construction",
    "purpose": "mixing_station",
    "infrastructure_sector": "transport",
    "permanent_structures": False,
    "restorable": True,
    "areas_m2": {"cultivated": 1, "unused": 2000},
    "approval_level": "city",
    "approval_department": "natural_resources",
    "approval_delegated": False,
    "approved_on": "2024-04-15",
    "term_end": "2026-04-15",
    "contract_signed": True,
    "reclamation_plan": "approved",
    "uploaded_on": "2024-05-14",
    "system_number": "4111222024000001",
    "disclosed": True,
}


def test_check_one_use_without_writing_it(client, bearer, api_error):
    h = bearer("county", "411122")
    r = client.post("/api/v1/land/check", params={"as_of": ON}, json=LAND_USE, headers=h)
    assert r.status_code == 200, r.text[:300]
    body = r.json()
    assert body["use_id"] == "NEW-001" and body["in_force"] and body["compliance"] == "violation"
    # One square metre of 耕地 under a 拌合站 is enough; the upload on the 20th working day is in time.
    assert {f["rule_id"] for f in body["findings"]} == {"land.siting.hard_to_restore"}
    assert _cites(body["findings"], "land.siting.hard_to_restore") == {"sec_2__para_1"}
    assert "拌合站" in body["findings"][0]["citations"][0]["quote"]
    clean = LAND_USE | {"areas_m2": {"unused": 2000}, "approval_level": "county"}
    assert (
        client.post("/api/v1/land/check", params={"as_of": ON}, json=clean, headers=h).json()["findings"]
        == []
    )
    late = clean | {"uploaded_on": "2024-05-15"}  # the 21st working day
    found = client.post("/api/v1/land/check", params={"as_of": ON}, json=late, headers=h).json()["findings"]
    assert _cites(found, "land.system.upload") == {"sec_5__para_1"}
    assert "NEW-001" not in [u["use_id"] for u in _uses(client, h)]  # nothing stored
    # Out of the notice's term: no findings, said so.
    out = client.post("/api/v1/land/check", params={"as_of": "2027-01-01"}, json=LAND_USE, headers=h).json()
    assert out["in_force"] is False and out["findings"] == []


def test_check_refuses_bad_input_and_other_counties(client, bearer, api_error):
    h = bearer("county", "411122")
    bad = LAND_USE | {"approved_on": "2024-02-30", "purpose": "castle"}
    err = api_error(client.post("/api/v1/land/check", json=bad, headers=h), 422, "invalid_input")
    fields = {d["field"] for d in err["details"]}
    assert {"uses[0].approved_on", "uses[0].purpose"} <= fields
    err = api_error(client.post("/api/v1/land/check", json={"use_id": "x"}, headers=h), 422, "invalid_input")
    assert "uses[0].county_code" in {d["field"] for d in err["details"]}
    api_error(client.post("/api/v1/land/check", json=[1, 2], headers=h), 422, "invalid_input")
    api_error(
        client.post(
            "/api/v1/land/check", content=b"{not json", headers=h | {"content-type": "application/json"}
        ),
        422,
    )
    unknown = LAND_USE | {"county_code": "999999"}
    api_error(client.post("/api/v1/land/check", json=unknown, headers=bearer("admin")), 422, "invalid_input")
    other = LAND_USE | {"county_code": "411123"}
    api_error(client.post("/api/v1/land/check", json=other, headers=h), 403, "out_of_jurisdiction")


# ---------------------------------------------------------------- 资金
def test_subfund_proposal_findings(client, api_error):
    proposal = _example("funds/subfund-proposal.json")
    body = client.post("/api/v1/funds/subfund", params={"as_of": "2022-06-01"}, json=proposal).json()
    assert body["in_force"] and [f for f in body["findings"] if f["kind"] == "violation"] == []
    # 35% share: outside 10%–30% (第九条); the fund is then also the largest contributor.
    bigger = copy.deepcopy(proposal)
    bigger["contributors"][0]["amount"] = 350_000_000
    bigger["contributors"][3]["amount"] = 0 + 50_000_000
    bigger["planned_conversion_investment"] = 10**10
    body = client.post("/api/v1/funds/subfund", params={"as_of": "2022-06-01"}, json=bigger).json()
    share = [f for f in body["findings"] if f["rule_id"] == "funds.subfund.share"]
    assert share and share[0]["kind"] == "violation"
    assert _cites(body["findings"], "funds.subfund.share") == {"att_1__chp_2__art_9"}
    assert share[0]["citations"][0]["text"] == "《国家科技成果转化引导基金管理暂行办法》第九条"
    before = client.post("/api/v1/funds/subfund", params={"as_of": "2021-12-31"}, json=bigger).json()
    assert before["in_force"] is False and before["findings"] == []
    err = api_error(client.post("/api/v1/funds/subfund", json={"name": 1}), 422, "invalid_input")
    assert err["details"] and all(d["problem"] for d in err["details"])
    api_error(client.post("/api/v1/funds/subfund", json="x"), 422, "invalid_input")
    api_error(client.post("/api/v1/funds/subfund", params={"as_of": "2022-13-01"}, json=proposal), 422)


def test_council_vote_decision_with_citations(client, api_error):
    record = _example("funds/council-meeting.json")
    body = client.post("/api/v1/funds/council-vote", json=record).json()
    d = body["decision"]
    assert (d["outcome"], d["present"], d["yes"], d["members"]) == ("passed", 6, 4, 8)  # exactly 2/3
    assert [c["eid"] for c in d["citations"]] == ["att_1__chp_3__art_24__para_2"]
    assert "三分之二以上为通过" in d["citations"][0]["quote"]
    assert body["as_of"] == "2025-06-18"  # the meeting day
    fewer = copy.deepcopy(record)
    fewer["meeting"]["votes"]["S1"] = "no"  # 3 of 6
    assert client.post("/api/v1/funds/council-vote", json=fewer).json()["decision"]["outcome"] == "rejected"
    thin = copy.deepcopy(record)
    thin["meeting"]["present"] = ["K1", "S1", "F2"]  # 3 of 8, and fields missing
    thin["meeting"]["votes"] = {"K1": "yes", "S1": "yes", "F2": "yes"}
    body = client.post("/api/v1/funds/council-vote", json=thin).json()
    assert body["decision"]["outcome"] == "no_quorum" and body["decision"]["missing_domains"]
    assert _cites(body["findings"], "funds.council.quorum") >= {"att_1__chp_3__art_24__para_1"}
    api_error(client.post("/api/v1/funds/council-vote", json={"members": "x"}), 422, "invalid_input")


def test_restoration_allocation_and_exclusions(client, api_error):
    application = _example("funds/restoration.json")
    body = client.post("/api/v1/funds/restoration", params={"as_of": "2023-06-30"}, json=application).json()
    assert body["in_force"]
    alloc = {a["project_id"]: a for a in body["allocation"]}
    assert alloc["SSLT-01"]["award"] == 1_000_000_000  # exactly 20亿 → the 20亿-50亿 band
    assert alloc["SSLT-02"]["award"] == 2_000_000_000  # exactly 50亿 → 50亿以上
    assert alloc["GK-01"]["award"] == 300_000_000  # exactly 5亿 (mining)
    assert alloc["GK-02"]["excluded"] and alloc["GK-02"]["award"] == 0
    assert {c["eid"] for f in alloc["GK-02"]["exclusions"] for c in f["citations"]} == {
        "att_1__art_6__para_2"
    }
    assert _cites(body["findings"], "restoration.award.integrated") == {"att_1__art_7__para_2"}
    assert sum(body["factor_shares"].values()) == 1_000_000_000
    after = client.post("/api/v1/funds/restoration", params={"as_of": "2024-01-01"}, json=application).json()
    assert after["in_force"] is False and all(a["award"] is None for a in after["allocation"])
    api_error(
        client.post("/api/v1/funds/restoration", json={"projects": [{"kind": "x"}]}), 422, "invalid_input"
    )


def test_social_capital_findings(client, api_error):
    data = _example("funds/social-capital.json")
    body = client.post("/api/v1/funds/social-capital", params={"as_of": "2022-01-01"}, json=data).json()
    eco = [f for f in body["findings"] if f["rule_id"] == "social.eco_industry" and f["kind"] == "violation"]
    assert [f["subject"] for f in eco] == ["SC-02"]  # SC-01 uses exactly 3%
    assert _cites(body["findings"], "social.eco_industry") == {"sec_4__subsec_13"}
    api_error(client.post("/api/v1/funds/social-capital", json={"projects": 3}), 422, "invalid_input")


# ---------------------------------------------------------------- 规划目标
def _import(client, headers, content: bytes, name: str = "reports.csv", **extra):
    return client.post(
        "/api/v1/targets/reports", files={"file": (name, content, "text/csv")}, headers=headers, **extra
    )


def test_targets_list_status_and_import(client, bearer, api_error):
    body = client.get("/api/v1/targets/items", params={"as_of": ON, "kind": "target", "limit": 500}).json()
    assert body["items"] and all(r["kind"] == "target" for r in body["items"])
    t1 = next(r for r in body["items"] if r["item_id"] == T1)
    assert t1["status"] == "no_data" and t1["citation"]["eid"] == "sec_1__subsec_3__para_1"
    api_error(_import(client, bearer("county", "411122"), b"x"), 403, "forbidden")
    csv = (ROOT / "examples" / "targets" / "reports.csv").read_bytes()
    r = _import(client, bearer("province", "410000"), csv)
    assert r.status_code == 200, r.text[:300]
    assert r.json() == {"rows": 11, "new": 11, "replaced": 0, "file": "reports.csv"}
    assert _import(client, bearer("admin"), csv).json()["replaced"] == 11
    item = client.get(f"/api/v1/targets/items/{T1}", params={"as_of": ON}).json()
    assert item["status"] == "at_risk" and item["latest"] == 95.4
    assert {(x["date"], x["kind"]) for x in item["reports"]} == {
        ("2020-12-31", "baseline"),
        ("2023-12-31", "value"),
    }
    report = client.get("/api/v1/targets/status", params={"as_of": ON}).json()
    assert report["total"] == sum(report["counts"].values())
    assert T1 in {r["item_id"] for r in report["attention"]}
    risky = client.get("/api/v1/targets/items", params={"as_of": ON, "status": "at_risk"}).json()["items"]
    assert T1 in {r["item_id"] for r in risky} and {r["status"] for r in risky} == {"at_risk"}
    api_error(client.get("/api/v1/targets/items/nope/sec_1/t1"), 404, "not_found")
    api_error(client.get("/api/v1/targets/items", params={"kind": "goal"}), 422, "invalid_input")


def test_targets_import_refuses_bad_files(client, bearer, api_error):
    h = bearer("admin")
    err = api_error(_import(client, h, b"item_id,date,value\nnope,2023,1\n"), 422, "invalid_input")
    assert err["details"][0]["field"] == "第2行"
    api_error(_import(client, h, b"a,b\n1,2\n", name="r.pdf"), 415, "unsupported_media_type")
    api_error(_import(client, h, b""), 400)
    api_error(_import(client, h, b"\xff\xfe\x00garbage", name="r.xlsx"), 400, "bad_request")


def test_targets_import_by_cookie_session_needs_csrf(client, make_user, login, api_error):
    make_user("tadmin", "admin")
    token = login(client, "tadmin")
    row = f"item_id,date,value,kind\n{T1},2020,100,baseline\n".encode()
    api_error(_import(client, {}, row), 403, "csrf_failed")
    r = _import(client, {}, row, data={"csrf_token": token})
    assert r.status_code == 200 and r.json()["rows"] == 1
    audit = client.get("/api/v1/admin/audit").json()["items"]
    assert any(a["action"] == "targets.import" and a["actor"] == "tadmin" for a in audit)
