"""Application settings: one object, read from the environment with the prefix DT_."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from backend.db import POOL_OVERFLOW, POOL_SIZE
from backend.logs import LogFormat, LogLevel

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


def _shipped_root() -> Path:
    """Where templates/ and the shipped content (dilemmas/, good_practices/, cases/) are: the
    repository root in a checkout, `backend/shipped/` in an installed wheel (see setup.py)."""
    installed = PACKAGE_DIR / "shipped"
    return installed if installed.is_dir() else REPO_ROOT


SHIPPED_ROOT = _shipped_root()


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as DT_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="DT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("./data"), description="Folder for the database, index and key.")
    database_url: str = Field(
        "sqlite:///./data/dilemmatafel.db", description="SQLAlchemy URL of the database."
    )
    database_pool_size: int = Field(
        POOL_SIZE,
        ge=1,
        le=200,
        description=(
            "PostgreSQL: connections each server process keeps open. Opening one costs the"
            " database server a new process, so the usual number of simultaneous requests"
            " should fit."
        ),
    )
    database_pool_overflow: int = Field(
        POOL_OVERFLOW,
        ge=0,
        le=200,
        description=(
            "PostgreSQL: connections a server process may open beyond the pool under a peak,"
            " closed again when returned. PostgreSQL's max_connections must cover every"
            " process's pool plus overflow, plus one listener per process."
        ),
    )
    index_dir: Path = Field(Path("./data/index"), description="Folder of the Whoosh index.")
    content_dir: Path = Field(
        SHIPPED_ROOT, description="Root folder of the content files (dilemmas/, cases/ …)."
    )
    secret_key: str | None = Field(
        None, description="Key for signing cookies; generated into data_dir when not set."
    )
    page_size: int = Field(20, ge=5, le=100, description="Items per page in lists.")
    search_cache_bytes: int = Field(
        64 * 1024 * 1024,
        ge=1024 * 1024,
        description=(
            "Memory for the search's cached term postings (numpy arrays), in bytes; up to a"
            " quarter more holds the stored fields of recently shown results."
        ),
    )
    search_warm_up: bool = Field(
        True,
        description=(
            "After opening the search index (a start, a rebuild), load the postings of its"
            " most frequent words, and in a collection of up to 2,000 items every item's"
            " stored text, in the background, so the first searches are as quick as later"
            " ones (a few seconds of work at 10,000 items)."
        ),
    )
    search_follow_seconds: float = Field(
        0.5,
        gt=0,
        le=60,
        description=(
            "Seconds between checks of the database's search change log; each process"
            " applies changes made by other processes to its own search index."
        ),
    )
    search_change_log_days: int = Field(
        7,
        ge=1,
        description=(
            "Days changes stay in the search change log; a process further behind than"
            " that rebuilds its search index."
        ),
    )
    admin_direct_publish: bool = Field(
        False, description="Admins may publish without a second editor's review."
    )
    live_min_answers: int = Field(
        3, ge=2, le=50, description="Answers a round needs before its results are shown."
    )
    live_max_participants: int = Field(
        3000, ge=10, le=20000, description="Most participants one live session accepts."
    )
    max_body_bytes: int = Field(
        64 * 1024,
        ge=1024,
        description="Largest request body for ordinary forms and the API, in bytes.",
    )
    max_editor_body_bytes: int = Field(
        1024 * 1024,
        ge=1024,
        description="Largest request body for the content editor (/beheer/content), in bytes.",
    )
    body_timeout_seconds: float = Field(
        20.0, gt=0, description="Seconds a client may take to send a request body."
    )
    max_streams_per_client: int = Field(
        50,
        ge=1,
        description="Open live event streams per client address (phones behind one address).",
    )
    audit_retention_days: int = Field(
        365,
        ge=1,
        le=3650,
        description="Days the audit log keeps an entry before the retention pass deletes it.",
    )
    live_retention_days: int = Field(
        365,
        ge=1,
        le=3650,
        description=(
            "Days an ended live session (rounds, totals, agreements, report link) is kept"
            " after it ended before the retention pass deletes it."
        ),
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Addresses of reverse proxies whose X-Forwarded-For header is believed;"
            " from anyone else the header is ignored. Comma-separated in DT_TRUSTED_PROXIES."
        ),
    )
    base_url: str = Field(
        "",
        description=(
            "The public address of the site (e.g. https://dilemmatafel.example.nl), used for"
            " absolute links such as join links and QR codes; empty: the address of the request."
        ),
    )
    log_format: LogFormat = Field(
        "text",
        description=(
            "Log lines as plain text (for a terminal) or one JSON object per line (for"
            " containers and log collectors): text or json."
        ),
    )
    log_level: LogLevel = Field(
        "INFO",
        description=(
            "Least important log level written: DEBUG, INFO (one line per request), WARNING"
            " or ERROR."
        ),
    )
    template_reload: bool = Field(
        False,
        description=(
            "Read a template again when its file changed (for working on the templates;"
            " `dilemmatafel serve --reload` turns it on). Off, the templates are read once:"
            " no file check on every page."
        ),
    )

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_case(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_addresses(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def resolved_secret_key(self) -> str:
        """Return the configured key, or the one stored in data_dir (created on first use)."""
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text(encoding="utf-8").strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.write_text(key, encoding="utf-8")
        key_file.chmod(0o600)
        return key


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own Settings)."""
    return Settings()
