"""API v1 (issue 15, part 5): everything ``/api/`` serves, under ``/api/v1/``, with paged lists;
every response in both OpenAPI documents, refusals with their examples included; ``/api/`` as it
was for today's integrators.

The OpenAPI walk below is what makes a new endpoint comply: an endpoint added to an app's router
appears in both documents, and fails here if an answer it can give is not documented, or if a list
of it is not paged in v1.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.testing import TestClient
from openapi_spec_validator import validate

from insideout.people.models import Runner
from insideout.people.paging import PAGE_LIMIT, PAGE_LIMIT_MAX, Rows
from insideout.people.routers import UNVERSIONED, V1, VersionedRouter
from insideout.training.models import PainReport, Run
from insideout.web.api import AUTH
from insideout.web.openapi import document_refusals
from tests.integration.access import send_json

DOCS = ["/api/openapi.json", "/api/v1/openapi.json"]
ENVELOPE = {"items", "count", "limit", "offset", "next", "previous"}
ISSUE = {"loc", "field", "msg", "source"}
JSON = "application/json"
METHODS = {"get", "post", "put", "patch", "delete"}
# Operations anyone may call without logging in (an invitation's page...): none yet.
PUBLIC: set[tuple[str, str]] = set()
TODAY = dt.date(2026, 10, 14)


def _doc(client: Any, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def _operations(doc: dict[str, Any], prefix: str) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(method, path without the prefix): operation}``; never empty."""
    found = {
        (method, path.removeprefix(prefix)): op
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }
    assert len(found) >= 20, sorted(found)
    return found


