"""Forms for evaluations, measures, participants and scores."""

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin

from . import swemwbs
from .models import Measure, Measurement

ANSWER_MESSAGE = _("Choose an answer from “None of the time” (1) to “All of the time” (5).")


def _runner_choices(people):
    return [(str(u.pk), str(u)) for u in people]


def _scale_end(label, min_value, invalid):
    # One end of a home-made measure's scale: optional, a whole number up to 1000.
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=min_value,
        max_value=1000,
        error_messages={"invalid": invalid},
    )


class EvaluationForm(GovukFormMixin, forms.Form):
    required_messages = {
        "title": _("Enter a name for the evaluation."),
        "subject": _("Choose what is being evaluated."),
        "follow_up_months": _("Enter how many months after the start the follow-up is."),
    }
    title = forms.CharField(
        label=_("Name of the evaluation"),
        max_length=200,
        help_text=_("For example, Does peer mentoring help recovery?"),
    )
    subject = forms.ChoiceField(label=_("What is being evaluated"))
    follow_up_months = forms.IntegerField(
        label=_("Months from the start to the follow-up"),
        min_value=1,
        max_value=60,
        help_text=_("For example, 6."),
        error_messages={
            "invalid": _("Enter a whole number of months, like 6."),
            "min_value": _("The follow-up must be at least 1 month after the start."),
            "max_value": _("The follow-up must be no more than 60 months after the start."),
        },
    )
    runners = forms.MultipleChoiceField(
        label=_("Also running it (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Runners add people and their scores, and see each person's answers. "
            "For a peer support scheme, its coordinators run it. Otherwise you do."
        ),
    )

    def __init__(self, *args, subjects=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", _("Choose one")), *subjects]
        self.fields["runners"].choices = _runner_choices(people)


class MeasureForm(GovukFormMixin, forms.Form):
    required_messages = {"kind": _("Choose the kind of measure.")}
    kind = forms.ChoiceField(
        label=_("Kind of measure"), choices=Measure.Kind.choices, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Short name"),
        max_length=120,
        required=False,
        help_text=_("Only for a measure made with the group. For example, In control."),
    )
    wording = forms.CharField(
        label=_("The question or statement people answer"),
        max_length=300,
        required=False,
        help_text=_("In the group's own words. For example, I feel in control of my recovery."),
    )
    scale_min = _scale_end(_("Lowest score"), 0, _("Enter a whole number, like 1."))
    scale_max = _scale_end(_("Highest score"), 1, _("Enter a whole number, like 10."))
    direction = forms.ChoiceField(
        label=_("Which way is better?"),
        choices=Measure.Direction.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    meaningful_change = forms.DecimalField(
        label=_("Smallest change that matters"),
        required=False,
        max_digits=5,
        decimal_places=2,
        help_text=_("A change this big or bigger counts as better or worse. For example, 1."),
        error_messages={"invalid": _("Enter a number, like 1 or 0.5.")},
    )
    co_produced_with = forms.CharField(
        label=_("Made with which group"),
        max_length=200,
        required=False,
        help_text=_("For example, the recovery community's lived-experience group."),
    )


class ParticipantForm(GovukFormMixin, forms.Form):
    required_messages = {
        "reference": _("Enter a name or reference you will know them by."),
        "consent_on": _("Enter the date they agreed to take part."),
    }
    reference = forms.CharField(
        label=_("Name or reference"),
        max_length=150,
        help_text=_("Something the people running this know them by. It is never published."),
    )
    user = forms.ChoiceField(
        label=_("Their withus account (optional)"),
        required=False,
        help_text=_("If they have one, they can see their own scores under My outcomes."),
    )
    consent = forms.BooleanField(
        label=_("They have agreed to take part and to their answers being recorded"),
        required=False,
    )
    consent_on = DateField(label=_("Date they agreed"), help_text=_("For example, 27 3 2026."))

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        accounts = [(str(u.pk), str(u)) for u in people]
        self.fields["user"].choices = [("", _("No account")), *accounts]


class MeasurementForm(GovukFormMixin, forms.Form):
    required_messages = {
        "stage": _("Choose baseline or follow-up."),
        "taken_on": _("Enter the date they answered."),
        "score": _("Enter the score."),
    }
    stage = forms.ChoiceField(
        label=_("Is this the baseline or the follow-up?"),
        choices=Measurement.Stage.choices,
        widget=forms.RadioSelect,
    )
    taken_on = DateField(label=_("Date they answered"), help_text=_("For example, 27 3 2026."))

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        if measure.is_swemwbs:
            for number, wording in enumerate(swemwbs.ITEMS, start=1):
                field = forms.TypedChoiceField(
                    label=_(wording),
                    choices=[(v, _(label)) for v, label in swemwbs.ANSWERS],
                    coerce=int,
                    widget=forms.RadioSelect,
                )
                field.error_messages["required"] = ANSWER_MESSAGE
                field.error_messages["invalid_choice"] = ANSWER_MESSAGE
                self.fields[f"item_{number}"] = field
        else:
            self.fields["score"] = forms.IntegerField(
                label=measure.wording or measure.name,
                help_text=_("A whole number from %(low)s to %(high)s.")
                % {"low": measure.scale_min, "high": measure.scale_max},
                error_messages={
                    "required": _("Enter the score."),
                    "invalid": _("Enter a whole number, like %(low)s.")
                    % {"low": measure.scale_min},
                },
            )

    def items(self) -> list[int] | None:
        if not self.measure.is_swemwbs:
            return None
        return [self.cleaned_data[f"item_{n}"] for n in range(1, len(swemwbs.ITEMS) + 1)]


class ConfirmForm(GovukFormMixin, forms.Form):
    required_messages = {"confirm": _("Tick the box to confirm.")}
    confirm = forms.BooleanField(label=_("Yes, withdraw consent and delete the scores"))


class RunnersForm(GovukFormMixin, forms.Form):
    required_messages = {"runners": _("Choose at least one person to run the evaluation.")}
    runners = forms.MultipleChoiceField(
        label=_("Who runs this evaluation"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Runners add people and their scores, and see each person's answers. "
            "Choose only people who need to."
        ),
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["runners"].choices = _runner_choices(people)
