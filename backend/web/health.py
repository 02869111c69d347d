"""Health endpoints for container orchestrators and load balancers: `/healthz` (the process
runs; touches nothing) and `/readyz` (the database answers, its schema is current and the
search index is open). No login, no cookies, never cached; not part of the public API
document."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from backend.health import DATABASE_TIMEOUT_SECONDS, check_readiness
from backend.web.deps import engine_of, search_index_of

HEALTH_PATHS = ("/healthz", "/readyz")
NO_STORE = {"Cache-Control": "no-store"}
# A database that does not even accept a connection (a hung network) must not hold the probe:
# after this the answer is 503 and the worker thread is left to finish on its own.
READY_DEADLINE_SECONDS = DATABASE_TIMEOUT_SECONDS + 1.0

router = APIRouter(include_in_schema=False)


@router.get("/healthz", name="healthz")
def liveness() -> JSONResponse:
    """The process runs and answers requests."""
    return JSONResponse({"status": "ok"}, headers=NO_STORE)


@router.get("/readyz", name="readyz")
async def readiness(request: Request) -> JSONResponse:
    """200 when this process can serve every page, else 503 naming the check that failed."""
    engine, index = engine_of(request), search_index_of(request)
    readiness = None
    with anyio.move_on_after(READY_DEADLINE_SECONDS):
        readiness = await anyio.to_thread.run_sync(
            check_readiness, engine, index, abandon_on_cancel=True
        )
    if readiness is None:
        checks = {"database": "timeout", "migrations": "unknown", "search_index": "unknown"}
        return JSONResponse({"status": "unavailable", "checks": checks}, 503, NO_STORE)
    status = "ok" if readiness.ready else "unavailable"
    return JSONResponse(
        {"status": status, "checks": readiness.checks()},
        200 if readiness.ready else 503,
        NO_STORE,
    )
