"""The settings page's forms (消息设置): they parse; the services in `preferences.py` decide."""

from django import forms

from rectify.notifications.models import DigestMode
from rectify.notifications.robot_urls import KINDS

MODE_HELP = {
    DigestMode.DIGEST: "每天定时任务运行时，把当天的提醒（报送临期、逾期未报、任务临期、任务逾期）合并成一条发出；"
    "其他消息（调度开启、报送被退回、待您审核、任务分派、整改办催报）仍逐条立即发送。",
    DigestMode.IMMEDIATE: "上述提醒也逐条单独发送，不再合并。",
}


class PreferenceForm(forms.Form):
    email = forms.BooleanField(
        label="电子邮件", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    robot = forms.BooleanField(
        label="群机器人", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    mode = forms.ChoiceField(
        label="提醒的发送方式",
        choices=[(DigestMode.DIGEST, "每天汇总一次"), (DigestMode.IMMEDIATE, "逐条立即发送")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择提醒的发送方式", "invalid_choice": "请选择提醒的发送方式"},
    )
    seen = forms.CharField(widget=forms.HiddenInput)


class RobotForm(forms.Form):
    kind = forms.ChoiceField(
        label="机器人类型",
        choices=[("", "请选择"), *KINDS.items()],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    address = forms.CharField(
        label="Webhook 地址",
        required=False,
        max_length=500,
        help_text="在群设置 → 群机器人中复制完整地址（以 https:// 开头），或只填其中的令牌",
        widget=forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "spellcheck": "false", "inputmode": "url"}
        ),
    )
    secret = forms.CharField(
        label="加签密钥（仅钉钉，选填）",
        required=False,
        max_length=200,
        help_text="钉钉机器人开启“加签”时填写（SEC 开头）",
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "spellcheck": "false"}),
    )
    seen = forms.CharField(widget=forms.HiddenInput)


class RobotRemoveForm(forms.Form):
    robot = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput)
