"""Pages for logging in and out, setting and changing a password, and managing users (admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, col, select

from backend.accounts import service
from backend.accounts.service import AccountError
from backend.models import AuditEntry, User
from backend.models.account import ROLE_LABELS, Role
from backend.spreadsheet import csv_text
from backend.web.auth import (
    SESSION_COOKIE,
    AdminUser,
    CurrentUser,
    FacilitatorUser,
    client_key,
    renew_csrf_cookie,
    safe_next,
    set_cookie,
    verify_csrf,
)
from backend.web.deps import DbDep, LoginLimiterDep, RowId, UnknownLoginsDep
from backend.web.downloads import CSV, attachment
from backend.web.forms import see_other, submit_form
from backend.web.links import absolute_url, path_for
from backend.web.templating import render

router = APIRouter(default_response_class=HTMLResponse, dependencies=[Depends(verify_csrf)])


AUDIT_PAGE_SIZE = 100


@router.get("/inloggen", name="login")
def read_login(request: Request, user: CurrentUser, terug: str = "/beheer") -> Response:
    """The login form (or straight on, when already logged in)."""
    if user is not None:
        return see_other(safe_next(terug))
    return render(
        request, "pages/login.html", None, {"next": safe_next(terug), "error": None, "email": ""}
    )


@router.post("/inloggen")
def login(
    request: Request,
    db: DbDep,
    limiter: LoginLimiterDep,
    unknown_logins: UnknownLoginsDep,
    email: str = Form("", max_length=254),
    password: str = Form("", max_length=1024),
    terug: str = Form("/beheer", max_length=500),
) -> Response:
    """Check the password, start a session and go on to where the user was heading."""
    context = {"next": safe_next(terug), "email": email}
    client = client_key(request)
    if limiter.blocked(client):
        context["error"] = (
            "Te veel mislukte inlogpogingen vanaf deze verbinding. Wacht een paar minuten en"
            " probeer het dan opnieuw."
        )
        return render(request, "pages/login.html", None, context, status_code=429)

    def refused(error: AccountError) -> Response:
        limiter.allow(client)  # only failures count: a griffie logging in all day goes on
        return render(request, "pages/login.html", None, {**context, "error": str(error)}, 400)

    def logged_in(token: str) -> Response:
        response = see_other(safe_next(terug))
        lifetime = int(service.SESSION_LIFETIME.total_seconds())
        set_cookie(response, request, SESSION_COOKIE, token, lifetime)
        renew_csrf_cookie(response, request, token)
        return response

    return submit_form(
        db,
        lambda: service.start_session(
            db, service.authenticate(db, email, password, unknown_logins)
        ),
        AccountError,
        refused,
        logged_in,
        keep_refusal=True,  # keep the failed-attempt count and the audit entry
    )


@router.post("/uitloggen", name="logout")
def logout(request: Request, db: DbDep) -> Response:
    """End the session and forget the cookie."""
    service.end_session(db, request.cookies.get(SESSION_COOKIE))
    db.commit()
    response = see_other(path_for(request, "home"))
    response.delete_cookie(SESSION_COOKIE, path="/")
    renew_csrf_cookie(response, request, None)
    return response


@router.get("/account/wachtwoord", name="change_password")
def read_change_password(request: Request, user: FacilitatorUser) -> Response:
    """The form to change one's own password (after a change: the confirmation too)."""
    changed = request.query_params.get("gewijzigd") == "ja"
    return render(request, "pages/account_password.html", None, {"errors": {}, "changed": changed})


@router.post("/account/wachtwoord")
def change_password(
    request: Request,
    db: DbDep,
    user: FacilitatorUser,
    current: str = Form("", max_length=1024),
    password: str = Form("", max_length=1024),
    repeat: str = Form("", max_length=1024),
) -> Response:
    """Change one's own password; the user's other browsers are logged out."""
    keep = request.cookies.get(SESSION_COOKIE)
    return submit_form(
        db,
        lambda: service.change_password(db, user, current, password, repeat, keep_session=keep),
        AccountError,
        lambda error: render(
            request,
            "pages/account_password.html",
            None,
            {"errors": {error.field: str(error)}, "changed": False},
            400,
        ),
        path_for(request, "change_password") + "?gewijzigd=ja",
        keep_refusal=True,  # keep the failed-attempt count and the audit entry
    )


@router.get("/wachtwoord-instellen/{token}", name="set_password")
def read_set_password(token: str, request: Request, db: DbDep) -> Response:
    """The form behind an invitation link."""
    user = service.user_for_invite(db, token)
    return render(
        request,
        "pages/set_password.html",
        None,
        {"token": token, "invited": user, "error": None},
        status_code=200 if user else 404,
    )


