"""The decision aids (wijzers): step pages under /wijzers and JSON under /api/v1/wijzers.

Every step is a GET form that carries all answers in the URL, so going back, changing an
answer or a crafted URL recomputes from what is given. The JSON endpoints run the same
domain code (backend/aids/registry.py).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, Literal

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field, create_model
from sqlmodel import Session
from starlette.exceptions import HTTPException

from backend.aids import exemption_policy
from backend.aids.exemption import considerations
from backend.aids.model import CHECKED
from backend.aids.registry import AIDS, run
from backend.aids.secrecy import CHANGES, draft_decision
from backend.web.api import ErrorOut
from backend.web.deps import DbDep
from backend.web.templating import render

router = APIRouter(prefix="/wijzers", default_response_class=HTMLResponse)


def _page(request: Request, db: Session, key: str) -> Response:
    aid = AIDS[key]
    result = run(aid, dict(request.query_params), db)
    context = {
        "aid": aid,
        "result": result,
        "checked": CHECKED,
        "draft": draft_decision(result.answers) if key == "geheimhouding" else None,
        "changes": CHANGES if key == "geheimhouding" else (),
        "considerations": considerations(result.answers) if key == "ontheffing" else [],
        "editing": request.query_params.get("wijzig", ""),
    }
    if request.query_params.get("afdrukken") and result.advice.outcome:
        return render(request, "pages/aids/print.html", None, context)
    return render(request, "pages/aids/aid.html", "pages/aids/_flow.html", context)


@router.get("", name="aids")
def read_aids(request: Request) -> Response:
    """The three aids."""
    return render(
        request, "pages/aids/index.html", None, {"aids": AIDS.values(), "checked": CHECKED}
    )


def _aid_view(key: str) -> Callable[..., Response]:
    def read_aid(request: Request, db: DbDep) -> Response:
        return _page(request, db, key)

    read_aid.__name__ = f"read_aid_{key.replace('-', '_')}"
    read_aid.__doc__ = f"The {key} aid: the next question, or the advice."
    return read_aid


for _key in AIDS:
    router.add_api_route(f"/{_key}", _aid_view(_key), methods=["GET"], name=f"aid_{_key}")


@router.get("/ontheffing/beleidskader", name="aid_policy")
def read_policy(request: Request) -> Response:
    """The model policy framework for exemptions (Gemw art. 15 lid 2)."""
    return render(
        request,
        "pages/aids/policy.html",
        None,
        {"sections": exemption_policy.POLICY_FRAMEWORK, "checked": CHECKED},
    )


# --- JSON API --------------------------------------------------------------------------------


NOT_JSON = "De inhoud is geen geldige JSON. Stuur een JSON-object met de antwoorden."


class DutchValidationRoute(APIRoute):
    """Answers an unknown field or value with a Dutch 422 that names it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return JSONResponse({"detail": dutch_validation(exc)}, status_code=422)
            except HTTPException as exc:
                if exc.status_code != 400:  # a body that is not JSON at all
                    raise
                return JSONResponse({"detail": NOT_JSON}, status_code=422)

        return handle


def dutch_validation(exc: RequestValidationError) -> str:
    """One Dutch sentence per problem: which field, and what to do."""
    parts = []
    for error in exc.errors():
        name = ".".join(str(part) for part in error["loc"] if part != "body") or "de vraag"
        if error["type"] == "json_invalid":
            return NOT_JSON
        if error["type"] == "extra_forbidden":
            parts.append(f"Het veld '{name}' kennen we niet; laat het weg.")
        elif error["type"] == "literal_error":
            allowed = error.get("ctx", {}).get("expected", "")
            parts.append(f"Het veld '{name}' heeft een onbekende waarde. Kies uit: {allowed}.")
        else:
            parts.append(f"Het veld '{name}' is ongeldig; stuur een JSON-object met tekstwaarden.")
    return " ".join(parts)


api_router = APIRouter(prefix="/api/v1/wijzers", tags=["wijzers"], route_class=DutchValidationRoute)

