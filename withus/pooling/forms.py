"""Forms for pooling personal budgets."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin, MoneyField

from .models import BudgetKind, Outcome, Period, SplitRule

# The most one entry may be: far above any personal budget, inside the database column.
LIMIT = Decimal("1000000")


class BudgetForm(GovukFormMixin, forms.Form):
    required_messages = {
        "kind": _("Choose the kind of budget."),
        "amount": _("Enter the amount of your budget."),
        "period": _("Choose how often you get this amount."),
        "locality": _("Enter your ward or postcode district, like NV1."),
    }
    kind = forms.ChoiceField(
        label=_("What kind of budget do you have?"),
        choices=BudgetKind.choices,
        widget=forms.RadioSelect,
    )
    amount = MoneyField(
        label=_("How much is it?"),
        help_text=_("In pounds, like 450.00."),
        min_value=Decimal("0.01"),
        max_value=LIMIT,
    )
    amount.prefix = "£"
    period = forms.ChoiceField(
        label=_("How often?"), choices=Period.choices, widget=forms.RadioSelect
    )
    interests = forms.MultipleChoiceField(
        label=_("What do you like doing?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("We use this to suggest people to share with. We never ask about health."),
    )
    locality = forms.CharField(
        label=_("Where do you live?"),
        max_length=20,
        help_text=_("Your ward, or the first part of your postcode, like NV1."),
    )

    def __init__(self, *args, interests, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_id = {str(i.pk): i for i in interests}
        self.fields["interests"].choices = [(str(i.pk), i.name) for i in interests]

    def chosen_interests(self):
        return [self.by_id[v] for v in self.cleaned_data.get("interests", [])]

    def budget_details(self) -> dict:
        """What services.budget_record takes, from the cleaned form."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "amount": data["amount"],
            "period": data["period"],
            "interests": self.chosen_interests(),
            "locality": data["locality"],
        }


