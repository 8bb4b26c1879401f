"""Forms for a person's own equality details and an area's population shares."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import GovukFormMixin
from withus.insight.models import AgeBand, Disabled, EthnicGroup
from withus.peer_support.models import Experience

from .models import Category, Gender
from .queries import group_choices


class EqualityForm(GovukFormMixin, forms.Form):
    consent = forms.BooleanField(
        label=_("You may keep these details about me"),
        required=False,
        help_text=_(
            "Only you see your own answers. Pages show counts only, and a group of fewer "
            "than 5 people is never shown. Untick this and save to remove your details."
        ),
    )
    age_band = forms.ChoiceField(
        label=_("Age"), choices=[("", _("Not given"))] + AgeBand.choices, required=False
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", _("Not given"))] + Gender.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    ethnic_group = forms.ChoiceField(
        label=_("Ethnic group"),
        choices=[("", _("Not given"))] + EthnicGroup.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    disabled = forms.ChoiceField(
        label=_("Do you have a disability or long-term condition?"),
        choices=[("", _("Not given"))] + Disabled.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    experience = forms.MultipleChoiceField(
        label=_("Your lived experience"),
        choices=Experience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        data = super().clean()
        given = any(data.get(name) for name in ("age_band", "gender", "ethnic_group", "disabled"))
        if (given or data.get("experience")) and not data.get("consent"):
            self.add_error(
                "consent",
                _("Tick the box to let us keep these details, or leave every answer empty."),
            )
        return data


class ShareForm(GovukFormMixin, forms.Form):
    required_messages = {
        "group": _("Choose the group."),
        "percent": _("Enter the share of residents, like 51.2."),
    }
    group = forms.ChoiceField(label=_("Group"))
    percent = forms.DecimalField(
        label=_("Share of residents, in percent"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        error_messages={
            "invalid": _("Enter a number from 0 to 100, like 51.2."),
            "min_value": _("Enter a number from 0 to 100, like 51.2."),
            "max_value": _("Enter a number from 0 to 100, like 51.2."),
            "max_decimal_places": _("Enter no more than 2 numbers after the point."),
            "max_digits": _("Enter a number from 0 to 100, like 51.2."),
        },
    )
    source = forms.CharField(
        label=_("Where the figure comes from"),
        max_length=200,
        required=False,
        help_text=_("For example, Census 2021."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One flat list: the GOV.UK select shows no option groups, so each option
        # names its category ("Gender: Women").
        labels = {str(c): str(c.label) for c in Category}
        self.fields["group"].choices = [("", _("Choose a group"))] + [
            (f"{c}:{g}", f"{labels[c]}: {label}")
            for c, groups in group_choices().items()
            for g, label in groups
            if g != "prefer_not_to_say"
        ]

    def clean_group(self):
        category, _sep, group = self.cleaned_data["group"].partition(":")
        return category, group


class ShareImportForm(GovukFormMixin, forms.Form):
    required_messages = {"file": _("Choose a CSV file to upload.")}
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: category, group, percent, and source if you want one. The file "
            "replaces every share. If anything in it is wrong, nothing is changed."
        ),
    )
