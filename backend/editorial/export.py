"""The published collection as a zip of content files, to keep in the content repository."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from backend.accounts.service import audit
from backend.content.store import exported_files
from backend.models import User


@dataclass(frozen=True)
class ZipExport:
    """A zip file to download and the name to save it under."""

    filename: str
    content: bytes


def collection_zip(db: Session) -> bytes:
    """Every published public item as its content file, in the content folders' layout."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative, text in exported_files(db):
            archive.writestr(relative, text)
    return buffer.getvalue()


def export_collection_zip(db: Session, editor: User, day: date | None = None) -> ZipExport:
    """The collection zip for `editor`, named after `day` (default today); the export is
    written to the audit log in the caller's transaction."""
    content = collection_zip(db)
    audit(db, editor, "content.export")
    filename = f"dilemmatafel-collectie-{(day or date.today()).isoformat()}.zip"
    return ZipExport(filename, content)
