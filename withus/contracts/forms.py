"""Forms for contracts, KPIs and monitoring returns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin, MoneyField
from withus.tendering.forms import PercentField

from .models import KPI, Contract


class ContractForm(GovukFormMixin, forms.Form):
    required_messages = {
        "reference": _("Enter the contract reference."),
        "provider": _("Choose the provider."),
        "kind": _("Choose the kind of contract."),
        "initial_months": _("Enter the initial term in months, like 36."),
    }
    reference = forms.CharField(label=_("Reference"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind of contract"),
        choices=Contract.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Block: a fixed service for a fixed sum. Framework: the council can ask "
            "for services from a list of providers. Spot: agreed one person at a time."
        ),
    )
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None)
    value = MoneyField(label=_("Total value"), min_value=1)
    value.prefix = "£"
    start_date = DateField(label=_("Start date"), help_text=_("For example, 1 4 2027."))
    initial_months = forms.IntegerField(
        label=_("Initial term in months"),
        min_value=1,
        max_value=240,
        help_text=_("3 years is 36 months."),
    )
    extension_months = forms.IntegerField(
        label=_("Possible extension in months"),
        min_value=0,
        max_value=240,
        initial=0,
        help_text=_("For a 3 + 2 year contract, enter 24. Enter 0 for none."),
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class BreakClauseForm(GovukFormMixin, forms.Form):
    required_messages = {"on": _("Enter the date of the break clause.")}
    on = DateField(label=_("Date"))
    note = forms.CharField(label=_("What it allows (optional)"), max_length=300, required=False)


class RingFenceForm(GovukFormMixin, forms.Form):
    required_messages = {
        "amount": _("Enter the amount."),
        "purpose": _("Enter what the money is kept for."),
    }
    amount = MoneyField(label=_("Amount"), min_value=1)
    amount.prefix = "£"
    purpose = forms.CharField(
        label=_("What is it kept for?"),
        max_length=300,
        help_text=_("For example: peer support run by the local recovery organisation."),
    )
    recipient = forms.ModelChoiceField(
        label=_("Which organisation gets it? (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = organisations


class KpiForm(GovukFormMixin, forms.Form):
    required_messages = {
        "code": _("Enter a short code, like K1."),
        "title": _("Enter what is measured."),
        "target": _("Enter the target, like 80."),
    }
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example K1."))
    title = forms.CharField(label=_("What is measured"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40, help_text=_("For example %, days."))
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=4)
    direction = forms.ChoiceField(
        label=_("Which way is better?"), choices=KPI.Direction.choices, widget=forms.RadioSelect
    )
    frequency = forms.ChoiceField(
        label=_("How often is it reported?"),
        choices=KPI.Frequency.choices,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        label=_("Where do the figures come from?"),
        choices=KPI.Source.choices,
        widget=forms.RadioSelect,
    )
    criterion = forms.ModelChoiceField(
        label=_("For figures from stories: which rating?"),
        queryset=None,
        required=False,
        help_text=_("The KPI is the share of people rating it 4 or 5 out of 5."),
    )
    amber_margin = PercentField(label=_("Amber when within this % of the target"), initial=10)
    question = forms.ModelChoiceField(
        label=_("Tender question it comes from (optional)"), queryset=None, required=False
    )
    requirement = forms.ModelChoiceField(
        label=_("Requirement it comes from (optional)"), queryset=None, required=False
    )
    priority = forms.ModelChoiceField(
        label=_("Priority it answers (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, criteria, questions, requirements, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria
        self.fields["question"].queryset = questions
        self.fields["question"].label_from_instance = lambda q: f"{q.key}: {q.text[:80]}"
        self.fields["requirement"].queryset = requirements
        self.fields["requirement"].label_from_instance = lambda r: f"{r}: {r.text[:80]}"
        self.fields["priority"].queryset = priorities
        self.fields["priority"].label_from_instance = lambda p: f"{p.rank}. {p.theme.name}"
        self.fields["target"].error_messages["invalid"] = _("Enter the target as a number.")


class ReturnForm(GovukFormMixin, forms.Form):
    """One period's figures for the KPIs this person reports."""

    required_messages = {"period": _("Enter the first day of the period, like 1 4 2026.")}
    period = DateField(
        label=_("Which period?"),
        help_text=_(
            "Its first day: a month's 1st; quarters start 1 April, July, October and "
            "January; years start 1 April."
        ),
    )
    note = forms.CharField(
        label=_("Anything to explain (optional)"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, kpis, **kwargs):
        super().__init__(*args, **kwargs)
        self.kpis = kpis
        for k in kpis:
            field = forms.DecimalField(
                label=f"{k.code}: {k.title} ({k.unit})",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=4,
                help_text=_("Target %(t)s. Leave empty if not due this period.")
                % {"t": f"{k.target.normalize():f}"},
            )
            field.error_messages["invalid"] = _("Enter a number.")
            field.error_messages["min_value"] = _("Figures cannot be negative.")
            self.fields[f"kpi_{k.pk}"] = field

    def values(self):
        period = self.cleaned_data["period"]
        return {
            k.pk: (period, self.cleaned_data[f"kpi_{k.pk}"])
            for k in self.kpis
            if self.cleaned_data.get(f"kpi_{k.pk}") is not None
        }


class ReturnsUploadForm(GovukFormMixin, forms.Form):
    required_messages = {"file": _("Choose a CSV file to upload.")}
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: kpi, period, value, and note if you like. One row per KPI and "
            "period. Nothing is saved unless every row is right."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class ExtendForm(GovukFormMixin, forms.Form):
    required_messages = {"months": _("Enter how many months to extend by.")}
    months = forms.IntegerField(label=_("Extend by how many months?"), min_value=1, max_value=240)
    version = forms.IntegerField(widget=forms.HiddenInput)
