"""Shared set-up of the benchmark scripts: environment, Django, and the database's identity and size."""

import os
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
SQLITE_DIR = OUT_DIR / "sqlite"


def configure() -> None:
    """Point Django at the benchmark's database: DATABASE_URL, or SQLite under bench/out/sqlite.

    RECTIFY_VAR_DIR is forced for SQLite so the benchmark never touches the demo database under var/.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if not os.environ.get("DATABASE_URL"):
        os.environ.pop("DATABASE_URL", None)
        os.environ["RECTIFY_VAR_DIR"] = str(SQLITE_DIR)
    OUT_DIR.mkdir(parents=True, exist_ok=True)


def setup_django() -> None:
    configure()
    import django

    django.setup()


def database_label() -> str:
    """e.g. "sqlite 3.40.1 (bench/out/sqlite/rectify.sqlite3)" or "postgresql 15.20 (rectify_bench)"."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"sqlite {sqlite3.sqlite_version} ({Path(connection.settings_dict['NAME']).relative_to(ROOT)})"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    return f"{connection.vendor} {version} ({connection.settings_dict['NAME']})"


def database_size_bytes() -> int:
    """The database's size on disk (SQLite: the file plus its WAL; PostgreSQL: pg_database_size)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        return sum(p.stat().st_size for p in (name, Path(f"{name}-wal")) if p.exists())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"