@router.post("/wachtwoord-instellen/{token}")
def set_password(
    token: str,
    request: Request,
    db: DbDep,
    password: str = Form("", max_length=1024),
    repeat: str = Form("", max_length=1024),
) -> Response:
    return submit_form(
        db,
        lambda: service.set_password_with_invite(db, token, password, repeat),
        AccountError,
        lambda error: render(
            request,
            "pages/set_password.html",
            None,
            {"token": token, "invited": service.user_for_invite(db, token), "error": str(error)},
            status_code=400,
        ),
        lambda user: render(request, "pages/password_set.html", None, {"email": user.email}),
    )


@router.get("/beheer", name="admin_home")
def read_admin_home(request: Request, user: FacilitatorUser) -> Response:
    """The starting point after logging in: what this role can do."""
    return render(request, "pages/admin_home.html", None, {"user": user, "roles": ROLE_LABELS})


def _users_page(
    request: Request, db: Session, admin: User, status: int = 200, **extra: Any
) -> Response:
    users = db.exec(select(User).order_by(User.email)).all()
    context = {
        "users": users,
        "roles": ROLE_LABELS,
        "admin": admin,
        "error": None,
        "invitation": None,
    }
    return render(request, "pages/admin_users.html", None, {**context, **extra}, status)


@router.get("/beheer/gebruikers", name="admin_users")
def read_users(request: Request, db: DbDep, admin: AdminUser) -> Response:
    """All accounts, with the invitation form."""
    return _users_page(request, db, admin)


@router.post("/beheer/gebruikers")
def invite(
    request: Request,
    db: DbDep,
    admin: AdminUser,
    email: str = Form("", max_length=254),
    name: str = Form("", max_length=120),
    role: str = Form(Role.FACILITATOR, max_length=20),
) -> Response:
    """Invite a user: the one-time link is shown to the admin once."""

    def invited(invitation: service.Invitation) -> Response:
        link = absolute_url(request, "set_password", token=invitation.token)
        shown = {"email": invitation.user.email, "link": link}
        return _users_page(request, db, admin, invitation=shown)

    return submit_form(
        db,
        lambda: service.invite_user(db, admin, email, role, name),
        AccountError,
        lambda error: _users_page(request, db, admin, error=str(error), status=400),
        invited,
    )


@router.post("/beheer/gebruikers/{user_id}/rol", name="user_role")
def change_role(
    user_id: RowId,
    request: Request,
    db: DbDep,
    admin: AdminUser,
    role: str = Form("", max_length=20),
) -> Response:
    return submit_form(
        db,
        lambda: service.change_role(db, admin, user_id, role),
        AccountError,
        lambda error: _users_page(request, db, admin, error=str(error), status=400),
        path_for(request, "admin_users"),
    )


@router.post("/beheer/gebruikers/{user_id}/actief", name="user_active")
def change_active(
    user_id: RowId,
    request: Request,
    db: DbDep,
    admin: AdminUser,
    active: str = Form("", max_length=5),
) -> Response:
    return submit_form(
        db,
        lambda: service.set_active(db, admin, user_id, active == "ja"),
        AccountError,
        lambda error: _users_page(request, db, admin, error=str(error), status=400),
        path_for(request, "admin_users"),
    )


def _audit_rows(db: Session, limit: int | None = AUDIT_PAGE_SIZE) -> list[tuple[AuditEntry, str]]:
    emails = {user.id: user.email for user in db.exec(select(User))}
    query = select(AuditEntry).order_by(col(AuditEntry.id).desc())
    if limit:
        query = query.limit(limit)
    return [(entry, emails.get(entry.actor_id, "")) for entry in db.exec(query)]


@router.get("/beheer/audit", name="admin_audit")
def read_audit(request: Request, db: DbDep, admin: AdminUser) -> Response:
    """The newest audit entries."""
    return render(request, "pages/admin_audit.html", None, {"rows": _audit_rows(db)})


@router.get("/beheer/audit.csv", name="admin_audit_csv")
def export_audit(db: DbDep, admin: AdminUser) -> Response:
    """The whole audit log as CSV (the export itself is logged too)."""
    service.audit(db, admin, "audit.export")
    db.commit()
    rows = (
        [entry.at.isoformat(), email, entry.action, entry.target, entry.details]
        for entry, email in _audit_rows(db, limit=None)
    )
    text = csv_text(["tijdstip", "account", "handeling", "onderwerp", "details"], rows)
    filename = f"dilemmatafel-auditlog-{datetime.now().date().isoformat()}.csv"
    return attachment(text, CSV, filename)
