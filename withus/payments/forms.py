"""Forms for rates, payment choices, claims and decisions."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin, MoneyField

from . import sums
from .models import Expense, PaymentChoice, Unit
from .services import EXPENSE_LINES


class RateForm(GovukFormMixin, forms.Form):
    required_messages = {
        "unit": _("Choose what the rate is for."),
        "amount": _("Enter the rate in pounds, like 15.00."),
        "effective_from": _("Enter the date the rate applies from."),
    }
    unit = forms.ChoiceField(
        label=_("What the rate is for"), choices=Unit.choices, widget=forms.RadioSelect
    )
    amount = MoneyField(label=_("Amount"), min_value=Decimal("0.01"), max_value=Decimal("10000"))
    amount.prefix = "£"
    effective_from = DateField(
        label=_("Applies from"),
        help_text=_("Today or later. Claims already made keep their rate. For example, 1 4 2027."),
    )


class ChoiceForm(GovukFormMixin, forms.Form):
    required_messages = {"choice": _("Choose how you want to be paid.")}
    choice = forms.ChoiceField(
        label=_("How do you want to be paid for your time?"),
        choices=PaymentChoice.Choice.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "If you get benefits, being paid could affect them. You can choose not to be "
            "paid for your time: we still pay back what it cost you to take part, like "
            "bus fares. You can change your mind at any time; it applies to claims not "
            "yet sent for payment."
        ),
    )


class ClaimForm(GovukFormMixin, forms.Form):
    required_messages = {
        "unit": _("Choose how your time is counted."),
        "quantity": _("Enter how many hours, half days or days."),
    }
    unit = forms.ChoiceField(
        label=_("How is your time counted?"),
        choices=[(u, label) for u, label in Unit.choices if u in sums.TIME_UNITS],
        widget=forms.RadioSelect,
    )
    quantity = forms.DecimalField(
        label=_("How many"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Hours in quarter hours, like 2.5. Half days and days in whole numbers."),
        error_messages={
            "invalid": _("Enter a number, like 2 or 2.5."),
            "max_decimal_places": _("Enter hours in quarter hours, like 1.25 or 2.5."),
            "max_digits": _("That is too many."),
            "max_whole_digits": _("That is too many."),
        },
    )
    note = forms.CharField(
        label=_("Anything we should know"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    # When changing a claim: the version the page showed, so a change made
    # meanwhile is not overwritten unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(EXPENSE_LINES):
            self.fields[f"expense_kind_{i}"] = forms.ChoiceField(
                label=_("Expense %(n)s: what for") % {"n": i + 1},
                choices=[("", _("No expense"))] + Expense.Kind.choices,
                required=False,
            )
            self.fields[f"expense_detail_{i}"] = forms.CharField(
                label=_("Expense %(n)s: details") % {"n": i + 1},
                max_length=200,
                required=False,
                help_text=_("For example, bus from Northvale to the town hall and back."),
            )
            self.fields[f"expense_amount_{i}"] = MoneyField(
                label=_("Expense %(n)s: amount, or miles if you drove") % {"n": i + 1},
                required=False,
                max_digits=8,
                decimal_places=2,
                help_text=_("Pounds, like 4.50; or for driving, the miles, like 12.5."),
            )

    def used_lines(self) -> list[int]:
        """The numbers (from 0) of the expense boxes filled in, in order: the
        lines ``expenses`` gives, as a line left empty is skipped."""
        return [i for i in range(EXPENSE_LINES) if self.cleaned_data.get(f"expense_kind_{i}")]

    def expenses(self) -> tuple[list[sums.ExpenseLine], list[str]]:
        lines, details = [], []
        for i in self.used_lines():
            kind = self.cleaned_data.get(f"expense_kind_{i}")
            value = self.cleaned_data.get(f"expense_amount_{i}")
            mileage = kind == Expense.Kind.MILEAGE
            lines.append(
                sums.ExpenseLine(
                    kind=kind, amount=None if mileage else value, miles=value if mileage else None
                )
            )
            details.append(self.cleaned_data.get(f"expense_detail_{i}", ""))
        return lines, details

    def clean(self):
        data = super().clean()
        for i in range(EXPENSE_LINES):
            kind, value = data.get(f"expense_kind_{i}"), data.get(f"expense_amount_{i}")
            if kind and value is None and f"expense_amount_{i}" not in self.errors:
                self.add_error(f"expense_amount_{i}", _("Enter the amount, or the miles."))
            if value is not None and not kind:
                self.add_error(f"expense_kind_{i}", _("Choose what the expense was for."))
        return data

    def line_fields(self):
        """The expense boxes, one group per line, for the template."""
        return [
            (
                i + 1,
                self[f"expense_kind_{i}"],
                self[f"expense_detail_{i}"],
                self[f"expense_amount_{i}"],
            )
            for i in range(EXPENSE_LINES)
        ]


class DecideForm(GovukFormMixin, forms.Form):
    required_messages = {"decision": _("Choose to approve the claim or ask a question.")}
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the claim")), ("query", _("Ask a question first"))],
        widget=forms.RadioSelect,
    )
    query = forms.CharField(
        label=_("Question for the person who claimed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Only if you are asking a question. Say what they need to change."),
    )
    # The version of the claim the page showed: a decision on sums that have
    # changed since (say, a new payment choice) is refused, not made unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
