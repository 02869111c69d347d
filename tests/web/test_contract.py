"""The API keeps the contract its OpenAPI document states, checked by schemathesis.

Every check of schemathesis runs (documented status codes and content types, response
schemas, valid input accepted and invalid input refused, 405 with Allow for other methods)
over all its phases, in-process against the ASGI app, with a fixed seed and a bounded
number of examples so the run is short and the same every time. A deeper run before a
release: `CONTRACT_EXAMPLES=200 .venv/bin/pytest tests/web/test_contract.py` (figures in
docs/security.md).
"""

from __future__ import annotations

import os

import schemathesis
from schemathesis import engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events
from schemathesis.python.asgi import shutdown_lifespans

from backend.main import create_app
from tests.conftest import make_settings

SEED = 15
EXAMPLES_PER_OPERATION = int(os.environ.get("CONTRACT_EXAMPLES", "25"))


def contract_breaches(schema) -> list[str]:
    """Every failed check and engine error of one schemathesis run, readable and reproducible."""
    breaches = []
    for event in engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.status == Status.FAILURE and check.failure_info is not None:
                        failure = check.failure_info.failure
                        breaches.append(
                            f"{event.recorder.label} [{check.name}] {failure.title}:"
                            f" {failure.message}\n  {check.failure_info.code_sample}"
                        )
        elif isinstance(event, events.NonFatalError):
            breaches.append(f"{event.label}: {event.value!r}")
        elif isinstance(event, events.FatalError):
            breaches.append(f"schemathesis stopped: {event.exception!r}")
    return sorted(set(breaches))


def test_the_api_keeps_its_openapi_contract(tmp_path, fixture_db):
    app = create_app(make_settings(tmp_path, fixture_db))
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
        }
    )
    try:
        # Loading the document starts the app's lifespan (migrations, search index).
        schema = schemathesis.openapi.from_asgi("/api/openapi.json", app, config=config)
        assert app.state.search_index.wait_until_ready(30)
        breaches = contract_breaches(schema.include(path_regex="^/api/v1/"))
    finally:
        shutdown_lifespans()
    assert breaches == [], "\n\n".join(breaches)