def _component(doc: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref", "")
    assert ref.startswith("#/components/schemas/"), node
    found: dict[str, Any] = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return found


def _success(op: dict[str, Any]) -> dict[str, Any]:
    codes = [c for c in op["responses"] if 200 <= int(c) < 300]
    assert len(codes) == 1, op["responses"]
    if codes[0] == "204":  # No Content: nothing to describe
        assert "content" not in op["responses"][codes[0]], op["responses"]
        return {}
    content = op["responses"][codes[0]]["content"]
    if "application/json" not in content:  # a download (a runner's export): one file type
        ((kind, body),) = content.items()
        assert body["schema"] == {"type": "string", "format": "binary"}, (kind, body)
        return {}
    schema: dict[str, Any] = content["application/json"]["schema"]
    return schema


def _takes_input(op: dict[str, Any]) -> bool:
    params = op.get("parameters", [])
    typed_path = any(p["in"] == "path" and p["schema"].get("type") != "string" for p in params)
    return "requestBody" in op or typed_path or any(p["in"] == "query" for p in params)


# --- the two documents --------------------------------------------------------------------------


def test_v1_serves_every_operation_of_the_unversioned_api_and_no_other(client: Any) -> None:
    unversioned = _operations(_doc(client, "/api/openapi.json"), "/api")
    v1 = _operations(_doc(client, "/api/v1/openapi.json"), "/api/v1")
    assert sorted(v1) == sorted(unversioned)


@pytest.mark.parametrize("url", DOCS)
def test_each_document_is_valid_openapi(client: Any, url: str) -> None:
    doc = _doc(client, url)
    assert doc["openapi"].startswith("3.1")
    validate(doc)  # raises, naming the part that is not


@pytest.mark.parametrize("url", DOCS)
def test_the_document_names_its_version(client: Any, url: str) -> None:
    info = _doc(client, url)["info"]
    assert info["title"] == ("insideout API v1" if "/v1/" in url else "insideout API")


@pytest.mark.parametrize("url", DOCS)
def test_every_operation_documents_its_success_and_every_refusal_it_can_answer(
    client: Any, url: str
) -> None:
    doc = _doc(client, url)
    missing = []
    for (method, path), op in _operations(doc, url.removesuffix("/openapi.json")).items():
        _success(op)  # one success, with its schema
        codes = {int(c) for c in op["responses"]}
        expected = set()
        if (method, path) not in PUBLIC:
            assert op.get("security"), f"{method} {path} asks for no login"
            expected |= {401} | ({403} if method != "get" else set())
        if "{" in path:
            expected.add(404)
        if _takes_input(op):
            expected.add(422)
        if "requestBody" in op:
            expected.add(413)
            if "application/json" in op["requestBody"]["content"]:
                expected.add(400)
        if expected - codes:
            missing.append(f"{method} {path}: {sorted(expected - codes)}")
    assert missing == []


@pytest.mark.parametrize("url", DOCS)
def test_every_refusal_has_the_error_schema_and_an_example_in_that_shape(
    client: Any, url: str
) -> None:
    doc = _doc(client, url)
    error = doc["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"]
    issue = _component(doc, error["properties"]["detail"]["items"])
    assert set(issue["properties"]) == ISSUE
    refusals = 0
    for (method, path), op in _operations(doc, url.removesuffix("/openapi.json")).items():
        for code, response in op["responses"].items():
            if not 400 <= int(code) < 500:
                continue
            refusals += 1
            media = response["content"]["application/json"]
            assert media["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, (method, path)
            assert media["examples"], (method, path, code)
            for example in media["examples"].values():
                detail = example["value"]["detail"]
                assert detail and all(set(i) == ISSUE and i["msg"] for i in detail)
    assert refusals >= 80


def test_a_422_example_names_an_input_of_its_own_operation(client: Any) -> None:
    ops = _operations(_doc(client, "/api/v1/openapi.json"), "/api/v1")

    def field(method: str, path: str) -> str:
        example = ops[(method, path)]["responses"]["422"]["content"]["application/json"]
        return str(example["examples"]["invalid"]["value"]["detail"][0]["field"])

    assert field("get", "/runners/{handle}/runs") == "limit"
    assert field("post", "/runners/{handle}/runs") == "date"
    assert field("post", "/runners") == "handle"
    assert field("get", "/runners/{handle}/screens/{screen_id}") == "screen_id"


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
def test_the_examples_of_401_and_404_are_what_the_api_answers(
    client: Any, ana: Runner, prefix: str
) -> None:
    op = _operations(_doc(client, f"{prefix}/openapi.json"), prefix)[("get", "/runners/{handle}")]

    def example(code: str) -> Any:
        media = op["responses"][code]["content"]["application/json"]
        return next(iter(media["examples"].values()))["value"]

    assert client.get(f"{prefix}/runners/ana").json() == example("401")
    client.force_login(ana.coach.user)
    assert client.get(f"{prefix}/runners/nobody").json() == example("404")


def test_every_list_of_the_unversioned_api_is_a_page_in_v1(client: Any) -> None:
    old = _doc(client, "/api/openapi.json")
    new = _doc(client, "/api/v1/openapi.json")
    old_ops, new_ops = _operations(old, "/api"), _operations(new, "/api/v1")
    lists = [key for key, op in old_ops.items() if _success(op).get("type") == "array"]
    assert len(lists) >= 8, lists  # runners, screens, runs, pain, strength, overrides...
    for key in lists:
        op = new_ops[key]
        assert {"limit", "offset"} <= {p["name"] for p in op["parameters"]}, key
        envelope = _component(new, _success(op))
        assert set(envelope["properties"]) == ENVELOPE, key
        assert envelope["properties"]["items"]["items"] == _success(old_ops[key])["items"], key


def test_no_read_of_v1_answers_a_bare_list(client: Any) -> None:
    doc = _doc(client, "/api/v1/openapi.json")
    bare = [
        k for k, op in _operations(doc, "/api/v1").items() if _success(op).get("type") == "array"
    ]
    assert bare == []


# --- paging with real data ----------------------------------------------------------------------


@pytest.fixture
def fifty_one_runs(ana: Runner) -> list[Run]:
    first = TODAY - dt.timedelta(days=50)
    return Run.objects.bulk_create(
        Run(runner=ana, date=first + dt.timedelta(days=i), distance_km=5, duration_min=30)
        for i in range(51)
    )


def test_a_v1_list_answers_fifty_then_the_rest_newest_first(
    login: Any, ana: Runner, fifty_one_runs: list[Run]
) -> None:
    client = login(ana.user)
    first = client.get("/api/v1/runners/ana/runs").json()
    assert set(first) == ENVELOPE
    assert (len(first["items"]), first["count"], first["limit"], first["offset"]) == (50, 51, 50, 0)
    assert first["items"][0]["date"] == TODAY.isoformat()
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/runners/ana/runs?limit=50&offset=50"
    second = client.get(first["next"]).json()
    assert (len(second["items"]), second["count"], second["next"]) == (1, 51, None)
    assert second["previous"] == "http://testserver/api/v1/runners/ana/runs?limit=50&offset=0"
    ids = [r["id"] for r in first["items"] + second["items"]]
    assert ids == [r.pk for r in sorted(fifty_one_runs, key=lambda r: r.date, reverse=True)]


@pytest.mark.parametrize(("limit", "length"), [(1, 1), (50, 50), (51, 51), (PAGE_LIMIT_MAX, 51)])
def test_a_v1_page_holds_up_to_its_limit(
    login: Any, ana: Runner, fifty_one_runs: list[Run], limit: int, length: int
) -> None:
    page = login(ana.user).get(f"/api/v1/runners/ana/runs?limit={limit}").json()
    assert (len(page["items"]), page["limit"], page["count"]) == (length, limit, 51)
    assert (page["next"] is None) == (limit >= 51)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=501", "limit"),
        ("limit=0", "limit"),
        ("limit=-1", "limit"),
        ("limit=ten", "limit"),
        ("limit=", "limit"),
        ("offset=-1", "offset"),
        ("offset=first", "offset"),
    ],
)
def test_a_v1_page_outside_the_bounds_answers_422_naming_it(
    login: Any, ana: Runner, query: str, field: str
) -> None:
    response = login(ana.user).get(f"/api/v1/runners/ana/runs?{query}")
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["detail"]] == [field]


