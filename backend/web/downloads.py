"""File downloads with a Dutch file name, and the one way every export family (agenda, term
plan, live report; see `backend/exports.py`) is served."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from fastapi import HTTPException
from fastapi.responses import Response

from backend.exports import CSV, DOCX, ICS, MARKDOWN, Export

__all__ = ["CSV", "DOCX", "ICS", "MARKDOWN", "attachment", "export_format", "serve_export"]

T = TypeVar("T")


def attachment(content: bytes | str, media_type: str, filename: str) -> Response:
    """A response the browser saves as `filename` instead of showing it."""
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def export_format(exports: Mapping[str, Export[T]], extension: str) -> Export[T]:
    """The family's export for this extension, or the same Dutch 404 for every family."""
    export = exports.get(extension)
    if export is None:
        formats = list(exports)
        choice = f"{', '.join(formats[:-1])} of {formats[-1]}"
        raise HTTPException(404, f"Dit bestandsformaat bestaat niet. Kies {choice}.")
    return export


def serve_export(
    exports: Mapping[str, Export[T]], extension: str, subject: Callable[[], T | Response]
) -> Response:
    """Download `subject()` in the format `extension` names. The format is checked first, so
    an unknown one answers alike everywhere; `subject` may answer itself instead (a Response,
    e.g. the form with what is wrong) or raise an HTTPException."""
    export = export_format(exports, extension)
    made = subject()
    if isinstance(made, Response):
        return made
    return attachment(export.build(made), export.media_type, export.name_for(made))
