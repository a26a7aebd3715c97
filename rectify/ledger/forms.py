"""Forms of the ledger pages: they parse and validate input; the services do the rest."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from rectify.accounts.models import person_label
from rectify.core.ids import id_from_text
from rectify.ledger import selectors
from rectify.ledger.lifecycle import STATE_LABELS
from rectify.ledger.models import Finding, Inspection, Measure, Task, inspection_label
from rectify.ledger.schedule import FLAG_LABELS
from rectify.orgunits.models import OrgUnit, Role, unit_label

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A <select> rendered in Python: Django's per-option templates cost a national office's ledger page
    (hundreds of inspections, units and leaders in its filters) over a second."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = {
            str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")
        }
        options = "".join(
            f'<option value="{escape(v)}"{" selected" if str(v) in chosen else ""}>{escape(label)}</option>'
            for v, label in self.choices
        )
        return mark_safe(f'<select name="{escape(name)}"{flatatt(attrs)}>{options}</select>')


class ValuesChoiceIterator(ModelChoiceIterator):
    """Options from `values_list` rows instead of model instances (the field says which values and how
    to label them): building hundreds of instances per page cost more than the page's queries."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *values in self.queryset.values_list("pk", *self.field.option_values):
            yield (pk, self.field.option_label(*values))


class QuickModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for long filter lists: options labelled from values, rendered by QuickSelect.
    Cleaning is unchanged: the chosen value is looked up in the queryset (or rejected)."""

    widget = QuickSelect
    iterator = ValuesChoiceIterator

    def __init__(self, *args, option_values: tuple[str, ...], option_label, **kwargs):
        self.option_values, self.option_label = option_values, option_label
        super().__init__(*args, **kwargs)


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id where an id larger than any row can have is an invalid choice, as a
    missing id is (Django looks the ids up with IN, which SQLite cannot do with such a number)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if text.isascii() and text.isdigit() and id_from_text(text) is None:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text}
                )
        return super()._check_values(value)


class BootstrapMixin:
    """Give every widget Bootstrap's classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


STALE_PAGE = "页面已过期（缺少版本信息），请刷新页面后重新填写"


def version_field(initial: int | None = None, *, min_value: int = 1) -> forms.IntegerField:
    """The hidden field carrying the version of the row the form was read at (ledger.versions)."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=min_value,
        initial=initial,
        error_messages={"required": STALE_PAGE, "invalid": STALE_PAGE, "min_value": STALE_PAGE},
    )


class VersionedMixin:
    """An edit form of an existing row carries the version it was read at, as `version`; the service
    refuses the save if the row moved on since (a create form has no version)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"] = version_field(self.instance.version)


