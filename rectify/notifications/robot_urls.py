"""A person's chat robot as typed on their settings page, turned into the Apprise URL that delivery uses.

Pure: no Django. What people paste is the webhook address their group shows (or only its token):

    钉钉     https://oapi.dingtalk.com/robot/send?access_token=TOKEN   → dingtalk://TOKEN/
             with the robot's 加签 secret (SEC…)                         → dingtalk://SECRET@TOKEN/
    企业微信  https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY  → wecombot://KEY
    飞书     https://open.feishu.cn/open-apis/bot/v2/hook/TOKEN        → feishu://TOKEN

`robot_apprise_url` raises RobotAddressError (a Chinese sentence naming the field) for anything else:
the vendor's own host only (a person cannot point the server at another address), and the result must
be accepted by Apprise itself (`apprise.Apprise.instantiate`, what `delivery_send`'s `add` runs).
"""

import re
from urllib.parse import parse_qs, urlsplit

import apprise

KINDS = {"dingtalk": "钉钉", "wecom": "企业微信", "feishu": "飞书"}

_HOSTS = {
    "dingtalk": ("oapi.dingtalk.com", "/robot/send", "access_token"),
    "wecom": ("qyapi.weixin.qq.com", "/cgi-bin/webhook/send", "key"),
    "feishu": ("open.feishu.cn", "/open-apis/bot/v2/hook/", None),
}
_FEISHU_HOSTS = ("open.feishu.cn", "open.larksuite.com")
_TOKEN = {
    "dingtalk": re.compile(r"^[A-Za-z0-9]+$"),
    "wecom": re.compile(r"^[A-Za-z0-9_-]+$"),
    "feishu": re.compile(r"^[A-Za-z0-9_-]+$"),
}
_SECRET = re.compile(r"^[A-Za-z0-9]+$")


class RobotAddressError(ValueError):
    """What is wrong with a typed robot, and in which field ("kind", "address" or "secret")."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def robot_apprise_url(kind: str, address: str, secret: str = "") -> str:
    """The Apprise URL of the robot of `kind` whose webhook address (or bare token) is `address`."""
    if kind not in KINDS:
        raise RobotAddressError("kind", "请选择机器人类型：钉钉、企业微信或飞书")
    name = KINDS[kind]
    address, secret = address.strip(), secret.strip()
    if not address:
        raise RobotAddressError("address", f"请填写{name}机器人的 Webhook 地址")
    token = _token(kind, address)
    if not _TOKEN[kind].match(token):
        raise RobotAddressError(
            "address",
            f"{name}机器人的令牌只能由字母、数字{'' if kind == 'dingtalk' else '、下划线和连字符'}组成：{token[:40]}",
        )
    if secret and kind != "dingtalk":
        raise RobotAddressError("secret", f"{name}机器人没有加签密钥，此项请留空")
    if secret and not _SECRET.match(secret):
        raise RobotAddressError("secret", "钉钉加签密钥只能由字母和数字组成（形如 SEC 开头的一串字符）")
    url = {
        "dingtalk": f"dingtalk://{secret + '@' if secret else ''}{token}/",
        "wecom": f"wecombot://{token}",
        "feishu": f"feishu://{token}",
    }[kind]
    if apprise.Apprise.instantiate(url, suppress_exceptions=True) is None:
        raise RobotAddressError(
            "address", f"{name}机器人地址无法识别，请复制群设置中机器人的完整 Webhook 地址"
        )
    return url


def _token(kind: str, address: str) -> str:
    """The token inside a pasted webhook address, or the address itself when it is no URL."""
    if "://" not in address:
        return address
    name = KINDS[kind]
    parts = urlsplit(address)
    host, path, query_key = _HOSTS[kind]
    hosts = _FEISHU_HOSTS if kind == "feishu" else (host,)
    example = f"https://{host}{path}{'?' + query_key + '=…' if query_key else '…'}"
    if parts.scheme != "https" or parts.hostname not in hosts or parts.username or parts.port:
        raise RobotAddressError("address", f"这不是{name}机器人的 Webhook 地址，应形如 {example}")
    if query_key is None:
        if not parts.path.startswith(path) or parts.path == path:
            raise RobotAddressError("address", f"{name}机器人地址缺少令牌，应形如 {example}")
        return parts.path[len(path) :].strip("/")
    values = parse_qs(parts.query).get(query_key) or [""]
    if parts.path.rstrip("/") != path or not values[0]:
        raise RobotAddressError("address", f"{name}机器人地址缺少 {query_key}，应形如 {example}")
    return values[0]


def robot_url_masked(url: str) -> str:
    """An Apprise robot URL with its token and secret shortened, for pages and the audit log (a webhook
    token lets anyone post to the group)."""
    scheme, _, rest = url.partition("://")
    secret, at, token = rest.rpartition("@")
    token = token.rstrip("/")
    shown = f"{token[:4]}…{token[-2:]}" if len(token) > 8 else "…"
    return f"{scheme}://{'***@' if at and secret else ''}{shown}"
