"""Forms for Working Together for Change."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from withus.core.forms import DateField, GovukFormMixin
from withus.core.public_forms import PublicFormFields
from withus.thread.models import ThreadFollower

from .models import AgeBand, Disabled, EthnicGroup, PriorityStatus, Source, StatementKind

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


NOT_GIVEN = _("Not given")


def _blank(choices, label=NOT_GIVEN):
    return [("", label), *choices]


class ExerciseForm(GovukFormMixin, forms.Form):
    required_messages = {"title": _("Enter a title for the exercise.")}
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example, Drug and alcohol services: what matters to you?"),
    )
    public_intro = forms.CharField(
        label=_("What you are asking about, in plain words"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("This is shown at the top of the public form."),
    )
    project = forms.ChoiceField(label=_("Commissioning project"), required=False)
    votes_per_person = forms.IntegerField(
        label=_("Votes each person has"),
        min_value=1,
        max_value=20,
        initial=5,
        help_text=_("Usually 5. Between 1 and 20."),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.projects = {str(p.pk): p for p in projects}
        self.fields["project"].choices = [("", _("The whole local area"))] + [
            (str(p.pk), p.name) for p in projects
        ]
        self.fields["votes_per_person"].error_messages.update(
            {
                "invalid": _("Enter the number of votes as a whole number, like 5."),
                "min_value": _("Each person needs at least 1 vote."),
                "max_value": _("Each person can have at most 20 votes."),
            }
        )

    def chosen_project(self):
        return self.projects.get(self.cleaned_data.get("project") or "")


class EqualityFieldsMixin(forms.Form):
    consent = forms.ChoiceField(
        label=_("Can we keep details about who you are?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "This helps us check we hear from everyone. We never show it to the public. "
            "You do not have to say."
        ),
    )
    age_band = forms.ChoiceField(label=_("Age"), choices=_blank(AgeBand.choices), required=False)
    gender = forms.CharField(label=_("Gender"), max_length=50, required=False)
    ethnic_group = forms.ChoiceField(
        label=_("Ethnic group"), choices=_blank(EthnicGroup.choices), required=False
    )
    disabled = forms.ChoiceField(
        label=_("Are you disabled?"), choices=_blank(Disabled.choices), required=False
    )

    def clean(self):
        data = super().clean()
        given = any(data.get(f) for f in ("age_band", "gender", "ethnic_group", "disabled"))
        if given and data.get("consent") != "yes":
            self.add_error(
                "consent",
                _("Choose yes if we can keep the details about you, or leave those details empty."),
            )
        data["consent"] = data.get("consent") == "yes"
        return data


class StatementForm(GovukFormMixin, EqualityFieldsMixin):
    required_messages = {
        "kind": _("Choose what kind of statement this is."),
        "text": _("Write what the person said."),
        "source": _("Choose where the statement came from."),
    }
    kind = forms.ChoiceField(
        label=_("Kind"), choices=StatementKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What the person said"),
        max_length=1000,
        widget=forms.Textarea,
        help_text=_("In their own words. Leave out names of people."),
    )
    source = forms.ChoiceField(label=_("Where it came from"), choices=_blank(Source.choices, ""))

    field_order = [
        "kind",
        "text",
        "source",
        "consent",
        "age_band",
        "gender",
        "ethnic_group",
        "disabled",
    ]


EASY_KINDS = [
    ("working", _("Something that is working well for me")),
    ("not_working", _("Something that is not working for me")),
    ("matters_now", _("Something that matters to me now")),
    ("matters_future", _("Something that matters to me for the future")),
]


class PublicStatementForm(GovukFormMixin, EqualityFieldsMixin, PublicFormFields):
    """The easy-read form anyone can use without an account."""

    required_messages = {
        "kind": _("Choose what you want to tell us about."),
        "text": _("Write what you want to tell us."),
    }
    kind = forms.ChoiceField(
        label=_("What do you want to tell us about?"), choices=EASY_KINDS, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us in your own words"),
        max_length=1000,
        widget=forms.Textarea,
        help_text=_("Please do not write your name or anyone else's name."),
    )

    # Optional, at the end: hear what happened. Kept apart from the statement
    # (withus.thread.follow), never shown on a page or put in an export.
    email = forms.EmailField(
        label=_("Email me when this leads to something (optional)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We only use it to tell you what happened. Nobody else sees it. "
            "Every email has a link to stop."
        ),
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com.")
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often, at most"),
        choices=ThreadFollower.Frequency.choices,
        widget=forms.RadioSelect,
        required=False,
        initial=ThreadFollower.Frequency.WEEKLY,
    )

    # What is kept with the statement; the email and frequency are not.
    field_order = ["kind", "text", "consent", "age_band", "gender", "ethnic_group", "disabled"]

    def clean(self):
        data = super().clean()
        if data.get("email") and not data.get("frequency"):
            self.add_error(
                "frequency",
                _("Choose how often we may email you, or leave the email box empty."),
            )
        if not data.get("email"):
            data["frequency"] = ""
        return data


class StatementCheckForm(GovukFormMixin, forms.Form):
    required_messages = {"text": _("The statement cannot be empty. Hide it instead.")}
    text = forms.CharField(
        label=_("The words shown"),
        max_length=1000,
        widget=forms.Textarea,
        help_text=_("Take out names of people, places or anything that could identify someone."),
    )
    public = forms.ChoiceField(
        label=_("Show it on the public page?"),
        choices=[("yes", _("Yes")), ("no", _("No, keep it off the public page"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why? (needed if you change the words or hide it)"),
        required=False,
        max_length=500,
    )


class ImportForm(GovukFormMixin, forms.Form):
    required_messages = {"file": _("Choose a CSV or Excel file to upload.")}
    file = forms.FileField(
        label=_("Upload a file"),
        help_text=_(
            "A CSV or Excel (.xlsx) file with the columns kind, statement and source. "
            "It can also have consent, age band, gender, ethnic group and disabled. "
            "Nothing is added unless every row is right."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file must be smaller than 5 MB."))
        return upload


class ThemeForm(GovukFormMixin, forms.Form):
    required_messages = {"name": _("Enter a name for the theme.")}
    name = forms.CharField(label=_("Theme name"), max_length=120)
    i_statement = forms.CharField(
        label=_("The theme in a person's own voice"),
        max_length=300,
        required=False,
        help_text=_(
            'Start with "I". For example, I want help at weekends, not only Monday to Friday.'
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MoveForm(GovukFormMixin, forms.Form):
    required_messages = {"statements": _("Choose at least one statement to move.")}
    statements = forms.MultipleChoiceField(
        label=_("Statements"), widget=forms.CheckboxSelectMultiple
    )
    to_theme = forms.ChoiceField(label=_("Move the chosen statements to"), required=False)
    new_theme_name = forms.CharField(
        label=_("Or to a new theme called"), max_length=120, required=False
    )

    def __init__(self, *args, statements, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statements"].choices = [(str(s.pk), s.text) for s in statements]
        self.themes = {str(t.pk): t for t in themes}
        self.fields["to_theme"].choices = [
            ("", _("Choose a theme")),
            ("none", _("No theme (take them out)")),
            *[(str(t.pk), t.name) for t in themes],
        ]

    def clean(self):
        data = super().clean()
        if not data.get("to_theme") and not (data.get("new_theme_name") or "").strip():
            self.add_error("to_theme", _("Choose a theme, or give a name for a new theme."))
        return data

    def target(self):
        value = self.cleaned_data.get("to_theme")
        return None if value in ("", "none") else self.themes[value]

    def statement_ids(self):
        return [int(v) for v in self.cleaned_data["statements"]]


class MergeForm(GovukFormMixin, forms.Form):
    required_messages = {"into": _("Choose the theme to merge into.")}
    into = forms.ChoiceField(label=_("Merge this theme into"))

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {str(t.pk): t for t in themes}
        self.fields["into"].choices = [("", _("Choose a theme"))] + [
            (str(t.pk), t.name) for t in themes
        ]


class DotsForm(GovukFormMixin, forms.Form):
    """One number box per theme, for an online ballot or a room's tally."""

    def __init__(self, *args, themes, maximum, room=False, **kwargs):
        super().__init__(*args, **kwargs)
        if room:
            self.fields["room"] = forms.CharField(
                label=_("Room or event"),
                max_length=200,
                help_text=_("For example, Tuesday event at the library."),
            )
            self.fields["room"].error_messages["required"] = _(
                "Say which room or event the votes came from."
            )
        self.theme_fields = []
        for theme in themes:
            name = f"theme_{theme.pk}"
            self.fields[name] = forms.IntegerField(
                label=theme.name,
                help_text=theme.i_statement,
                required=False,
                min_value=0,
                max_value=maximum,
                initial=0,
            )
            self.fields[name].error_messages.update(
                {
                    "invalid": _("Enter a whole number, like 2."),
                    "min_value": _("Votes cannot be fewer than 0."),
                    "max_value": _("That is more votes than allowed."),
                }
            )
            self.theme_fields.append((name, theme))

    def dots(self) -> dict[int, int]:
        return {t.pk: self.cleaned_data.get(name) or 0 for name, t in self.theme_fields}