class LedgerFilterForm(BootstrapMixin, forms.Form):
    """The ledger page's filters (all optional)."""

    inspection = QuickModelChoiceField(
        label="督察",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="全部督察",
        option_values=("unit__name", "unit__short_name", "name"),
        option_label=lambda unit, short, name: inspection_label(unit_label(unit, short), name),
    )
    unit = QuickModelChoiceField(
        label="责任单位",
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="全部单位",
        option_values=("name", "short_name"),
        option_label=unit_label,
    )
    leader = QuickModelChoiceField(
        label="责任领导",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="全部领导",
        option_values=("username", "full_name", "title"),
        option_label=person_label,
    )
    state = forms.ChoiceField(
        label="状态",
        required=False,
        choices=[("", "全部状态"), *[(s.value, lbl) for s, lbl in STATE_LABELS.items()]],
    )
    flag = forms.ChoiceField(
        label="序时进度",
        required=False,
        choices=[("", "全部"), *[(f.value, lbl) for f, lbl in FLAG_LABELS.items()]],
    )
    due_from = forms.DateField(label="时限自", required=False, widget=DATE_INPUT)
    due_to = forms.DateField(label="时限至", required=False, widget=DATE_INPUT)
    as_of = forms.DateField(label="统计截至", required=False, widget=DATE_INPUT)
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "任务、问题、进展、责任人；多个词用空格分开"}),
    )

    def __init__(self, *args, inspections, units, leaders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspections
        self.fields["unit"].queryset = units
        self.fields["leader"].queryset = leaders

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("due_from") and cleaned.get("due_to") and cleaned["due_from"] > cleaned["due_to"]:
            self.add_error("due_to", "结束日期不能早于开始日期")
        return cleaned


@dataclass
class LedgerQuery:
    """The ledger page's filters read from a request: the form (with its messages), and what they select."""

    form: LedgerFilterForm
    as_of: date
    flag: str | None
    searched: bool  # a text search is among the filters
    tasks: QuerySet  # visible, filtered by all but the flag, annotated with `flag`


LEADER_CHOICES_MAX = 300


_int = id_from_text  # a query-string id, or None


def leader_choices(user, inspection_id: str | None):
    """Leaders of the tasks the user sees (in the chosen inspection, if any). A national office leading
    thousands gets none until it picks an inspection: a list that long helps nobody and costs the page."""
    users = get_user_model().objects.only("id", "username", "full_name", "title")
    scope = selectors.scope_for(user)
    if _int(inspection_id):
        tasks = Task.objects.visible_to(user).filter(inspection_id=_int(inspection_id))
        leaders = users.filter(pk__in=tasks.values("lead_leader_id"))
    elif scope.reading_paths:  # an office: its subtree's leaders, found through their roles (indexed)
        leaders = users.filter(selectors.leaders_within(scope.reading_paths))
    else:
        leaders = users.filter(pk__in=Task.objects.visible_to(user).values("lead_leader_id"))
    ids = list(leaders.values_list("pk", flat=True)[: LEADER_CHOICES_MAX + 1])
    return leaders.filter(pk__in=ids) if len(ids) <= LEADER_CHOICES_MAX else leaders.none()


INSPECTION_CHOICES_MAX = 200


def inspection_choices(user, unit_id: str | None, inspection_id: str | None) -> tuple[QuerySet, str]:
    """Inspections offered in the filter: the visible ones, narrowed to the ledgers holding tasks of a
    chosen unit (led or cooperated on by it or a unit below it). A scope of more than 200 ledgers with no
    unit chosen is offered only the inspection already chosen: pick a unit first (a list of 400
    prefectures' ledgers helps nobody and costs every page). Returns the inspections and a hint, if cut."""
    inspections = selectors.inspections_visible(user)
    unit = OrgUnit.objects.filter(pk=_int(unit_id)).first() if _int(unit_id) else None
    if unit is not None:
        inspections = inspections.filter(pk__in=selectors.inspections_with_tasks_of(unit))
    ids = list(inspections.order_by().values_list("pk", flat=True)[: INSPECTION_CHOICES_MAX + 1])
    if len(ids) <= INSPECTION_CHOICES_MAX:
        return inspections.filter(pk__in=ids), ""
    return inspections.filter(pk=_int(inspection_id)), "督察较多，请先选择责任单位"


def ledger_query(request) -> LedgerQuery:
    """Read the ledger filters from the query string, as the ledger page and its exports both do."""
    user = request.user
    inspections, hint = inspection_choices(user, request.GET.get("unit"), request.GET.get("inspection"))
    form = LedgerFilterForm(
        request.GET or None,
        inspections=inspections,
        units=selectors.units_visible(user, _int(request.GET.get("unit"))),
        leaders=leader_choices(user, request.GET.get("inspection")),
    )
    if hint:  # shown where the list would be: in its first option, and on hover
        form.fields["inspection"].empty_label = f"全部督察（{hint}）"
        form.fields["inspection"].widget.attrs["title"] = hint
    form.is_valid()  # an invalid field is shown with its message; the valid ones still filter
    data = getattr(form, "cleaned_data", {})  # an unbound form (no filters) has none
    as_of = data.get("as_of") or timezone.localdate()
    filters = selectors.LedgerFilters(
        inspection_id=data["inspection"].pk if data.get("inspection") else None,
        unit=data.get("unit"),
        leader_id=data["leader"].pk if data.get("leader") else None,
        state=data.get("state") or None,
        due_from=data.get("due_from"),
        due_to=data.get("due_to"),
        text=data.get("q", ""),
    )
    return LedgerQuery(
        form=form,
        as_of=as_of,
        flag=data.get("flag") or None,
        searched=bool(filters.text.strip()),
        tasks=selectors.ledger_tasks(user, filters, as_of),
    )


class InspectionForm(VersionedMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "name",
            "kind",
            "round_number",
            "unit",
            "team",
            "stay_start",
            "stay_end",
            "feedback_on",
            "rule_set",
            "plan_deadline_working_days",
            "schedule_tolerance",
            "due_soon_days",
        ]
        widgets = {"stay_start": DATE_INPUT, "stay_end": DATE_INPUT, "feedback_on": DATE_INPUT}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("stay_start")
            and cleaned.get("stay_end")
            and cleaned["stay_start"] > cleaned["stay_end"]
        ):
            self.add_error("stay_end", "进驻结束日期不能早于开始日期")
        return cleaned


class FindingForm(VersionedMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["number", "label", "provincial_seq", "city_seq", "category", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


def leaders_under(unit: OrgUnit):
    """People holding the leader role within `unit`'s subtree."""
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=Role.LEADER, role_assignments__unit__path__startswith=unit.path
        )
        .distinct()
        .order_by("full_name")
    )


class TaskForm(VersionedMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "number",
            "title",
            "findings",
            "target",
            "deadline_raw",
            "start_on",
            "lead_leader",
            "lead_unit",
            "cooperating_units",
            "acceptance_unit",
            "responsible_person",
            "responsible_phone",
        ]
        widgets = {"target": forms.Textarea(attrs={"rows": 3}), "start_on": DATE_INPUT}
        field_classes = {"findings": IdsChoiceField, "cooperating_units": IdsChoiceField}
        help_texts = {
            "deadline_raw": "按整改方案原文填写，如“2024年6月底前”“立行立改，长期坚持”“2023年底前完成…，2025年底前完成…”",
            "start_on": "留空则自反馈日期起算",
        }

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(path__startswith=inspection.unit.path)
        self.fields["findings"].queryset = inspection.findings.all()
        self.fields["lead_unit"].queryset = units
        self.fields["cooperating_units"].queryset = units
        self.fields["acceptance_unit"].queryset = units
        self.fields["lead_leader"].queryset = leaders_under(inspection.unit)
        self.fields["lead_leader"].label_from_instance = lambda u: u.display_name
        self.fields["cooperating_units"].widget.attrs["size"] = 6


class ProgressForm(BootstrapMixin, forms.Form):
    progress = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    progress_text = forms.CharField(label="整改进展情况", widget=forms.Textarea(attrs={"rows": 4}))
    version = version_field()  # of the task, as the page was read


class TransitionForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(label="理由/意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = version_field()  # of the task, as the page with the button was read


class MeasureForm(VersionedMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["number", "text", "responsible_unit", "progress_text"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "progress_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = OrgUnit.objects.filter(
            path__startswith=inspection.unit.path
        )


class MeasureProgressForm(VersionedMixin, BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["progress_text"]
        widgets = {"progress_text": forms.Textarea(attrs={"rows": 4})}
