"""The production settings pass Django's deployment check with no warning: HTTPS redirect and HSTS
are on by default (before, W004 and W008 were printed)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean(tmp_path):
    env = {
        # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
        **{
            k: v
            for k, v in os.environ.items()
            if not k.startswith("RECTIFY_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "RECTIFY_SECRET_KEY": secrets.token_urlsafe(50),
        "RECTIFY_ALLOWED_HOSTS": "rectify.example.gov.cn",
        "RECTIFY_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "rectify.cli", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
