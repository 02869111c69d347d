"""File downloads with a Dutch file name."""

from __future__ import annotations

from fastapi.responses import Response


def attachment(content: bytes | str, media_type: str, filename: str) -> Response:
    """A response the browser saves as `filename` instead of showing it."""
    return Response(
        content,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
