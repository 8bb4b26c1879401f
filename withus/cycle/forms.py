"""Forms for commissioning projects and involvement records."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin, MoneyField

from . import ladder
from .models import LEVEL_MEANINGS, CommissioningProject, ParticipationLevel, Stage

MAX_TEXT = 5000


class ProjectForm(GovukFormMixin, forms.Form):
    required_messages = {
        "name": _("Enter a name for the project."),
        "service_area": _("Enter the service area."),
        "budget": _("Enter the budget in pounds."),
        "planned_start": _("Enter the planned start date."),
        "planned_end": _("Enter the planned end date."),
    }

    name = forms.CharField(
        label=_("Project name"),
        max_length=200,
        help_text=_("For example, Adult drug and alcohol treatment, 2027 to 2032."),
    )
    service_area = forms.CharField(
        label=_("Service area"),
        max_length=200,
        help_text=_("For example, drug and alcohol treatment, or day opportunities."),
    )
    budget = MoneyField(label=_("Budget"), help_text=_("In pounds, for the whole contract term."))
    budget.prefix = "£"
    planned_start = DateField(label=_("Planned start"), help_text=_("For example, 1 4 2027."))
    planned_end = DateField(label=_("Planned end"), help_text=_("For example, 31 3 2032."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error(
                "planned_end", _("The planned end must be on or after the planned start.")
            )
        return data


class StageMoveForm(GovukFormMixin, forms.Form):
    required_messages = {"to_stage": _("Choose the stage to move the project to.")}

    to_stage = forms.ChoiceField(label=_("Move the project to"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why is the project moving? (optional when moving on)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        help_text=_("You must say why if the project goes back to an earlier stage."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        choices = []
        for stage in ladder.allowed_moves(current):
            if ladder.is_backwards(current, stage):
                label = _("Back to: %(stage)s") % {"stage": labels[stage]}
            elif current == ladder.STAGES[-1]:
                label = _("Start a new cycle: %(stage)s") % {"stage": labels[stage]}
            else:
                label = _("On to: %(stage)s") % {"stage": labels[stage]}
            choices.append((stage, label))
        self.fields["to_stage"].choices = choices
        self.current = current

    # Whether a reason is needed is decided once, in services.project_move_stage.


class InvolvementForm(GovukFormMixin, forms.Form):
    required_messages = {
        "stage": _("Choose the stage this involvement was part of."),
        "title": _("Say what happened, for example a workshop or a panel meeting."),
        "happened_on": _("Enter the date it happened."),
        "level": _("Choose how much say people had."),
        "what_was_said": _("Write down what people said."),
    }

    stage = forms.ChoiceField(label=_("Stage"))
    title = forms.CharField(
        label=_("What happened"),
        max_length=200,
        help_text=_("For example, Co-design workshop on the service specification."),
    )
    happened_on = DateField(label=_("Date it happened"), help_text=_("For example, 12 5 2026."))
    level = forms.ChoiceField(
        label=_("How much say did people have?"),
        widget=forms.RadioSelect,
        choices=[
            (value, f"{label}: {LEVEL_MEANINGS[value]}")
            for value, label in reversed(ParticipationLevel.choices)
        ],
        help_text=_("The ladder of co-production, from the top rung down."),
    )
    participants = forms.MultipleChoiceField(
        label=_("People on withus who took part"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    group_name = forms.CharField(
        label=_("Group (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example, Northvale Recovery Community."),
    )
    group_count = forms.IntegerField(
        label=_("Number of other people who took part"),
        required=False,
        min_value=0,
        max_value=100000,
        help_text=_("People not on withus. Enter 0 if there were none."),
    )
    what_was_said = forms.CharField(
        label=_("What people said"), max_length=MAX_TEXT, widget=forms.Textarea
    )
    what_changed = forms.CharField(
        label=_("What changed because of it"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        help_text=_("Leave empty if nothing has changed yet. It will show as nothing yet."),
    )
    hours_given = forms.DecimalField(
        label=_("Hours given, all people together"),
        required=False,
        min_value=0,
        max_value=100000,
        max_digits=8,
        decimal_places=2,
        help_text=_("For example, 6 people for 2 hours is 12."),
    )

    def __init__(self, *args, project: CommissioningProject, people, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Stage.choices)
        reached = ladder.STAGES[: project.furthest_stage_number]
        self.fields["stage"].choices = [(s, labels[s]) for s in reached]
        self.fields["stage"].initial = project.stage
        self.people = {str(p.pk): p for p in people}
        self.fields["participants"].choices = [(str(p.pk), str(p)) for p in people]
        self.fields["group_count"].error_messages.update(
            {
                "invalid": _("Enter the number of people as a whole number, like 12."),
                "min_value": _("The number of people must be 0 or more."),
                "max_value": _("The number of people must be 100,000 or fewer."),
            }
        )
        self.fields["hours_given"].error_messages.update(
            {
                "invalid": _("Enter hours as a number, like 12 or 7.5."),
                "min_value": _("Hours must be 0 or more."),
                "max_value": _("Hours must be 100,000 or fewer."),
                "max_decimal_places": _("Enter hours with no more than 2 numbers after the point."),
                "max_digits": _("Hours must be 100,000 or fewer."),
            }
        )

    def clean(self):
        data = super().clean()
        data["group_count"] = data.get("group_count") or 0
        if data.get("hours_given") is None and "hours_given" not in self.errors:
            data["hours_given"] = Decimal("0")
        # Whether enough people took part is decided once, in services.involvement_record.
        return data

    def chosen_people(self):
        return [self.people[pk] for pk in self.cleaned_data.get("participants", [])]


class WhatChangedForm(GovukFormMixin, forms.Form):
    what_changed = forms.CharField(
        label=_("What changed because of it"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea,
        help_text=_("Leave empty if nothing has changed yet. It will show as nothing yet."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