class BudgetOnBehalfForm(BudgetForm):
    """A facilitator records a budget for someone, with that person's agreement."""

    person = forms.ChoiceField(label=_("Whose budget is this?"))
    agreed = forms.ChoiceField(
        label=_("Has the person agreed to you recording this for them?"),
        choices=[("yes", _("Yes, they have agreed"))],
        widget=forms.RadioSelect,
    )
    suggest = forms.ChoiceField(
        label=_("Do they want to be suggested for pooling groups?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )

    field_order = ["person", "agreed", "kind", "amount", "period", "interests", "locality"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["person"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), str(p)) for p in people
        ]
        self.fields["person"].error_messages["required"] = _("Choose whose budget this is.")
        self.fields["agreed"].error_messages["required"] = _(
            "You can only record this if the person has agreed."
        )
        self.fields["suggest"].error_messages["required"] = _(
            "Say whether they want to be suggested for pooling groups."
        )
        self.order_fields([*self.field_order, "suggest"])

    def chosen_person(self):
        return self.people[self.cleaned_data["person"]]


class GroupForm(GovukFormMixin, forms.Form):
    required_messages = {
        "name": _("Enter a name for the group."),
        "purpose": _("Say what the group is for."),
        "split_rule": _("Choose how shared costs are split."),
        "contribution": _("Enter each member's contribution."),
        "contribution_period": _("Choose how often members pay in."),
        "savings_kept_until": _("Enter the date savings stay with the group until."),
        "people": _("Choose at least 3 people to invite."),
    }
    name = forms.CharField(label=_("Group name"), max_length=120)
    purpose = forms.CharField(
        label=_("What is the group for?"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("For example, sharing a personal assistant for swimming on Saturdays."),
    )
    split_rule = forms.ChoiceField(
        label=_("How are shared costs split?"), choices=SplitRule.choices, widget=forms.RadioSelect
    )
    contribution = MoneyField(
        label=_("Each member pays in"), min_value=Decimal("0.01"), max_value=LIMIT
    )
    contribution.prefix = "£"
    contribution_period = forms.ChoiceField(
        label=_("How often?"), choices=Period.choices, widget=forms.RadioSelect
    )
    savings_kept_until = DateField(
        label=_("Savings stay with the group until"), help_text=_("For example, 31 3 2028.")
    )
    people = forms.MultipleChoiceField(
        label=_("People to invite"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_id = {str(p.pk): p for p in people}
        self.fields["people"].choices = [(str(p.pk), str(p)) for p in people]

    def clean_people(self):
        chosen = self.cleaned_data["people"]
        if not 3 <= len(chosen) <= 8:
            raise forms.ValidationError(_("A group has 3 to 8 people."))
        return chosen

    def chosen_people(self):
        return [self.by_id[v] for v in self.cleaned_data["people"]]


class ContributionForm(GovukFormMixin, forms.Form):
    required_messages = {
        "amount": _("Enter how much you paid in."),
        "on": _("Enter the date you paid in."),
    }
    amount = MoneyField(
        label=_("How much did you pay in?"), min_value=Decimal("0.01"), max_value=LIMIT
    )
    amount.prefix = "£"
    on = DateField(label=_("Date"), help_text=_("For example, 1 12 2026."))


class CostForm(GovukFormMixin, forms.Form):
    required_messages = {
        "description": _("Say what the cost was for."),
        "amount": _("Enter the cost."),
        "on": _("Enter the date of the cost."),
    }
    description = forms.CharField(
        label=_("What was it for?"),
        max_length=200,
        help_text=_("For example, personal assistant, 6 hours at £15.50."),
    )
    amount = MoneyField(
        label=_("How much did it cost?"), min_value=Decimal("0.01"), max_value=LIMIT
    )
    amount.prefix = "£"
    on = DateField(label=_("Date"), help_text=_("For example, 1 12 2026."))

    def __init__(self, *args, members, by_hours, **kwargs):
        super().__init__(*args, **kwargs)
        self.hour_fields = []
        if by_hours:
            for m in members:
                name = f"hours_{m.user_id}"
                self.fields[name] = forms.DecimalField(
                    label=_("Hours %(name)s used") % {"name": m.user},
                    required=False,
                    min_value=0,
                    max_value=1000,
                    decimal_places=2,
                )
                self.fields[name].error_messages.update(
                    {
                        "invalid": _("Enter hours as a number, like 2 or 3.5."),
                        "min_value": _("Hours cannot be fewer than 0."),
                        "max_value": _("Hours must be 1,000 or fewer."),
                        "max_decimal_places": _("Use no more than 2 numbers after the point."),
                    }
                )
                self.hour_fields.append((name, m.user_id))

    def hours(self):
        return {uid: self.cleaned_data.get(name) or 0 for name, uid in self.hour_fields}


class LeaveForm(GovukFormMixin, forms.Form):
    required_messages = {"on": _("Enter the date you are leaving.")}
    on = DateField(label=_("Date you leave"), help_text=_("For example, 31 12 2026."))


class NoteForm(GovukFormMixin, forms.Form):
    required_messages = {"text": _("Write your message.")}
    text = forms.CharField(label=_("Message to the group"), max_length=4000, widget=forms.Textarea)


class OutcomeForm(GovukFormMixin, forms.Form):
    required_messages = {
        "stage": _("Choose when this is."),
        "wellbeing": _("Enter your wellbeing score."),
        "gp_visits": _("Enter how many times you saw a GP."),
        "ae_visits": _("Enter how many times you went to A&E."),
    }
    stage = forms.ChoiceField(
        label=_("When is this?"), choices=Outcome.Stage.choices, widget=forms.RadioSelect
    )
    wellbeing = forms.IntegerField(
        label=_("Wellbeing score"),
        min_value=7,
        max_value=35,
        help_text=_("From the 7 wellbeing questions: between 7 and 35."),
    )
    gp_visits = forms.IntegerField(
        label=_("GP visits in the last 3 months"), min_value=0, max_value=99
    )
    ae_visits = forms.IntegerField(
        label=_("A&E visits in the last 3 months"), min_value=0, max_value=99
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("wellbeing", "gp_visits", "ae_visits"):
            field = self.fields[name]
            field.error_messages.update(
                {
                    "invalid": _("Enter a whole number."),
                    "min_value": _("The number is too small: it must be %(limit_value)s or more."),
                    "max_value": _("The number is too big: it must be %(limit_value)s or less."),
                }
            )