@pytest.mark.parametrize("offset", [51, 1000])
def test_a_v1_offset_past_the_end_answers_no_items_and_the_whole_count(
    login: Any, ana: Runner, fifty_one_runs: list[Run], offset: int
) -> None:
    page = login(ana.user).get(f"/api/v1/runners/ana/runs?offset={offset}").json()
    assert (page["items"], page["count"], page["next"]) == ([], 51, None)
    assert page["previous"] == "http://testserver/api/v1/runners/ana/runs?offset=1&limit=50"


def test_the_next_page_keeps_the_lists_other_parameters(
    login: Any, ana: Runner, fifty_one_runs: list[Run]
) -> None:
    page = login(ana.user).get("/api/v1/runners/ana/runs?limit=10&offset=20&x=y").json()
    assert page["next"] == "http://testserver/api/v1/runners/ana/runs?limit=10&offset=30&x=y"
    assert page["previous"] == "http://testserver/api/v1/runners/ana/runs?limit=10&offset=10&x=y"


def test_the_unversioned_api_answers_the_same_requests_as_before(
    login: Any, ana: Runner, fifty_one_runs: list[Run]
) -> None:
    client = login(ana.user)
    first = client.get("/api/runners/ana/runs")
    assert isinstance(first.json(), list) and len(first.json()) == PAGE_LIMIT
    assert first["X-Total-Count"] == "51"
    assert first["Link"] == '</api/runners/ana/runs?page=2&limit=50>; rel="next"'
    assert len(client.get("/api/runners/ana/runs?page=2").json()) == 1
    assert len(client.get("/api/runners/ana/runs?limit=500").json()) == 51
    assert client.get("/api/runners/ana/runs?limit=501").status_code == 422
    v1 = client.get("/api/v1/runners/ana/runs?limit=500").json()
    assert v1["items"] == client.get("/api/runners/ana/runs?limit=500").json()
    assert "X-Total-Count" not in client.get("/api/v1/runners/ana/runs")


LISTS = [
    "/runners",
    "/runners/ana/screens",
    "/runners/ana/runs",
    "/runners/ana/pain",
    "/runners/ana/strength",
    "/runners/ana/overrides",
    "/runners/ana/clearances",
    "/runners/ana/imports",
    "/runners/ana/invites",
    "/runners/ana/messages",
    "/runners/ana/cap-changes",
    "/runners/ana/log-changes",
    "/tokens",
]


