from django import forms
from django.utils import timezone

from rectify.ledger.forms import DATE_INPUT, BootstrapMixin, version_field
from rectify.rounds.models import DispatchRound, RoundState


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
    dispatch_round = forms.ModelChoiceField(
        label="按调度轮次生成",
        queryset=None,
        required=False,
        empty_label="不按轮次（按数据截至日的台账）",
        help_text="选择已锁定的调度轮次：报告的进展与数据取自该轮快照，数据截至日为该轮的进展截至日",
    )

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dispatch_round"].queryset = DispatchRound.objects.filter(
            inspection=inspection, state=RoundState.LOCKED
        ).order_by("-number")

    def clean(self):
        data = super().clean()
        if data.get("dispatch_round") is not None:  # the round's own date: its snapshot stands as of it
            data["as_of"] = data["dispatch_round"].as_of
            self.errors.pop("as_of", None)
        return data
