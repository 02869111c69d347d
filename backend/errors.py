"""The refusals the domain raises: each carries its HTTP status and a Dutch message that says
what is wrong and how to fix it. Plain Python, so domain packages raise them without knowing
about HTTP; `backend/web/errors.py` turns every one into the error page or JSON, in one place.
"""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses. `status` is the HTTP status a web answer gets; the
    message (str of the error) is Dutch and shown to the user as it is."""

    status: int = 400

    @property
    def message(self) -> str:
        return str(self)


class Invalid(DomainError):
    """The input is wrong (400)."""

    status = 400


class Forbidden(DomainError):
    """This user may not do this (403)."""

    status = 403


class NotFound(DomainError):
    """What the request names does not exist (404)."""

    status = 404


class Conflict(DomainError):
    """The request does not fit the current state, e.g. a newer version exists (409)."""

    status = 409


class Gone(DomainError):
    """What the request names existed but is no longer available (410)."""

    status = 410


class TooMany(DomainError):
    """Too many requests in a short time; wait and try again (429)."""

    status = 429
