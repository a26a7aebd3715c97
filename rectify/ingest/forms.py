from django import forms

from rectify.ledger.forms import BootstrapMixin
from rectify.orgunits.models import OrgUnit


class PlaceChoiceField(forms.ModelChoiceField):
    """A unit named with the place above it (昌吉州 · 阜康市): two counties may share a name."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.parent} · {obj}" if obj.parent_id else str(obj)


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label="文件",
        help_text=(
            "整改落实情况报告、整改方案、整改完成或验收销号公示、验收公告、整改进展清单、整改任务公开表"
            "（.docx .doc .wps .pdf .txt，自动识别类型），或整改台账（.xlsx .xls .ods）"
        ),
    )
    unit = PlaceChoiceField(label="整改责任地区", queryset=OrgUnit.objects.none(), empty_label=None)
    inspection_name = forms.CharField(
        label="督察",
        max_length=200,
        help_text="选择已有督察，或填写新督察的名称（将新建）",
        widget=forms.TextInput(attrs={"list": "inspection-names"}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
