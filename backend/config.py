"""Application settings: one object, read from the environment with the prefix DT_."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as DT_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="DT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(Path("./data"), description="Folder for the database, index and key.")
    database_url: str = Field(
        "sqlite:///./data/dilemmatafel.db", description="SQLAlchemy URL of the database."
    )
    index_dir: Path = Field(Path("./data/index"), description="Folder of the Whoosh index.")
    content_dir: Path = Field(REPO_ROOT, description="Root folder of the shipped content files.")
    secret_key: str | None = Field(
        None, description="Key for signing cookies; generated into data_dir when not set."
    )
    page_size: int = Field(20, ge=5, le=100, description="Items per page in lists.")
    admin_direct_publish: bool = Field(
        False, description="Admins may publish without a second editor's review."
    )
    live_min_answers: int = Field(
        3, ge=2, le=50, description="Answers a round needs before its results are shown."
    )
    live_max_participants: int = Field(
        3000, ge=10, le=20000, description="Most participants one live session accepts."
    )

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