class MakePrioritiesForm(GovukFormMixin, forms.Form):
    required_messages = {"themes": _("Choose at least one theme to make a priority.")}
    themes = forms.MultipleChoiceField(
        label=_("Themes to make into priorities"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Listed with the most votes first."),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_id = {str(r.theme.pk): r.theme for r in rows}
        self.fields["themes"].choices = [
            (
                str(r.theme.pk),
                ngettext("%(name)s: %(dots)s vote", "%(name)s: %(dots)s votes", r.result.dots)
                % {"name": r.theme.name, "dots": r.result.dots},
            )
            for r in rows
        ]

    def chosen(self):
        """The chosen themes in results order (most votes first), whatever order was sent."""
        picked = set(self.cleaned_data["themes"])
        return [theme for value, theme in self.by_id.items() if value in picked]


class PriorityForm(GovukFormMixin, forms.Form):
    required_messages = {"status": _("Choose the status.")}
    status = forms.ChoiceField(
        label=_("Status"), choices=PriorityStatus.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Why, or what happened"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("You must say why if the priority is not done or not possible."),
    )
    root_causes = forms.CharField(
        label=_("The deep causes of what is not working"),
        required=False,
        max_length=4000,
        widget=forms.Textarea,
    )
    success_looks_like = forms.CharField(
        label=_("What success would look like"),
        required=False,
        max_length=4000,
        widget=forms.Textarea,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionForm(GovukFormMixin, forms.Form):
    required_messages = {
        "description": _("Say what will be done."),
        "owner": _("Say who will do it."),
        "due_on": _("Enter the due date."),
    }
    description = forms.CharField(label=_("What will be done"), max_length=300)
    owner = forms.CharField(
        label=_("Who will do it"), max_length=150, help_text=_("A team or a role, for example.")
    )
    due_on = DateField(label=_("Due date"), help_text=_("For example, 30 6 2027."))
