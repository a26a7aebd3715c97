"""Government networks are often cut off: every asset comes from the app, nothing from a CDN."""

import re

from django.contrib.staticfiles import finders


def test_pages_load_nothing_from_outside(world, client):
    client.force_login(world.office)
    for url in ["/login/", "/ledger/", f"/ledger/tasks/{world.task_a.pk}/", "/ledger/inspections/"]:
        html = client.get(url).content.decode()
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
        assert external == [], url
        for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
            assert finders.find(asset), f"{asset} is not served by the app (run npm ci?)"


def test_ui_speaks_chinese_by_default(client):
    html = client.get("/login/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "登录" in html
