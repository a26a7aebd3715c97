from django import forms
from django.utils import timezone

from rectify.ledger.forms import DATE_INPUT, BootstrapMixin, version_field


class NarrativeForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label="报告标题", max_length=200)
    opening = forms.CharField(
        label="开头段",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="{headline} 是占位符：生成时填入截至“数据截至”日由台账计算的总体情况（预览见下）",
    )
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text="以“一、”“二、”开头的行为一级标题；以“（一）”开头的段落为二级标题段",
    )
    closing = forms.CharField(label="结尾段", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    issuer = forms.CharField(
        label="落款单位",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="联合行文时每行一个机关，主办机关在前",
    )
    attachment_title = forms.CharField(label="附件标题", max_length=200, required=False)
    note = forms.CharField(label="修改说明", max_length=200, required=False)
    version = version_field(min_value=0)  # of the latest narrative when the page was read (0: none saved yet)


class GenerateForm(BootstrapMixin, forms.Form):
    as_of = forms.DateField(label="数据截至", widget=DATE_INPUT, initial=timezone.localdate)
    signed_on = forms.DateField(
        label="成文日期", widget=DATE_INPUT, initial=timezone.localdate, required=False
    )
