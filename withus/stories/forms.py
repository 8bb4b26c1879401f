"""Forms for telling, moderating and replying to stories."""

from django import forms
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin
from withus.core.public_forms import PublicFormFields

from .models import Reply

SCORES = [
    (5, _("5 – very good")),
    (4, _("4 – good")),
    (3, _("3 – OK")),
    (2, _("2 – poor")),
    (1, _("1 – very poor")),
]


class TellStoryForm(GovukFormMixin, PublicFormFields):
    required_messages = {"text": _("Write your story.")}
    text = forms.CharField(
        label=_("Your story"),
        max_length=3000,
        widget=forms.Textarea,
        help_text=_(
            "What happened, in your own words. Please do not write anyone's name, "
            "phone number or address."
        ),
    )
    contact_email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only our moderator sees it, to contact you if needed. It is never shown."),
    )
    contact_email.widget.input_type = "email"

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"rating_{c.pk}"] = forms.TypedChoiceField(
                label=c.wording,
                choices=SCORES,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                help_text=_("You can leave this out."),
            )
            self.fields[f"rating_{c.pk}"].error_messages["invalid_choice"] = _(
                "Choose one of the options shown. The page may be out of date: reload it."
            )
        self.fields["contact_email"].error_messages["invalid"] = _(
            "Enter an email address like name@example.com, or leave it empty."
        )

    def ratings(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"rating_{c.pk}"]
            for c in self.criteria
            if self.cleaned_data.get(f"rating_{c.pk}") not in (None, "")
        }


class ModerateForm(GovukFormMixin, forms.Form):
    required_messages = {
        "decision": _("Choose what happens to the story."),
        "criticality": _("Choose how serious it is."),
    }
    decision = forms.ChoiceField(
        label=_("What happens to it?"),
        choices=[
            ("publish", _("Publish it (with any changes you made)")),
            ("reject", _("Do not publish it")),
            (
                "safeguarding",
                _("It raises a safeguarding concern: send it to safeguarding, do not publish"),
            ),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("The words that will be shown"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Take out names, phone numbers, emails and addresses."),
    )
    criticality = forms.TypedChoiceField(
        label=_("How serious is it? (never shown in public)"),
        choices=[
            (1, _("1 – nothing worrying")),
            (2, _("2 – a small problem")),
            (3, _("3 – a real problem")),
            (4, _("4 – serious: commissioners are told now")),
            (5, _("5 – very serious: commissioners are told now")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (needed if you change the words or do not publish)"),
        widget=forms.Textarea,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReplyForm(GovukFormMixin, forms.Form):
    required_messages = {"text": _("Write your reply."), "change": _("Choose one.")}
    text = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea,
        help_text=_("It is shown in public under the story."),
    )
    change = forms.ChoiceField(
        label=_("Does your reply say something is changing?"),
        choices=Reply.Change.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "If a change is planned or made, a moderator checks your reply describes "
            "it before it is shown."
        ),
    )
    change_description = forms.CharField(
        label=_("What is changing, and when?"), widget=forms.Textarea, required=False
    )


class CheckReplyForm(GovukFormMixin, forms.Form):
    required_messages = {"outcome": _("Choose one.")}
    outcome = forms.ChoiceField(
        label=_("Does the reply describe the change clearly?"),
        choices=[("approve", _("Yes, publish it")), ("return", _("No, send it back"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What should the provider add? (needed to send it back)"),
        widget=forms.Textarea,
        required=False,
    )


class CriterionForm(GovukFormMixin, forms.Form):
    required_messages = {"wording": _("Enter what people rate.")}
    wording = forms.CharField(
        label=_("What do people rate?"),
        max_length=200,
        help_text=_(
            "In the words your lived-experience group chose, like "
            "\u201cI was treated with respect\u201d."
        ),
    )


class PeriodForm(GovukFormMixin, forms.Form):
    start = DateField(label=_("From"))
    end = DateField(label=_("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end must be on or after the start."))
        return data
