"""The production settings pass Django's deployment check with no warning: HTTPS redirect and HSTS
are on by default (before, W004 and W008 were printed)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def deploy_check(tmp_path, secret_key: str) -> subprocess.CompletedProcess:
    env = {
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("RECTIFY_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "RECTIFY_SECRET_KEY": secret_key,
        "RECTIFY_ALLOWED_HOSTS": "rectify.example.gov.cn",
        "RECTIFY_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "rectify.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean(tmp_path):
    result = deploy_check(tmp_path, secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_example_key_or_a_short_one_is_refused_at_start(tmp_path):
    example = (ROOT / "deploy/systemd/rectify.env.example").read_text(encoding="utf-8")
    shipped = next(line for line in example.splitlines() if line.startswith("RECTIFY_SECRET_KEY="))
    for key in (shipped.partition("=")[2], "short-key", "a" * 60):
        result = deploy_check(tmp_path, key)
        assert result.returncode != 0
        assert "RECTIFY_SECRET_KEY 须为至少50个字符的随机字符串" in result.stderr
