"""Request dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlmodel import Session

from backend.config import Settings


def get_db(request: Request) -> Iterator[Session]:
    """A database session for one request."""
    with Session(request.app.state.engine) as db:
        yield db


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


DbDep = Annotated[Session, Depends(get_db)]
# A database id in a URL: larger numbers cannot exist, so they are refused before any lookup
# (a 30-digit id would otherwise overflow the database driver).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
