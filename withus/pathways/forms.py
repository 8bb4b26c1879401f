"""Forms for pathways, their stages, people starting and outcomes met."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin, MoneyField
from withus.core.models import Organisation
from withus.peer_support.models import Scheme

from .services import PROVIDER_LINES

PERCENT_ERRORS = {
    "invalid": _("Enter a percentage as a number, like 20 or 12.5."),
    "max_decimal_places": _("Use no more than 2 numbers after the point, like 12.25."),
    "max_digits": _("Enter a percentage from 0 to 100."),
    "max_whole_digits": _("Enter a percentage from 0 to 100."),
    "min_value": _("A percentage cannot be below 0."),
    "max_value": _("A percentage cannot be more than 100."),
}


def percent_field(label, help_text="", required=True, min_value=Decimal("0")):
    field = forms.DecimalField(
        label=label,
        help_text=help_text,
        required=required,
        max_digits=5,
        decimal_places=2,
        min_value=min_value,
        max_value=Decimal("100"),
        error_messages=PERCENT_ERRORS,
    )
    return field


class PathwayForm(GovukFormMixin, forms.Form):
    required_messages = {
        "name": _("Enter the name of the pathway."),
        "tariff": _("Enter the tariff per person in pounds, like 4200."),
    }
    name = forms.CharField(
        label=_("Name of the pathway"),
        max_length=200,
        help_text=_("For example, Recovery from drugs and alcohol."),
    )
    description = forms.CharField(
        label=_("Who the pathway is for"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    tariff = MoneyField(
        label=_("Tariff per person"),
        max_digits=10,
        min_value=Decimal("0.01"),
        help_text=_(
            "The whole amount paid for one person to go through every stage, in pounds "
            "and pence, like 4200 or 4200.50."
        ),
    )
    tariff.prefix = "£"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tariff"].error_messages["min_value"] = _("The tariff must be more than £0.")


class StageForm(GovukFormMixin, forms.Form):
    required_messages = {
        "name": _("Enter the name of the stage."),
        "outcome": _("Enter the outcome this stage is for."),
        "share": _("Enter the stage's share of the tariff, like 20."),
        "on_outcome": _(
            "Enter the part paid only when the outcome is met, like 30. Enter 0 for none."
        ),
    }
    name = forms.CharField(label=_("Name of the stage"), max_length=200)
    outcome = forms.CharField(
        label=_("The outcome this stage is for"),
        max_length=500,
        help_text=_("In plain words. For example, the person has a recovery plan they agreed."),
    )
    outcome_check = forms.CharField(
        label=_("How the outcome is checked (optional)"),
        max_length=500,
        required=False,
        help_text=_("For example, the plan is signed by the person and their worker."),
    )
    share = percent_field(
        _("Share of the tariff (%)"),
        _("The percentage of the tariff for this stage. All stages must add up to 100%."),
        min_value=Decimal("0.01"),
    )
    on_outcome = percent_field(
        _("Part paid only when the outcome is met (%)"),
        _(
            "The percentage of this stage's money paid only when the person meets the "
            "outcome, like 30. The rest is paid when the person starts the pathway."
        ),
    )
    scheme = forms.ModelChoiceField(
        label=_("Peer support scheme (optional)"),
        queryset=Scheme.objects.none(),
        required=False,
        empty_label=_("Not peer support"),
        help_text=_("If this stage is peer support, choose the scheme that gives it."),
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["share"].error_messages["min_value"] = _(
            "A stage's share must be more than 0%%."
        )
        self.fields["scheme"].queryset = Scheme.objects.filter(local_area=area)
        organisations = Organisation.objects.filter(Q(local_area=area) | Q(local_area__isnull=True))
        # Read the organisations once for every provider box (checking a choice
        # still uses the queryset, so only this area's are accepted).
        choices = [("", _("No provider"))] + [(o.pk, o.name) for o in organisations]
        for i in range(1, PROVIDER_LINES + 1):
            self.fields[f"provider_{i}"] = forms.ModelChoiceField(
                label=_("Provider %(n)s") % {"n": i},
                queryset=organisations,
                required=False,
            )
            self.fields[f"provider_{i}"].choices = choices
            self.fields[f"provider_share_{i}"] = percent_field(
                _("Provider %(n)s: share of the stage (%%)") % {"n": i},
                _("Providers' shares must add up to 100%.") if i == 1 else "",
                required=False,
            )
        # Django's own words name the raw value; say it plainly instead.
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):
                field.error_messages["invalid_choice"] = (
                    _("Choose a provider from this area.")
                    if name.startswith("provider_")
                    else _(
                        "Choose one of the options shown. The page may be out of date: reload it."
                    )
                )

    def provider_lines(self) -> list[tuple[int, object, Decimal]]:
        return [
            (i, self.cleaned_data[f"provider_{i}"], self.cleaned_data[f"provider_share_{i}"])
            for i in range(1, PROVIDER_LINES + 1)
            if self.cleaned_data.get(f"provider_{i}") is not None
            and self.cleaned_data.get(f"provider_share_{i}") is not None
        ]

    def provider_fields(self):
        return [
            (i, self[f"provider_{i}"], self[f"provider_share_{i}"])
            for i in range(1, PROVIDER_LINES + 1)
        ]

    def clean(self):
        data = super().clean()
        for i in range(1, PROVIDER_LINES + 1):
            org, share = data.get(f"provider_{i}"), data.get(f"provider_share_{i}")
            if org is not None and share is None and f"provider_share_{i}" not in self.errors:
                self.add_error(f"provider_share_{i}", _("Enter this provider's share, like 60."))
            if share is not None and org is None and f"provider_{i}" not in self.errors:
                self.add_error(f"provider_{i}", _("Choose the provider this share is for."))
        return data


class PersonForm(GovukFormMixin, forms.Form):
    required_messages = {
        "reference": _("Enter the case reference."),
        "started_on": _("Enter the date the person started the pathway."),
    }
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=40,
        help_text=_(
            "The reference from your case system. Never a name: withus must not "
            "say who the person is."
        ),
    )
    started_on = DateField(
        label=_("Date they started the pathway"), help_text=_("For example, 27 3 2026.")
    )


class OutcomeForm(GovukFormMixin, forms.Form):
    required_messages = {
        "stage": _("Choose the stage whose outcome was met."),
        "met_on": _("Enter the date the outcome was met."),
    }
    stage = forms.ModelChoiceField(
        label=_("Which stage's outcome was met?"),
        queryset=None,
        widget=forms.RadioSelect,
    )
    met_on = DateField(
        label=_("Date the outcome was met"),
        help_text=_(
            "On or after the day they started, and not in the future. For example, 27 3 2026."
        ),
    )

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages
