"""The errors a user can reach speak Chinese: not found, refused (with the rule's reason), an expired form
(CSRF), and a server error."""

from django.test import Client
from django.urls import reverse


def test_not_found_and_refused_pages_are_in_chinese(world, client):
    client.force_login(world.liaison)
    missing = client.get("/ledger/tasks/999999/")
    assert missing.status_code == 404 and "页面不存在（404）" in missing.content.decode()
    refused = client.get(reverse("ledger:task_edit", args=[world.task_a.pk]))
    page = refused.content.decode()
    assert refused.status_code == 403 and "无权执行该操作（403）" in page
    assert "Forbidden" not in page


def test_an_expired_form_says_so_in_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.liaison)
    response = client.post(reverse("ledger:task_report_progress", args=[world.task_a.pk]), {"progress": 10})
    assert response.status_code == 403 and "页面已过期，未能提交" in response.content.decode()


def test_a_server_error_page_is_in_chinese(world, settings):
    from django.template.loader import render_to_string

    assert "服务器出错（500）" in render_to_string("500.html")
