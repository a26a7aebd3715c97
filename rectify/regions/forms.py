"""The forms of the unit pages: set-up (division, departments ticked from the template, more lines,
parks), and a unit's rename, move, merge and new child."""

from django import forms

from rectify.orgunits.models import OrgUnit, OrgUnitKind
from rectify.regions import divisions
from rectify.regions.selectors import in_tree_order
from rectify.regions.templates import DEFAULT_DEPARTMENTS, TemplateError, parse_template


class _Bootstrap:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


def _template_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": 3})
    )


def _clean_template(form, name: str):
    try:
        return parse_template(form.cleaned_data.get(name, ""))
    except TemplateError as error:
        raise forms.ValidationError(error.problems) from error


class SetupForm(_Bootstrap, forms.Form):
    """Which division, and which departments and parks beside its counties."""

    division = forms.ChoiceField(label="设置区域", help_text="州/市连同其县市区；选择省/自治区则包括全部州市")
    departments = forms.MultipleChoiceField(
        label="州直部门（取消勾选不建）", required=False, widget=forms.CheckboxSelectMultiple
    )
    more_departments = _template_field(
        "其他部门", "每行一个：全称，简称（简称可不写）。名称前自动加地区简称，如“昌吉州”"
    )
    parks = _template_field("园区", "每行一个：全称，简称（简称可不写），如：准东经济技术开发区，准东开发区")

    def __init__(self, *args, province: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = parse_template(DEFAULT_DEPARTMENTS)
        region = divisions.division(province)
        choices = [(region.code, f"{region.name}（全区）")] if region else []
        choices += [(d.code, d.name) for d in divisions.prefectures(province)]
        self.fields["division"].choices = choices
        self.fields["departments"].choices = [
            (line.name, f"{line.name}（{line.short_name}）" if line.short_name else line.name)
            for line in self.template
        ]
        self.fields["departments"].initial = [line.name for line in self.template]

    def clean_more_departments(self):
        return _clean_template(self, "more_departments")

    def clean_parks(self):
        return _clean_template(self, "parks")

    def department_lines(self):
        """The ticked lines of the template, then the lines typed in (a typed line replaces a ticked one
        of the same name)."""
        more = self.cleaned_data["more_departments"]
        typed = {line.name for line in more}
        ticked = set(self.cleaned_data["departments"])
        return [line for line in self.template if line.name in ticked and line.name not in typed] + more


class RenameForm(_Bootstrap, forms.Form):
    name = forms.CharField(label="全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    code = forms.CharField(label="行政区划代码", max_length=12, required=False, help_text="园区、部门留空")
    reason = forms.CharField(label="理由", required=False, max_length=200)


class _TargetForm(_Bootstrap, forms.Form):
    target = forms.ModelChoiceField(label="", queryset=OrgUnit.objects.none(), empty_label="请选择")
    reason = forms.CharField(label="理由", required=False, max_length=200)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = units
        ordered = in_tree_order(units)
        self.fields["target"].choices = [("", "请选择")] + [(u.pk, f"{'　' * u.depth}{u}") for u in ordered]
        self.fields["target"].label_from_instance = lambda u: f"{'　' * u.depth}{u}"


class MoveForm(_TargetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].label = "新的上级单位"


class MergeForm(_TargetForm):
    confirm = forms.BooleanField(
        label="确认合并：原单位随后删除，不能撤销",
        error_messages={"required": "请勾选确认合并"},
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].label = "并入哪个单位"


class ChildForm(_Bootstrap, forms.Form):
    name = forms.CharField(label="全称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=50, required=False)
    kind = forms.ChoiceField(
        label="类型",
        choices=[(k, label) for k, label in OrgUnitKind.choices if k != OrgUnitKind.REGION],
        initial=OrgUnitKind.DEPARTMENT,
    )
    code = forms.CharField(label="行政区划代码", max_length=12, required=False, help_text="园区、部门留空")
