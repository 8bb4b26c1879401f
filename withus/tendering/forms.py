"""Forms for specifications, tenders, bids and evaluation."""

from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin, MoneyField

from .models import MONEY, Evaluator, PriceFormula, SetBy

LONDON = ZoneInfo("Europe/London")
# Deadlines fall at noon UK time, as most invitations to tender set them.
NOON = time(12, 0)
PUBLISH_AT = time(9, 0)


def at(day, hour) -> datetime:
    return datetime.combine(day, hour, tzinfo=LONDON)


class PercentField(forms.DecimalField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        kwargs.setdefault("max_value", Decimal("100"))
        super().__init__(**kwargs)
        self.error_messages.update(
            {
                "invalid": _("Enter a percentage as a number, like 20 or 12.5."),
                "min_value": _("The percentage must be 0 or more."),
                "max_value": _("The percentage must be 100 or less."),
                "max_decimal_places": _("Use no more than 2 numbers after the point."),
                "max_digits": _("Enter a percentage from 0 to 100."),
                "max_whole_digits": _("Enter a percentage from 0 to 100."),
            }
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("%").strip()
        return super().to_python(value)


class SpecificationForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("What the service is for"), widget=forms.Textarea, required=False
    )


class RequirementForm(GovukFormMixin, forms.Form):
    required_messages = {"text": _("Enter what the service must do.")}
    text = forms.CharField(
        label=_("What must the service do?"),
        widget=forms.Textarea,
        help_text=_("One requirement, in plain words that a bidder can answer."),
    )
    priorities = forms.ModelMultipleChoiceField(
        label=_("Which priorities does it answer?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "From Working Together for Change in this area. This is how people can "
            "follow what they said into the contract."
        ),
    )

    def __init__(self, *args, priorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = priorities
        self.fields["priorities"].label_from_instance = lambda p: f"{p.rank}. {p.theme.name}"


class TenderForm(GovukFormMixin, forms.Form):
    required_messages = {
        "reference": _("Enter a reference, like NV-2027-014."),
        "title": _("Enter a title."),
        "description": _("Say what is being bought."),
        "publication_date": _("Enter the publication date."),
        "clarification_deadline": _("Enter the deadline for questions."),
        "submission_deadline": _("Enter the deadline for bids."),
        "price_weight": _("Enter the weight of price, like 40."),
        "panel_stake": _("Enter the panel's stake, like 20. Enter 0 for none."),
    }
    reference = forms.CharField(label=_("Reference"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("What is being bought"), widget=forms.Textarea)
    estimated_value = MoneyField(
        label=_("Estimated cost (optional)"),
        required=False,
        min_value=MONEY[0].limit_value,
        help_text=_("A bid below this is flagged as abnormally low."),
    )
    estimated_value.prefix = "£"
    publication_date = DateField(
        label=_("Publication date"), help_text=_("Published at 9am. For example, 1 3 2027.")
    )
    clarification_deadline = DateField(
        label=_("Deadline for questions"), help_text=_("At 12 noon on this day.")
    )
    submission_deadline = DateField(
        label=_("Deadline for bids"), help_text=_("At 12 noon on this day.")
    )
    price_weight = PercentField(
        label=_("Weight of price (%)"),
        help_text=_("The rest is quality, including the panel's stake. For example 40."),
    )
    price_formula = forms.ChoiceField(
        label=_("How is price scored?"),
        choices=PriceFormula.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "In proportion to the lowest price: the lowest price gets full marks. "
            "Distance from the average: the price nearest the average gets full marks, so a "
            "very low price gains nothing."
        ),
    )
    panel_stake = PercentField(
        label=_("Lived-experience panel's stake (%)"),
        help_text=_(
            "The share of the decision the panel holds through its own questions, like 20."
        ),
    )
    abnormally_low_percent = PercentField(
        label=_("Flag a bid this far below the average of the others (%)"),
        initial=Decimal("20"),
    )

    def cleaned_tender(self) -> dict:
        data = dict(self.cleaned_data)
        data["publication_date"] = at(data["publication_date"], PUBLISH_AT)
        data["clarification_deadline"] = at(data["clarification_deadline"], NOON)
        data["submission_deadline"] = at(data["submission_deadline"], NOON)
        return data

    @staticmethod
    def initial_from(tender) -> dict:
        initial = {
            name: getattr(tender, name)
            for name in (
                "reference",
                "title",
                "description",
                "estimated_value",
                "price_weight",
                "price_formula",
                "panel_stake",
                "abnormally_low_percent",
            )
        }
        for name in ("publication_date", "clarification_deadline", "submission_deadline"):
            initial[name] = getattr(tender, name).astimezone(LONDON).date()
        return initial


class QuestionForm(GovukFormMixin, forms.Form):
    required_messages = {
        "text": _("Enter the question."),
        "weight": _("Enter the weight of this question, like 15."),
    }
    text = forms.CharField(label=_("Question"), widget=forms.Textarea)
    guidance = forms.CharField(
        label=_("What a good answer covers"), widget=forms.Textarea, required=False
    )
    weight = PercentField(label=_("Weight (%)"), min_value=Decimal("0.01"))
    minimum_score = forms.IntegerField(
        label=_("Minimum acceptable score"),
        min_value=0,
        max_value=10,
        initial=0,
        help_text=_("A bid scoring less than this on this question cannot win. 0 for none."),
    )
    set_by = forms.ChoiceField(
        label=_("Who sets and scores this question?"),
        choices=SetBy.choices,
        widget=forms.RadioSelect,
    )
    requirement = forms.ModelChoiceField(
        label=_("Which requirement does it ask about?"),
        queryset=None,
        required=False,
        empty_label=_("None"),
    )

    def __init__(self, *args, requirements, panel_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements
        self.fields["requirement"].label_from_instance = lambda r: f"R{r.number}: {r.text[:80]}"
        if panel_only:
            self.fields["set_by"].choices = [(SetBy.PANEL, SetBy.PANEL.label)]
            self.fields["set_by"].initial = SetBy.PANEL


class ScaleForm(GovukFormMixin, forms.Form):
    def __init__(self, *args, max_score, **kwargs):
        super().__init__(*args, **kwargs)
        for score in range(max_score, -1, -1):
            self.fields[f"score_{score}"] = forms.CharField(
                label=_("What a score of %(n)s means") % {"n": score}, max_length=300
            )
            self.fields[f"score_{score}"].error_messages["required"] = _(
                "Describe what a score of %(n)s means."
            ) % {"n": score}

    def descriptors(self) -> dict[int, str]:
        return {int(k.split("_")[1]): v for k, v in self.cleaned_data.items()}


class EvaluatorForm(GovukFormMixin, forms.Form):
    required_messages = {"person": _("Choose a person."), "part": _("Choose their part.")}
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    part = forms.ChoiceField(
        label=_("Their part"), choices=Evaluator.Part.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ModelChangeForm(GovukFormMixin, forms.Form):
    """A published tender's weights, changed together with a reason bidders will see."""

    required_messages = {"reason": _("Enter the reason for the change. Bidders will see it.")}
    price_weight = PercentField(label=_("Weight of price (%)"))
    price_formula = forms.ChoiceField(
        label=_("How is price scored?"), choices=PriceFormula.choices, widget=forms.RadioSelect
    )
    panel_stake = PercentField(label=_("Lived-experience panel's stake (%)"))

    def __init__(self, *args, questions, max_score, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"weight_{q.pk}"] = PercentField(
                label=_("Weight of question %(n)s (%%)") % {"n": q.number},
                min_value=Decimal("0.01"),
                initial=q.weight,
            )
            self.fields[f"minimum_{q.pk}"] = forms.IntegerField(
                label=_("Minimum acceptable score for question %(n)s") % {"n": q.number},
                min_value=0,
                max_value=max_score,
                initial=q.minimum_score,
            )
        self.fields["reason"] = forms.CharField(
            label=_("Why is the model changing?"),
            widget=forms.Textarea,
            help_text=_("Every bidder is told the new version and this reason."),
        )

    def question_values(self) -> dict[int, tuple[Decimal, int]]:
        return {
            q.pk: (self.cleaned_data[f"weight_{q.pk}"], self.cleaned_data[f"minimum_{q.pk}"])
            for q in self.questions
        }


class ClarificationForm(GovukFormMixin, forms.Form):
    required_messages = {"question": _("Enter your question.")}
    question = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea,
        help_text=_("The answer is published to every bidder. Your name is not."),
    )


class AnswerForm(GovukFormMixin, forms.Form):
    required_messages = {"answer": _("Enter the answer.")}
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea,
        help_text=_("Published to every bidder, without saying who asked."),
    )


class BidForm(GovukFormMixin, forms.Form):
    price = MoneyField(
        label=_("Your total price"),
        required=False,
        min_value=MONEY[0].limit_value,
        help_text=_(
            "For the whole contract, in pounds. Evaluators see it only after quality "
            "scoring is finished."
        ),
    )
    price.prefix = "£"

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            self.fields[f"answer_{q.pk}"] = forms.CharField(
                label=_("Question %(n)s: %(text)s") % {"n": q.number, "text": q.text},
                widget=forms.Textarea(attrs={"rows": 8}),
                required=False,
                help_text=q.guidance,
            )

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data[f"answer_{q.pk}"] for q in self.questions}


class DeclarationForm(GovukFormMixin, forms.Form):
    conflicted_with = forms.ModelMultipleChoiceField(
        label=_("Do you have a conflict of interest with any of these bidders?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For example, you work for them, were paid by them in the last 3 years, "
            "or a close family member does. Leave all unticked if none. You will not "
            "see or score a bid you tick."
        ),
    )
    details = forms.CharField(
        label=_("What is the conflict?"), widget=forms.Textarea, required=False
    )
    confirm = forms.BooleanField(
        label=_("I have declared every conflict of interest I have in this tender."),
    )

    def __init__(self, *args, bidders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["conflicted_with"].queryset = bidders
        self.fields["confirm"].error_messages["required"] = _(
            "Confirm that you have declared every conflict of interest."
        )


class ScoreForm(GovukFormMixin, forms.Form):
    """One evaluator's scores for one bid: a score and a reason per question."""

    def __init__(self, *args, questions, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        choices = [(d.score, f"{d.score} – {d.descriptor}") for d in scale]
        for q in questions:
            score = forms.TypedChoiceField(
                label=_("Your score for question %(n)s") % {"n": q.number},
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            score.error_messages["required"] = _("Choose a score for question %(n)s.") % {
                "n": q.number
            }
            reason = forms.CharField(
                label=_("Your reason for question %(n)s") % {"n": q.number},
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_("Refer to what the bid says. The reason is kept with your score."),
            )
            reason.error_messages["required"] = _(
                "Give a reason for your score for question %(n)s."
            ) % {"n": q.number}
            self.fields[f"score_{q.pk}"] = score
            self.fields[f"reason_{q.pk}"] = reason

    def scores(self) -> dict[int, tuple[int, str]]:
        return {
            q.pk: (self.cleaned_data[f"score_{q.pk}"], self.cleaned_data[f"reason_{q.pk}"])
            for q in self.questions
        }


class ConsensusForm(GovukFormMixin, forms.Form):
    required_messages = {
        "score": _("Choose the agreed score."),
        "reason": _("Enter the reason for the score. The bidder will see it."),
    }
    score = forms.TypedChoiceField(
        label=_("Agreed score"), coerce=int, widget=forms.RadioSelect, choices=()
    )
    reason = forms.CharField(
        label=_("Reason for the score"),
        widget=forms.Textarea,
        help_text=_("Refer to what this bid says. It goes in the bidder's assessment summary."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, scale, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = [(d.score, f"{d.score} – {d.descriptor}") for d in scale]


class ReasonForm(GovukFormMixin, forms.Form):
    required_messages = {"reason": _("Enter the reason. The bidder will be told it.")}
    reason = forms.CharField(label=_("Why is this bid excluded?"), widget=forms.Textarea)


class LowPriceResponseForm(GovukFormMixin, forms.Form):
    required_messages = {"response": _("Enter what you did about the low price.")}
    response = forms.CharField(
        label=_("What did you do about the low price?"),
        widget=forms.Textarea,
        help_text=_(
            "For example: we asked the bidder to explain how the price covers fair pay "
            "and what they told us. If the explanation was not good enough, exclude the "
            "bid instead."
        ),
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TieForm(GovukFormMixin, forms.Form):
    required_messages = {
        "bid": _("Choose the bid that wins."),
        "reason": _("Enter why you chose this bid. Bidders will see it."),
    }
    bid = forms.TypedChoiceField(
        label=_("Which bid wins?"), coerce=int, widget=forms.RadioSelect, choices=()
    )
    reason = forms.CharField(
        label=_("Why?"),
        widget=forms.Textarea,
        help_text=_("Every bidder's assessment summary shows this."),
    )

    def __init__(self, *args, tied, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [(b.pk, b.organisation.name) for b in tied]
