"""The one shape of every downloadable export (agenda, term plan, live report): a format
with its media type, file name and the function that builds the file. Each family keeps a
registry of its formats next to its builders; `backend/web/downloads.py` serves any of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown; charset=utf-8"
CSV = "text/csv; charset=utf-8"
ICS = "text/calendar; charset=utf-8"

T = TypeVar("T")


@dataclass(frozen=True)
class Export(Generic[T]):
    """One file format of an export family, for a subject of type T (an agenda, a plan, …)."""

    format: str  # the file extension in the URL, e.g. "docx"
    media_type: str
    build: Callable[[T], bytes | str]  # the file's contents
    file_name: Callable[[T, str], str]  # the family's file name for (subject, format)

    def name_for(self, subject: T) -> str:
        """The file name a browser saves this export of `subject` as."""
        return self.file_name(subject, self.format)


def registry(
    file_name: Callable[[T, str], str], *formats: tuple[str, str, Callable[[T], bytes | str]]
) -> dict[str, Export[T]]:
    """An export family: its formats (extension, media type, builder) by extension, all
    named by the family's `file_name`."""
    return {
        extension: Export(extension, media_type, build, file_name)
        for extension, media_type, build in formats
    }
