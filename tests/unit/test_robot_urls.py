"""The robot a person types (钉钉, 企业微信, 飞书 webhook or token) into the Apprise URL delivery uses."""

import apprise
import pytest

from rectify.notifications.robot_urls import RobotAddressError, robot_apprise_url, robot_url_masked


@pytest.mark.parametrize(
    ("kind", "address", "secret", "url"),
    [
        (
            "dingtalk",
            "https://oapi.dingtalk.com/robot/send?access_token=ab12CD34ef",
            "",
            "dingtalk://ab12CD34ef/",
        ),
        ("dingtalk", " ab12CD34ef ", "SECa1b2c3", "dingtalk://SECa1b2c3@ab12CD34ef/"),
        (
            "wecom",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a-91f6_7",
            "",
            "wecombot://693a-91f6_7",
        ),
        ("wecom", "693a-91f6_7", "", "wecombot://693a-91f6_7"),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/0a1b-2c3d", "", "feishu://0a1b-2c3d"),
        ("feishu", "https://open.larksuite.com/open-apis/bot/v2/hook/0a1b-2c3d/", "", "feishu://0a1b-2c3d"),
    ],
)
def test_a_webhook_or_its_token_becomes_an_apprise_url_apprise_accepts(kind, address, secret, url):
    assert robot_apprise_url(kind, address, secret) == url
    assert apprise.Apprise().add(url)  # what delivery_send does with it


@pytest.mark.parametrize(
    ("kind", "address", "secret", "field", "words"),
    [
        ("", "abc", "", "kind", "请选择机器人类型"),
        ("other", "json://127.0.0.1/", "", "kind", "请选择机器人类型"),
        ("dingtalk", "  ", "", "address", "请填写钉钉机器人"),
        ("dingtalk", "https://evil.example/robot/send?access_token=abc", "", "address", "不是钉钉机器人"),
        ("dingtalk", "http://oapi.dingtalk.com/robot/send?access_token=abc", "", "address", "不是钉钉机器人"),
        (
            "dingtalk",
            "https://oapi.dingtalk.com:8443/robot/send?access_token=abc",
            "",
            "address",
            "不是钉钉机器人",
        ),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send?token=abc", "", "address", "缺少 access_token"),
        ("dingtalk", "ab-12", "", "address", "只能由字母、数字组成"),
        ("dingtalk", "ab12", "SEC 12", "secret", "加签密钥只能"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send", "", "address", "缺少 key"),
        ("wecom", "key with space", "", "address", "令牌只能"),
        ("wecom", "abc", "SEC1", "secret", "没有加签密钥"),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/", "", "address", "缺少令牌"),
        (
            "feishu",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc",
            "",
            "address",
            "不是飞书机器人",
        ),
        ("feishu", "tok/en", "", "address", "令牌只能"),
    ],
)
def test_anything_else_is_a_chinese_error_on_its_field(kind, address, secret, field, words):
    with pytest.raises(RobotAddressError) as caught:
        robot_apprise_url(kind, address, secret)
    assert caught.value.field == field and words in caught.value.message


def test_the_shown_address_hides_the_token_and_the_secret():
    assert robot_url_masked("dingtalk://SECa1b2c3@ab12CD34ef/") == "dingtalk://***@ab12…ef"
    assert robot_url_masked("wecombot://693a-91f6_7") == "wecombot://693a…_7"
    assert robot_url_masked("feishu://short") == "feishu://…"