@pytest.mark.parametrize("path", LISTS)
def test_each_list_is_a_bare_array_on_api_and_the_same_items_in_a_page_on_v1(
    login: Any, ana: Runner, ben: Runner, ana_screen: Any, path: str
) -> None:
    run = Run.objects.create(runner=ana, date=TODAY, distance_km=5, duration_min=30)
    PainReport.objects.create(runner=ana, date=TODAY, pain=2)
    client = login(ana.coach.user)
    # a correction and a cap change, so that log-changes and cap-changes list something
    fix = client.patch(f"/api/runners/ana/runs/{run.pk}", {"distance_km": 6}, content_type=JSON)
    cap = {"weekly_increase_pct": 5, "reason": "a careful month"}
    assert fix.status_code == 200
    assert client.patch("/api/runners/ana/settings", cap, content_type=JSON).status_code == 200
    bare = client.get(f"/api{path}").json()
    page = client.get(f"/api/v1{path}").json()
    assert isinstance(bare, list)
    if path.endswith("-changes"):
        assert len(bare) == 1, bare
    assert page == {
        "items": bare,
        "count": len(bare),
        "limit": 50,
        "offset": 0,
        "next": None,
        "previous": None,
    }


def test_every_list_of_the_documents_is_tried_above(client: Any) -> None:
    doc = _doc(client, "/api/openapi.json")
    ops = _operations(doc, "/api")
    lists = {
        path.replace("{handle}", "ana")
        for (method, path), op in ops.items()
        if _success(op).get("type") == "array"
    }
    assert lists == set(LISTS)


def test_the_runner_list_pages_every_runner_once_in_the_lists_order(
    login: Any, ana: Runner, coach: Any
) -> None:
    for i in range(5):
        Runner.objects.create(coach=coach, handle=f"twin{i}", name="Twin")
    client = login(coach.user)
    pages = [client.get(f"/api/v1/runners?limit=2&offset={o}").json() for o in (0, 2, 4)]
    handles = [r["handle"] for p in pages for r in p["items"]]
    assert handles == [r["handle"] for r in client.get("/api/runners").json()]
    assert sorted(handles) == ["ana", "twin0", "twin1", "twin2", "twin3", "twin4"]


@pytest.mark.parametrize(
    ("order", "stable"),
    [
        (("-date",), ("-date", "-pk")),  # newest first: the newest row of a day first
        (("date",), ("date", "pk")),
        (("-date", "-id"), ("-date", "-id")),  # already without ties
        ((), ("-date", "-id")),  # the model's own ordering (PainReport: -date, -id)
    ],
)
def test_a_listed_query_is_ordered_without_ties(
    db: None, order: tuple[str, ...], stable: tuple[str, ...]
) -> None:
    rows = PainReport.objects.order_by(*order) if order else PainReport.objects.all()
    listed = Rows(rows).rows
    assert tuple(listed.query.order_by or PainReport._meta.ordering) == stable


# --- the same refusals in both versions ---------------------------------------------------------

REFUSALS = [
    ("nobody", "get", "/runners/ana/runs", None, 401),
    ("other", "get", "/runners/ana/runs", None, 404),
    ("coach", "get", "/runners/nobody/pain", None, 404),
    ("runner", "post", "/runners/ana/overrides", {"date": "2026-10-13", "verdict": "x"}, 403),
    ("coach", "post", "/runners/ana/runs", {"date": "2026-10-13", "distance_km": -1}, 422),
    ("coach", "post", "/runners/ana/runs", '{"date": ', 400),
    ("coach", "get", "/runners/ana/screens/abc", None, 422),
    ("coach", "get", "/runners/ana/advice?on=soon", None, 422),
]


@pytest.mark.parametrize(("who", "method", "path", "body", "status"), REFUSALS)
def test_v1_refuses_exactly_as_the_unversioned_api(
    client: Any,
    ana: Runner,
    zoe: Runner,
    who: str,
    method: str,
    path: str,
    body: object,
    status: int,
) -> None:
    user = {"nobody": None, "coach": ana.coach.user, "other": zoe.coach.user, "runner": ana.user}
    if user[who] is not None:
        client.force_login(user[who])
    old = send_json(client, method, f"/api{path}", body)
    new = send_json(client, method, f"/api/v1{path}", body)
    assert (old.status_code, new.status_code) == (status, status)
    assert new.json() == old.json()
    assert set(new.json()["detail"][0]) == ISSUE
    assert new["Content-Type"] == old["Content-Type"]


