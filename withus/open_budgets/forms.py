"""Forms for budget lines, the CSV import and save-and-share savings."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from withus.contracts.models import Contract
from withus.core.forms import GovukFormMixin, MoneyField

from . import figures


class YearField(forms.CharField):
    """A financial year as people write it, cleaned to the year it starts in."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Financial year"))
        kwargs.setdefault(
            "help_text",
            _("From 1 April to 31 March. Write it like 2025 to 2026."),
        )
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            return figures.parse_year(text)
        except figures.FigureProblem as problem:
            raise ValidationError(str(problem)) from None

    def prepare_value(self, value):
        return figures.year_label(value) if isinstance(value, int) else value


def _money(label, help_text):
    field = MoneyField(label=label, help_text=help_text, max_digits=12)
    field.error_messages["min_value"] = _("The amount cannot be less than £0.")
    field.error_messages["max_decimal_places"] = _(
        "The amount cannot have fractions of a penny. Use at most 2 numbers after the point."
    )
    field.prefix = "£"
    return field


def _percent(label):
    # The three shares of a saving are the same kind of field: 0 to 100, two places.
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Enter a percentage, like 40 or 33.33."),
            "min_value": _("A share cannot be less than 0%%."),
            "max_value": _("A share cannot be more than 100%%."),
            "max_decimal_places": _("Use at most 2 numbers after the point."),
            "max_digits": _("Use at most 2 numbers after the point."),
        },
    )


def _pays_for(label):
    return forms.CharField(
        label=label,
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LineForm(GovukFormMixin, forms.Form):
    required_messages = {
        "year": _("Enter the financial year, like 2025 to 2026."),
        "service": _("Enter the name of the service."),
        "spend": _("Enter what was spent, in pounds."),
    }
    year = YearField()
    service = forms.CharField(
        label=_("Service"),
        max_length=200,
        help_text=_("For example, Home care or Peer support."),
    )
    contract = forms.ChoiceField(label=_("Contract (if there is one)"), required=False)
    spend = _money(_("Spend"), _("In pounds for the whole year, like 250000 or 250,000.00."))
    people = forms.IntegerField(
        label=_("People supported"),
        required=False,
        min_value=0,
        max_value=figures.MAX_PEOPLE,
        help_text=_(
            "How many people the service supported that year. Used for the cost per person. "
            "Leave it blank if you do not know."
        ),
        error_messages={
            "invalid": _("Enter a whole number of people, like 120."),
            "min_value": _("The number of people cannot be less than 0."),
            "max_value": _("That is too many people."),
        },
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].choices = [("", _("No contract"))] + [
            (str(c.pk), f"{c.reference} {c.title}")
            for c in Contract.objects.filter(local_area=area).order_by("reference")
        ]
        # A contract not in the list (say, another area's) is named by the
        # service, not refused here as a stale choice.
        self.fields["contract"].valid_value = lambda value: True

    def clean_contract(self):
        value = self.cleaned_data.get("contract")
        if not value:
            return None
        contract = Contract.objects.filter(pk=value).first() if str(value).isdigit() else None
        if contract is None:
            raise ValidationError(_("Choose a contract from the list, or No contract."))
        return contract


class ImportForm(GovukFormMixin, forms.Form):
    required_messages = {"file": _("Choose a CSV file to upload.")}
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: year, service, spend, and if you want them people supported and "
            "contract (its reference). If anything in the file is wrong, nothing is added."
        ),
    )


class SavingForm(GovukFormMixin, forms.Form):
    required_messages = {
        "year": _("Enter the financial year of the saving, like 2025 to 2026."),
        "what": _("Say what was saved and how."),
        "amount": _("Enter the amount saved, in pounds."),
        "people_percent": _("Enter the share for people who use services, like 40."),
        "commissioners_percent": _("Enter the share for commissioners, like 30."),
        "community_percent": _("Enter the share for the wider community, like 30."),
    }
    year = YearField()
    what = forms.CharField(
        label=_("What was saved and how"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example, fewer day-centre places, as more people use peer support."),
    )
    amount = _money(_("Amount saved"), _("In pounds, like 180000."))
    people_percent = _percent(_("Share for people who use services (%)"))
    people_pays_for = _pays_for(_("What the share for people who use services pays for"))
    commissioners_percent = _percent(_("Share for commissioners: the council and NHS (%)"))
    commissioners_pays_for = _pays_for(_("What the commissioners' share pays for"))
    community_percent = _percent(_("Share for the wider community (%)"))
    community_pays_for = _pays_for(_("What the community's share pays for"))

    def clean(self):
        data = super().clean()
        percents = [data.get(f"{p}_percent") for p in figures.SHARE_PARTS]
        if all(isinstance(p, Decimal) for p in percents):
            problem = figures.percents_problem(percents)
            if problem:
                self.add_error("people_percent", problem)
        return data
