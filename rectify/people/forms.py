"""The forms of the people pages: upload a list, grant a role, change one's password."""

from django import forms
from django.contrib.auth.forms import PasswordChangeForm

from rectify.orgunits.models import Role

GRANTABLE = [(value, label) for value, label in Role.choices if value != Role.ADMIN]


class PeopleUploadForm(forms.Form):
    file = forms.FileField(
        label="人员名单",
        help_text="Excel 或 WPS 表格（.xlsx、.xls、.ods）；列：姓名、单位、角色、含下级单位、职务、电话、电子邮箱、用户名",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx,.xls,.ods,.xlsm"}),
    )


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(
        label="角色", choices=GRANTABLE, widget=forms.Select(attrs={"class": "form-select"})
    )
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        empty_label="请选择单位",
    )
    include_subtree = forms.BooleanField(
        label="含下级单位", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{'　' * u.depth}{u}"


class OwnPasswordForm(PasswordChangeForm):
    """Django's form (the old password, the new one twice, the validators), with Bootstrap's classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
