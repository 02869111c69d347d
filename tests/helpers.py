"""Helpers shared by the tests: the accounts and how they log in, and reading HTML as a document.

Accounts: every test account has the password `PASSWORD`; `add_accounts` makes one per role
(the `accounts` fixture in tests/conftest.py uses it), `add_user` makes one more, and `login`
logs in through the real form, as a role (its account from `ROLE_EMAILS`) or an e-mail address.

Markup: `page(response)` parses a page or fragment; `text_of`, `texts`, `links` and `field`
read what a person sees or sends, so assertions do not depend on attribute order or spacing.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from sqlmodel import Session

from backend.accounts import service as accounts_service
from backend.web.auth import CSRF_COOKIE

PASSWORD = "een lange zin als wachtwoord"
ROLE_EMAILS = {
    "facilitator": "gespreksleider@example.org",
    "editor": "redacteur@example.org",
    "admin": "beheerder@example.org",
}


# --- accounts -------------------------------------------------------------------------------


def add_user(engine, email: str, role: str) -> int:
    """Create an active account with `PASSWORD` in the engine's database; returns its id."""
    with Session(engine) as db:
        user_id = accounts_service.create_user(db, email, role, PASSWORD).id
        db.commit()
    return user_id


def add_accounts(engine) -> dict[str, int]:
    """One active account per role (the addresses in `ROLE_EMAILS`); returns role -> user id."""
    return {role: add_user(engine, email, role) for role, email in ROLE_EMAILS.items()}


def csrf(client) -> str:
    """The client's CSRF token (a TestClient or an httpx.Client); fetched from the login page
    when the client has none yet."""
    if CSRF_COOKIE not in client.cookies:
        client.get("/inloggen")
    return client.cookies[CSRF_COOKIE]


def login(client, who: str) -> None:
    """Log in through the form as a role ("facilitator", "editor", "admin": the account
    `add_accounts` made) or as an e-mail address; the client keeps the session cookie."""
    email = ROLE_EMAILS.get(who, who)
    response = client.post(
        "/inloggen",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf(client)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def logout(client) -> None:
    """Log out through the form."""
    response = client.post("/uitloggen", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert response.status_code == 303, response.text


# --- markup ---------------------------------------------------------------------------------


def page(response_or_html) -> BeautifulSoup:
    """The parsed document of a response (or of an HTML string)."""
    html = response_or_html if isinstance(response_or_html, str) else response_or_html.text
    return BeautifulSoup(html, "html.parser")


def _one(soup: BeautifulSoup | Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector!r}"
    return found


def text_of(soup: BeautifulSoup | Tag, selector: str | None = None) -> str:
    """The text of the first element matching `selector` (or of `soup` itself) as it reads,
    with runs of white space made one space; fails when nothing matches."""
    element = soup if selector is None else _one(soup, selector)
    return " ".join(element.get_text().split())


def texts(soup: BeautifulSoup | Tag, selector: str) -> list[str]:
    """The visible text of every element matching `selector`, in document order."""
    return [text_of(element) for element in soup.select(selector)]


def links(soup: BeautifulSoup | Tag, selector: str = "a[href]") -> list[str]:
    """The `href` of every link (or of every element matching `selector`), in document order."""
    return [str(element["href"]) for element in soup.select(selector) if element.has_attr("href")]


def link(soup: BeautifulSoup | Tag, prefix: str) -> str:
    """The first link whose `href` starts with `prefix`; fails when there is none."""
    found = [href for href in links(soup) if href.startswith(prefix)]
    assert found, f"no link starting with {prefix!r}"
    return found[0]


def field(soup: BeautifulSoup | Tag, name: str) -> Tag:
    """The form control (input, textarea, select or button) with this `name`; fails when there
    is none."""
    found = soup.find(["input", "textarea", "select", "button"], attrs={"name": name})
    assert isinstance(found, Tag), f"no field named {name!r}"
    return found


def value_of(soup: BeautifulSoup | Tag, name: str) -> str:
    """What the form would send for field `name`: an input's `value`, a textarea's text or a
    select's selected option."""
    control = field(soup, name)
    if control.name == "textarea":
        return control.get_text()
    if control.name == "select":
        chosen = control.find("option", selected=True) or control.find("option")
        return str(chosen.get("value", chosen.get_text())) if isinstance(chosen, Tag) else ""
    return str(control.get("value", ""))


def heading(response) -> str:
    """The page's `h1` as it reads (on an error page: the Dutch title of the error)."""
    return text_of(page(response), "h1")


def html_lang(response) -> str | None:
    """The `lang` of the document's `<html>` element ("" without one), or None for a fragment
    (an htmx answer has no `<html>`)."""
    root = page(response).find("html")
    return str(root.get("lang", "")) if isinstance(root, Tag) else None


class Clock:
    """A monotonic clock a test moves by hand (`clock.now += 61`)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now
