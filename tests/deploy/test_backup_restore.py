"""deploy/backup.sh and deploy/restore.sh: a backup restored into a fresh database and folder holds the
same rows and the same files (SQLite always; PostgreSQL when DATABASE_URL points at it)."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
RECTIFY = str(Path(sys.executable).parent / "rectify")
APPS = ["accounts", "orgunits", "audit", "ledger", "ingest", "documents"]
FILES = {
    "imports/ab12/进展报告.docx": b"PK\x03\x04 an upload",
    "documents/1/7-整改落实情况报告（截至2024-01-15）.docx": b"PK\x03\x04 a generated report",
}


def environment(var_dir: Path, database_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECTIFY_") and k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", RECTIFY_VAR_DIR=str(var_dir), RECTIFY=RECTIFY)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(args, env) -> str:
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{args}: {result.stderr}{result.stdout}"
    return result.stdout


def rows(env) -> str:
    return run([RECTIFY, "dumpdata", *APPS, "--indent", "1"], env)


@pytest.fixture
def postgres_databases():
    """Two new, empty databases beside the one DATABASE_URL names; dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    import psycopg

    parts = urlsplit(url)
    base = parts.path.lstrip("/")
    names = [f"{base}_backup_{side}_{os.getpid()}" for side in ("a", "b")]
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    yield [urlunsplit(parts._replace(path=f"/{name}")) for name in names]
    with psycopg.connect(admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def backup_and_restore(tmp_path, url_a, url_b):
    env_a = environment(tmp_path / "a", url_a)
    env_b = environment(tmp_path / "b", url_b)
    run([RECTIFY, "migrate", "-v", "0"], env_a)
    run([RECTIFY, "load_demo"], env_a)
    for relative, data in FILES.items():
        path = tmp_path / "a" / "test-media" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    run(["bash", "deploy/backup.sh", str(tmp_path / "backup")], env_a)
    run(["bash", "deploy/restore.sh", str(tmp_path / "backup")], env_b)

    before, after = rows(env_a), rows(env_b)
    assert '"model": "audit.auditevent"' in before and '"model": "ledger.task"' in before
    assert after == before
    for relative, data in FILES.items():
        assert (tmp_path / "b" / "test-media" / relative).read_bytes() == data


def test_sqlite_backup_restores_the_same_rows_and_files(tmp_path):
    backup_and_restore(tmp_path, None, None)
    assert (tmp_path / "backup" / "database.sqlite3").exists()


def test_postgresql_backup_restores_the_same_rows_and_files(tmp_path, postgres_databases):
    backup_and_restore(tmp_path, *postgres_databases)
    assert (tmp_path / "backup" / "database.dump").exists()


def test_restore_refuses_to_overwrite(tmp_path):
    env = environment(tmp_path / "a", None)
    run([RECTIFY, "migrate", "-v", "0"], env)
    run(["bash", "deploy/backup.sh", str(tmp_path / "backup")], env)
    result = subprocess.run(
        ["bash", "deploy/restore.sh", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "已存在" in result.stderr
