"""/healthz and /readyz: what an orchestrator or load balancer asks each process, answered
without a login, without cookies, never cached and without internals in the body."""

from __future__ import annotations

from sqlalchemy import text

from backend.db import make_engine, migrate
from backend.health import check_database, head_revisions

# A database nobody listens on; its password must never show up in an answer.
UNREACHABLE = "postgresql+psycopg://dt:geheim-wachtwoord@127.0.0.1:1/dilemmatafel"


class IndexStillBuilding:
    """Stands in for the search index while its first build runs."""

    ready = False


def assert_probe_headers(response) -> None:
    assert response.headers["cache-control"] == "no-store"
    assert "set-cookie" not in response.headers
    assert response.headers["content-type"] == "application/json"


def test_liveness_answers_without_touching_the_database(client):
    client.app.state.engine = make_engine(UNREACHABLE)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert_probe_headers(response)


def test_a_ready_process_says_so_for_every_check(client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "search_index": "ok"},
    }
    assert_probe_headers(response)


def test_an_unreachable_database_is_not_ready_and_the_answer_names_no_internals(client):
    client.app.state.engine = make_engine(UNREACHABLE)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "unavailable"
    for internal in ("geheim", "127.0.0.1", "psycopg", "dilemmatafel", "Error"):
        assert internal not in response.text
    assert_probe_headers(response)


def test_a_schema_behind_the_code_is_not_ready(client):
    with client.app.state.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "migrations": "behind",
        "search_index": "ok",
    }


def test_a_search_index_still_building_is_not_ready(client):
    client.app.state.search_index = IndexStillBuilding()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["search_index"] == "building"


def test_probes_are_not_in_the_api_document_and_need_no_login(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert not any(path in paths for path in ("/healthz", "/readyz"))
    client.cookies.clear()
    assert client.get("/healthz").status_code == 200
    assert client.head("/readyz").status_code == 200


def test_readiness_on_postgresql_checks_the_schema(postgres_url):
    engine = make_engine(postgres_url)
    try:
        assert check_database(engine) == ("ok", "behind")  # empty: no migration has run
        migrate(engine)
        assert check_database(engine) == ("ok", "ok")
        assert head_revisions()  # the code knows its newest migration
    finally:
        engine.dispose()
