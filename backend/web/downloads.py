"""File downloads with a Dutch file name."""

from __future__ import annotations

from fastapi.responses import Response

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
