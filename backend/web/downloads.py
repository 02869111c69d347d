"""File downloads with a Dutch file name, and the one answer to an unknown file format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from fastapi import HTTPException
from fastapi.responses import Response

Format = TypeVar("Format")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown; charset=utf-8"
CSV = "text/csv; charset=utf-8"
ICS = "text/calendar; charset=utf-8"


def attachment(content: bytes | str, media_type: str, filename: str) -> Response:
    """A response the browser saves as `filename` instead of showing it."""
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def export_format(formats: Mapping[str, Format], extension: str) -> Format:
    """What `formats` holds for a download's file extension. Every download answers an unknown
    extension the same way: 404 with the formats there are."""
    if extension not in formats:
        *rest, last = formats
        choices = f"{', '.join(rest)} of {last}" if rest else last
        raise HTTPException(404, f"Dit bestandsformaat bestaat niet; kies {choices}.")
    return formats[extension]
