"""Forms for peer support: schemes, mentors, asking for a mentor, matches and sessions."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from withus.core.forms import DateField, GovukFormMixin
from withus.core.public_forms import PublicFormFields

from .models import AgeGroup, Availability, Experience, Gender, Match, Mentor, MentorSession


def _languages(text: str) -> list[str]:
    """``"English, polish ,Polish"`` -> ``["English", "Polish"]``.

    Spaces are tidied and a language typed twice (in any case) is kept once,
    as matching compares them: the first spelling with a capital, or else the
    first typed. Sorted ignoring case.
    """
    spellings: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        language = " ".join(part.split())
        if not language:
            continue
        key = language.casefold()
        kept = spellings.get(key)
        if kept is None or (kept == kept.lower() and language != language.lower()):
            spellings[key] = language
    return sorted(spellings.values(), key=lambda language: (language.casefold(), language))


class SchemeForm(GovukFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the scheme"), max_length=200)
    organisation = forms.ModelChoiceField(label=_("Organisation that runs it"), queryset=None)
    description = forms.CharField(
        label=_("What the scheme offers"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    coordinators = forms.ModelMultipleChoiceField(
        label=_("Coordinators"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They see the mentors' records and the requests, and make matches."),
    )

    def __init__(self, *args, organisations, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["coordinators"].queryset = people


class MentorForm(GovukFormMixin, forms.Form):
    required_messages = {"name": _("Enter the mentor's name.")}
    name = forms.CharField(label=_("Name"), max_length=150)
    user = forms.ModelChoiceField(
        label=_("Their withus account"),
        queryset=None,
        required=False,
        help_text=_("So they can log their own sessions. Leave empty if they have none."),
    )
    experience = forms.MultipleChoiceField(
        label=_("Lived experience they share"),
        choices=Experience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    languages = forms.CharField(
        label=_("Languages they speak"),
        max_length=300,
        help_text=_("Separate them with commas, like English, Polish."),
    )
    availability = forms.MultipleChoiceField(
        label=_("When they are free"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", _("Not given"))] + Gender.choices, required=False
    )
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=[("", _("Not given"))] + AgeGroup.choices, required=False
    )
    capacity = forms.IntegerField(
        label=_("How many people they can support at once"), min_value=0, max_value=30
    )
    trained_on = DateField(
        label=_("Date peer mentor training finished"),
        required=False,
        help_text=_("Leave empty if they have not finished it. For example, 14 2 2026."),
    )
    training = forms.CharField(
        label=_("Other training"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    check_status = forms.ChoiceField(
        label=_("Background check"), choices=Mentor.Check.choices, widget=forms.RadioSelect
    )
    check_expires = DateField(
        label=_("Background check runs out on"),
        required=False,
        help_text=_("Needed when the check is clear. For example, 1 9 2028."),
    )
    active = forms.BooleanField(label=_("Mentoring now"), required=False)
    # The record's version when the page was opened, so a change made since is not lost.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = accounts

    def clean_languages(self):
        languages = _languages(self.cleaned_data["languages"])
        if not languages:
            raise forms.ValidationError(_("Enter at least one language."))
        return languages


class MentorWishFields(forms.Form):
    """What a person would like in a mentor: the same on both ways of asking."""

    name = forms.CharField(label=_("Name"), max_length=150)
    contact = forms.CharField(
        label=_("Phone number or email address"),
        max_length=200,
        help_text=_("The coordinator uses this to get in touch with you."),
    )
    about = forms.CharField(
        label=_("What would you like help with?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    experience = forms.MultipleChoiceField(
        label=_("I would like a mentor who knows about"),
        choices=Experience.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.CharField(
        label=_("Language you would like to speak"),
        max_length=60,
        required=False,
        help_text=_("Leave empty if English is fine."),
    )
    gender = forms.ChoiceField(
        label=_("Would you like a mentor of a particular gender?"),
        choices=[("", _("No preference"))] + Gender.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    age_group = forms.ChoiceField(
        label=_("Would you like a mentor of a particular age?"),
        choices=[("", _("No preference"))] + AgeGroup.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label=_("When can you meet?"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty if any time is fine."),
    )

    def wish(self) -> dict:
        keys = ("name", "contact", "about", "experience", "language", "gender", "age_group")
        data = {key: self.cleaned_data[key] for key in keys}
        data["availability"] = self.cleaned_data["availability"]
        data["language"] = data["language"].strip()
        return data


class AskForm(GovukFormMixin, PublicFormFields, MentorWishFields):
    required_messages = {
        "name": _("Enter your name, or the name you would like us to use."),
        "contact": _("Enter a phone number or email address so we can get in touch."),
    }


class ReferForm(GovukFormMixin, MentorWishFields):
    required_messages = {
        "name": _("Enter the person's name."),
        "contact": _("Enter the person's phone number or email address."),
    }


class MentorChoiceField(forms.ChoiceField):
    """The mentors offered; one of the scheme's other mentors is refused with the reason."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocked: dict[str, str] = {}

    def validate(self, value):
        if value in self.blocked:
            raise forms.ValidationError(self.blocked[value], code="blocked")
        super().validate(value)


class MatchForm(GovukFormMixin, forms.Form):
    required_messages = {"mentor": _("Choose a mentor.")}
    mentor = MentorChoiceField(label=_("Mentor"), widget=forms.RadioSelect)
    started_on = DateField(label=_("Start date"), help_text=_("For example, 3 11 2026."))

    def __init__(self, *args, choices, blocked=None, **kwargs):
        """``choices`` are offered; ``blocked`` maps a mentor id to why they cannot be."""
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = choices
        self.fields["mentor"].blocked = dict(blocked or {})
        self.fields["started_on"].initial = timezone.localdate()


class SessionForm(GovukFormMixin, forms.Form):
    required_messages = {
        "happened_on": _("Enter the date of the session."),
        "minutes": _("Enter how long the session was, in minutes."),
        "mode": _("Choose how you met."),
    }
    happened_on = DateField(label=_("Date"), help_text=_("For example, 3 11 2026."))
    minutes = forms.IntegerField(
        label=_("How long, in minutes"),
        min_value=5,
        max_value=600,
        help_text=_("An hour is 60 minutes."),
        error_messages={
            "min_value": _("A session must be 5 minutes or longer."),
            "max_value": _("A session can be 600 minutes (10 hours) at most."),
            "invalid": _("Enter the minutes as a number, like 45."),
        },
    )
    mode = forms.ChoiceField(
        label=_("How you met"), choices=MentorSession.Mode.choices, widget=forms.RadioSelect
    )
    topics = forms.CharField(
        label=_("What you talked about"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Keep it short. Do not write anything the person would not want kept."),
    )


class CloseForm(GovukFormMixin, forms.Form):
    required_messages = {
        "closed_on": _("Enter the date the match ended."),
        "outcome": _("Choose how it ended."),
    }
    closed_on = DateField(label=_("Date it ended"), help_text=_("For example, 3 11 2026."))
    outcome = forms.ChoiceField(
        label=_("How it ended"), choices=Match.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Anything to add"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
