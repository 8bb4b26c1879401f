"""Forms for SROI analyses: the analysis, what was put in, and each outcome."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import GovukFormMixin, MoneyField

from . import sroi


class PercentField(forms.DecimalField):
    """A percentage from 0 to 100, typed with or without a % sign."""

    def __init__(self, *, what: str, example: str = "20", **kwargs):
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("100"))
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)
        low, high = kwargs["min_value"], kwargs["max_value"]
        message = _("Enter %(what)s as a number from %(low)s to %(high)s, like %(example)s.") % {
            "what": what,
            "low": low,
            "high": high,
            "example": example,
        }
        self.error_messages.update(
            {
                "invalid": message,
                "min_value": message,
                "max_value": message,
                "max_digits": message,
                "max_whole_digits": message,
                "max_decimal_places": _("Use no more than 2 numbers after the point."),
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)


def _whole(label, *, low: int, high: int, message: str, **kwargs) -> forms.IntegerField:
    field = forms.IntegerField(label=label, min_value=low, max_value=high, **kwargs)
    field.error_messages.update({"invalid": message, "min_value": message, "max_value": message})
    return field


class AnalysisForm(GovukFormMixin, forms.Form):
    required_messages = {
        "title": _("Enter a title."),
        "start_year": _("Enter the first year, like 2026."),
        "discount_rate": _("Enter the discount rate, like 3.5."),
    }
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Northvale Recovery Peer Mentors 2025 to 2026."),
    )
    about = forms.ChoiceField(label=_("What is it about?"), required=False)
    summary = forms.CharField(
        label=_("What the analysis is about, in a few sentences"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=3000,
        help_text=_("This is shown to the public once the analysis is published."),
    )
    start_year = _whole(
        _("First year"),
        low=2000,
        high=2100,
        message=_("Enter the first year as 4 numbers, like 2026."),
        help_text=_("The year the money was spent. Year 1 of the value is this year."),
    )
    discount_rate = PercentField(
        what=_("the discount rate"),
        example="3.5",
        label=_("Discount rate (%)"),
        max_value=sroi.MAX_DISCOUNT_RATE,
        initial=sroi.DEFAULT_DISCOUNT_RATE,
        help_text=_(
            "Money in later years is worth less than money now. The usual rate for public "
            "money is 3.5% a year (HM Treasury Green Book). From 0 to 20."
        ),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [("", _("The whole area"))] + list(choices)


class InputForm(GovukFormMixin, forms.Form):
    required_messages = {
        "contributor": _("Enter who put it in."),
        "description": _("Enter what they put in."),
        "amount": _("Enter the value in pounds, like 70000."),
    }
    contributor = forms.CharField(
        label=_("Who put it in"), max_length=200, help_text=_("For example, Northvale Council.")
    )
    description = forms.CharField(
        label=_("What they put in"),
        max_length=300,
        help_text=_("For example, a grant for one year, or 1,200 hours of volunteers' time."),
    )
    amount = MoneyField(
        label=_("Value in pounds"),
        max_digits=12,
        help_text=_("Time and things given count too: put what they would have cost."),
    )
    amount.prefix = "£"


class OutcomeForm(GovukFormMixin, forms.Form):
    required_messages = {
        "stakeholder": _("Enter who the outcome is for."),
        "description": _("Enter what changed."),
        "indicator": _("Enter how you know it changed."),
        "quantity": _("Enter how many people, like 12."),
        "proxy": _("Enter the value per person per year in pounds, like 1500."),
        "proxy_source": _("Enter where the value comes from."),
        "deadweight": _("Enter the deadweight, from 0 to 100."),
        "attribution": _("Enter the attribution, from 0 to 100."),
        "displacement": _("Enter the displacement, from 0 to 100. Put 0 if there is none."),
        "drop_off": _("Enter the drop-off, from 0 to 100. Put 0 if there is none."),
        "duration": _("Enter how many years it lasts, from 1 to 10."),
    }
    stakeholder = forms.CharField(
        label=_("Who it is for"),
        max_length=200,
        help_text=_("For example, people in recovery with a peer mentor."),
    )
    description = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_("In words. For example, stayed free of drugs and alcohol for 6 months."),
    )
    indicator = forms.CharField(
        label=_("How you know"),
        max_length=300,
        help_text=_("What was counted or measured. For example, 6-month recovery checks."),
    )
    quantity = _whole(
        _("How many people"),
        low=0,
        high=10_000_000,
        message=_("Enter how many people as a whole number, 0 or more, like 12."),
        help_text=_("How many people the change happened for."),
    )
    proxy = MoneyField(
        label=_("Value per person per year"),
        max_digits=12,
        help_text=_("What the change is worth in pounds, for one person for one year."),
    )
    proxy.prefix = "£"
    proxy_source = forms.CharField(
        label=_("Where the value comes from"),
        max_length=300,
        help_text=_("For example, the Unit Cost Database, with the line and year used."),
    )
    deadweight = PercentField(
        what=_("the deadweight"),
        label=_("Deadweight (%)"),
        help_text=_("How much would have happened anyway, without the work. From 0 to 100."),
    )
    attribution = PercentField(
        what=_("the attribution"),
        label=_("Attribution (%)"),
        help_text=_("How much is owed to other people or services. From 0 to 100."),
    )
    displacement = PercentField(
        what=_("the displacement"),
        label=_("Displacement (%)"),
        help_text=_(
            "How much only moved a problem somewhere else, or took from someone else. "
            "From 0 to 100."
        ),
    )
    drop_off = PercentField(
        what=_("the drop-off"),
        label=_("Drop-off each year (%)"),
        help_text=_("How much of the change is lost each year after the first. From 0 to 100."),
    )
    duration = _whole(
        _("Years it lasts"),
        low=sroi.MIN_DURATION,
        high=sroi.MAX_DURATION,
        message=_("Enter how many years it lasts as a whole number from 1 to 10."),
        help_text=_("Whole years, from 1 to 10, counting the first year."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proxy"].error_messages["min_value"] = _("The value cannot be below £0.")


class ConfirmForm(forms.Form):
    """A button with nothing to fill in: publishing."""
