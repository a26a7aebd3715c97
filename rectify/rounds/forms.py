"""The rounds pages' forms, and the unit's form's posted values as the draft service's arguments."""

from django import forms

from rectify.core.ids import id_from_text
from rectify.rounds.models import RoundSchedule
from rectify.rounds.services import LINE_FIELDS

ALL_OPEN = "all"


class RoundOpenForm(forms.Form):
    """Open a round for one inspection, or for every open inspection of the office's area."""

    inspection = forms.ChoiceField(label="督察")
    period = forms.CharField(label="调度周期", max_length=50, help_text="如：2023年10月")
    as_of = forms.DateField(label="进展截至", widget=forms.DateInput(attrs={"type": "date"}))
    due_on = forms.DateField(
        label="报送截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_working_days = forms.IntegerField(
        label="或：开启后几个工作日内报送", required=False, min_value=0, max_value=60
    )

    def __init__(self, *args, inspections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].choices = [(ALL_OPEN, "本辖区全部在办督察")] + [
            (str(i.pk), str(i)) for i in inspections
        ]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-select" if name == "inspection" else "form-control")

    def clean(self):
        data = super().clean()
        if (data.get("due_on") is None) == (data.get("due_working_days") is None):
            raise forms.ValidationError("请填写报送截止日期，或开启后的工作日数（二者选一）")
        return data


class RoundScheduleForm(forms.ModelForm):
    class Meta:
        model = RoundSchedule
        fields = ["cadence", "day", "due_working_days", "leader_confirmation", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            else:
                field.widget.attrs["class"] = "form-select" if name == "cadence" else "form-control"


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)


def posted_lines(data) -> tuple[dict[int, dict], dict[int, str]]:
    """The unit's form as posted: `line-<task id>-<field>` and `measure-<measure id>` fields, as
    ({task id: {field: value}}, {measure id: text}) for `submission_save_draft`. Unknown names are
    ignored; the service checks each task and measure is the unit's own."""
    lines: dict[int, dict] = {}
    measures: dict[int, str] = {}
    for name, value in data.items():
        parts = name.split("-")
        pk = id_from_text(parts[1]) if len(parts) in (2, 3) else None
        if pk is None:
            continue
        if len(parts) == 3 and parts[0] == "line" and parts[2] in LINE_FIELDS:
            lines.setdefault(pk, {})[parts[2]] = value
        elif len(parts) == 2 and parts[0] == "measure":
            measures[pk] = value
    return lines, measures


def posted_version(data) -> int | None:
    try:
        return int(data.get("version", ""))
    except ValueError:
        return None