WIZARD_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {
        "model": ErrorOut,
        "description": "Een onbekend veld of een onbekende waarde; `detail` zegt welk.",
    }
}


class AdviceOut(BaseModel):
    """The advice of an aid. Without `uitkomst`, `ontbreekt` names the answers still needed."""

    uitkomst: str | None = Field(
        None, description="De uitkomst; ontbreekt als er antwoorden missen."
    )
    redenen: list[str] = Field(description="De redenering, stap voor stap, met het artikel.")
    artikelen: list[str] = Field(description="Slugs van de wetsartikelen (zie /api/v1/vocabulary).")
    vervolg: list[str] = Field(description="Wat u nu doet.")
    vergelijkbare_casussen: list[str] = Field(description="Slugs van vergelijkbare casussen.")
    ontbreekt: list[str] = Field(description="Namen van antwoorden die nog nodig zijn.")


def answers_model(name: str, key: str) -> type[BaseModel]:
    """The request body of an aid, built from its questions (one place for the values)."""
    aid = AIDS[key]
    # Any: **fields also meets create_model's own keyword parameters (__config__, ...).
    fields: dict[str, Any] = {
        question.name: (
            Literal[question.values()] | None,
            Field(None, description=question.legend),
        )
        for question in aid.questions
    }
    model = create_model(name, __config__=ConfigDict(extra="forbid"), **fields)
    model.__doc__ = f"Antwoorden voor de {aid.title.split(':')[0]}; laat weg wat u nog niet weet."
    return model


if TYPE_CHECKING:  # built at run time from the questions; mypy checks them as their base class
    PersonalInterestIn = BaseModel
    SecrecyIn = BaseModel
    ExemptionIn = BaseModel
else:
    PersonalInterestIn = answers_model("PersonalInterestIn", "persoonlijk-belang")
    SecrecyIn = answers_model("SecrecyIn", "geheimhouding")
    ExemptionIn = answers_model("ExemptionIn", "ontheffing")


def advice_json(key: str, answers: BaseModel, db: Session) -> dict[str, str | list[str]]:
    """The advice in the API's shape: the same logic the pages use."""
    given = {name: value for name, value in answers.model_dump().items() if value is not None}
    result = run(AIDS[key], given, db)
    advice = result.advice
    out: dict[str, str | list[str]] = {
        "redenen": [
            f"{reason.text} ({reason.basis.citation})" if reason.basis else reason.text
            for reason in advice.reasons
        ],
        "artikelen": advice.articles,
        "vervolg": advice.next_steps,
        "vergelijkbare_casussen": [item.slug for item in result.similar],
        "ontbreekt": advice.missing,
    }
    if advice.outcome:
        out["uitkomst"] = advice.outcome
    return out


@api_router.post(
    "/persoonlijk-belang",
    response_model=AdviceOut,
    response_model_exclude_none=True,
    responses=WIZARD_ERRORS,
)
def advise_personal_interest(answers: PersonalInterestIn, db: DbDep) -> dict[str, str | list[str]]:
    """Persoonlijk-belangwijzer: may a member take part in deliberation and vote?"""
    return advice_json("persoonlijk-belang", answers, db)


@api_router.post(
    "/geheimhouding",
    response_model=AdviceOut,
    response_model_exclude_none=True,
    responses=WIZARD_ERRORS,
)
def advise_secrecy(answers: SecrecyIn, db: DbDep) -> dict[str, str | list[str]]:
    """Geheimhoudingswijzer: imposing secrecy and handling secret information."""
    return advice_json("geheimhouding", answers, db)


@api_router.post(
    "/ontheffing",
    response_model=AdviceOut,
    response_model_exclude_none=True,
    responses=WIZARD_ERRORS,
)
def advise_exemption(answers: ExemptionIn, db: DbDep) -> dict[str, str | list[str]]:
    """Ontheffingstoets: the ban of Gemw art. 15 lid 1 onder d and an exemption (lid 2)."""
    return advice_json("ontheffing", answers, db)
