"""Login throttling (登录限制): too many wrong passwords lock the account and the address for a while."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F

LOCKED = "登录失败次数过多"


def log_in(client, username, password, address):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_forty_wrong_passwords_then_the_right_one_is_refused_in_chinese(world, client):
    for _ in range(40):
        log_in(client, "office", "wrong", "203.0.113.7")
    response = log_in(client, "office", "pw", "203.0.113.7")
    assert logged_in_as(client) is None
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_the_lock_holds_the_account_from_anywhere_and_the_address_for_any_account(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "office", "wrong", "203.0.113.7")
    assert LOCKED in log_in(client, "office", "pw", "198.51.100.20").content.decode()
    assert LOCKED in log_in(client, "liaison", "pw", "203.0.113.7").content.decode()
    assert logged_in_as(client) is None


def test_another_account_from_another_address_is_unaffected(world, client):
    for _ in range(40):
        log_in(client, "office", "wrong", "203.0.113.7")
    response = log_in(client, "liaison", "pw", "198.51.100.20")
    assert response.status_code == 302
    assert logged_in_as(client) == str(world.liaison.pk)


def test_after_the_cool_off_the_right_password_logs_in(world, client):
    from axes.models import AccessAttempt

    for _ in range(40):
        log_in(client, "office", "wrong", "203.0.113.7")
    assert LOCKED in log_in(client, "office", "pw", "203.0.113.7").content.decode()
    # Time passes: every recorded failure moves back past the cool-off.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    response = log_in(client, "office", "pw", "203.0.113.7")
    assert response.status_code == 302
    assert logged_in_as(client) == str(world.office.pk)


def test_a_success_forgets_the_failures_before_it(world, client):
    for _ in range(2):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            log_in(client, "office", "wrong", "203.0.113.7")
        assert log_in(client, "office", "pw", "203.0.113.7").status_code == 302
        client.logout()


def test_the_login_page_says_how_long_the_lock_lasts(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "office", "wrong", "203.0.113.7")
    html = log_in(client, "office", "pw", "203.0.113.7").content.decode()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"请{minutes}分钟后再试" in html
    assert 'name="password"' in html  # the form is still there for after the wait


@pytest.mark.parametrize("password", ["qwertyuiop", "password123", "12345678901"])
def test_common_and_numeric_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_behind_a_proxy_each_client_address_is_counted_on_its_own(world, client, settings):
    """Every request comes from the proxy (127.0.0.1); the proxy names the client in X-Real-IP."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = settings.CLIENT_IP_HEADERS_BEHIND_PROXY
    for _ in range(40):
        client.post(
            "/login/",
            {"username": "office", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_REAL_IP="203.0.113.7",
        )
    response = client.post(
        "/login/",
        {"username": "liaison", "password": "pw"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_REAL_IP="198.51.100.20",
    )
    assert response.status_code == 302
    from axes.models import AccessAttempt

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


def test_behind_a_proxy_a_request_without_the_header_counts_under_its_own_address(world, client, settings):
    """Not under a shared empty address: that one would lock out everyone whose request lacks it."""
    from axes.models import AccessAttempt

    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = settings.CLIENT_IP_HEADERS_BEHIND_PROXY
    client.post("/login/", {"username": "nobody", "password": "wrong"}, REMOTE_ADDR="192.0.2.5")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.5"]


def test_the_proxy_setting_reads_the_header_the_deployment_documents(monkeypatch):
    """RECTIFY_BEHIND_PROXY=1, as docs/deployment.md sets it, selects X-Real-IP and the HTTPS header."""
    import importlib
    import pathlib

    import config.settings.base as base

    monkeypatch.setenv("RECTIFY_BEHIND_PROXY", "1")
    behind = importlib.reload(base)
    try:
        assert behind.AXES_IPWARE_META_PRECEDENCE_ORDER == ("HTTP_X_REAL_IP", "REMOTE_ADDR")
        assert behind.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
        guide = (pathlib.Path(base.BASE_DIR) / "docs" / "deployment.md").read_text(encoding="utf-8")
        assert "RECTIFY_BEHIND_PROXY=1" in guide and "proxy_set_header X-Real-IP $remote_addr" in guide
    finally:
        monkeypatch.delenv("RECTIFY_BEHIND_PROXY")
        importlib.reload(base)