def test_a_body_over_the_limit_is_refused_alike_in_both_versions(
    client: Any, ana: Runner, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    client.force_login(ana.coach.user)
    body = {"date": "2026-10-13", "reason": "x" * 200}
    old = send_json(client, "post", "/api/runners/ana/clearances", body)
    new = send_json(client, "post", "/api/v1/runners/ana/clearances", body)
    assert (old.status_code, new.status_code) == (413, 413)
    assert new.json() == old.json()


# --- an endpoint added to an app's router is in both versions -----------------------------------


@pytest.mark.django_db
def test_an_endpoint_added_to_a_versioned_router_is_served_by_each_version() -> None:
    router = VersionedRouter(tags=["toy"])

    @router.get("/things", response=list[int])
    def things(request: HttpRequest) -> Rows[int]:
        return Rows(list(range(7)), lambda n: n * 10)

    @router.get("/plain", response=list[str])
    def plain(request: HttpRequest) -> list[str]:
        return ["a", "b", "c"]

    docs = {}
    for version in (UNVERSIONED, V1):
        api = NinjaAPI(urls_namespace=f"toy-{version}")
        api.add_router("", router.build(version))
        docs[version] = api.get_openapi_schema(path_prefix="/")["paths"]
    assert set(docs[UNVERSIONED]) == set(docs[V1]) == {"/things", "/plain"}
    bare = docs[UNVERSIONED]["/things"]["get"]["responses"][200]["content"]["application/json"]
    assert bare["schema"]["type"] == "array"
    assert [p["name"] for p in docs[V1]["/plain"]["get"]["parameters"]] == ["limit", "offset"]
    assert TestClient(router.build(UNVERSIONED)).get("/things").json() == [
        0,
        10,
        20,
        30,
        40,
        50,
        60,
    ]
    page = TestClient(router.build(V1)).get("/things?limit=2&offset=5").json()
    assert (page["items"], page["count"], page["next"]) == ([50, 60], 7, None)
    assert TestClient(router.build(V1)).get("/plain?offset=2").json()["items"] == ["c"]


def test_a_read_that_says_it_may_refuse_gets_the_403_schema_and_example() -> None:
    router = VersionedRouter()
    refused = {"responses": {403: {"description": "Coaches only."}}}

    @router.get("/coaches", response=dict[str, int], openapi_extra=refused)
    def coaches_only(request: HttpRequest) -> dict[str, int]:
        return {}

    @router.get("/anyone", response=dict[str, int])
    def anyone(request: HttpRequest) -> dict[str, int]:
        return {}

    api = NinjaAPI(urls_namespace="toy-refusals", auth=AUTH)
    api.add_router("", router.build(V1))
    paths = document_refusals(api.get_openapi_schema(path_prefix="/"))["paths"]
    forbidden = paths["/coaches"]["get"]["responses"][403]
    assert forbidden["description"] == "Coaches only."
    media = forbidden["content"]["application/json"]
    assert media["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    assert list(media["examples"]) == ["not_the_coach"]  # no CSRF check on a read
    assert sorted(paths["/anyone"]["get"]["responses"]) == [200, 401]


def test_a_versioned_router_refuses_a_version_it_does_not_know() -> None:
    with pytest.raises(ValueError, match="version: expected one of unversioned, v1, got 'v2'"):
        VersionedRouter().build("v2")


# --- the docs pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["/api", "/api/v1"])
def test_each_version_has_its_docs_page(login: Any, ana: Runner, prefix: str) -> None:
    page = login(ana.coach.user).get(f"{prefix}/docs")
    assert page.status_code == 200
    assert f"{prefix}/openapi.json" in page.content.decode()


def test_the_sites_api_link_opens_the_v1_docs(login: Any, ana: Runner) -> None:
    page = login(ana.coach.user).get("/").content.decode()
    assert 'href="/api/v1/docs">API</a>' in page
