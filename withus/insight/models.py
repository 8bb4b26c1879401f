"""Working Together for Change: exercises, statements, themes, votes and priorities.

Statements are stored without names. Their source and any equality details
are for facilitators only and never shown publicly.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea
from withus.cycle.models import CommissioningProject

from . import phases


class Phase(models.TextChoices):
    COLLECTING = "collecting", _("Collecting statements")
    GROUPING = "grouping", _("Grouping into themes")
    VOTING = "voting", _("Voting")
    PRIORITIES = "priorities", _("Setting priorities")
    CLOSED = "closed", _("Closed")


assert tuple(Phase.values) == phases.PHASES


class StatementKind(models.TextChoices):
    WORKING = "working", _("What is working")
    NOT_WORKING = "not_working", _("What is not working")
    MATTERS_NOW = "matters_now", _("What matters to me now")
    MATTERS_FUTURE = "matters_future", _("What matters for the future")


class Source(models.TextChoices):
    REVIEW = "review", _("Review")
    EVENT = "event", _("Event")
    SURVEY = "survey", _("Survey")
    EASY_READ = "easy_read", _("Easy-read form")
    STORY = "story", _("Story")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    A18_24 = "18_24", _("18 to 24")
    A25_34 = "25_34", _("25 to 34")
    A35_44 = "35_44", _("35 to 44")
    A45_54 = "45_54", _("45 to 54")
    A55_64 = "55_64", _("55 to 64")
    A65_74 = "65_74", _("65 to 74")
    A75 = "75_plus", _("75 or over")
    PREFER_NOT = "prefer_not_to_say", _("Prefer not to say")


class EthnicGroup(models.TextChoices):
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black, Black British, Caribbean or African")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Other ethnic group")
    PREFER_NOT = "prefer_not_to_say", _("Prefer not to say")


class Disabled(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT = "prefer_not_to_say", _("Prefer not to say")


class Exercise(models.Model):
    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="exercises")
    project = models.ForeignKey(
        CommissioningProject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name=_("commissioning project"),
    )
    title = models.CharField(_("title"), max_length=200)
    public_intro = models.TextField(
        _("what we are asking about, in plain words"), max_length=2000, blank=True
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.COLLECTING)
    votes_per_person = models.PositiveSmallIntegerField(
        _("votes each person has"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    phase_changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def allows(self, action: str) -> bool:
        return phases.allows(self.phase, action)


class Theme(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme name"), max_length=120)
    i_statement = models.CharField(
        _("the theme in a person's own voice"),
        max_length=300,
        blank=True,
        help_text=_(
            'Start with "I". For example, I want help at weekends, not only Monday to Friday.'
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "name"], name="theme_unique_name_in_exercise"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Statement(models.Model):
    """One thing a person said. No name is ever stored with it."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("kind"), max_length=20, choices=StatementKind.choices)
    text = models.TextField(_("what the person said"), max_length=1000)
    source = models.CharField(_("where it came from"), max_length=20, choices=Source.choices)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # A facilitator can keep a statement off the public page (for example when
    # it names someone), or change its words to take a detail out.
    public = models.BooleanField(default=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # Equality details, kept only with the person's consent; never public.
    equality_consent = models.BooleanField(default=False)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=50, blank=True)
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices, blank=True)
    disabled = models.CharField(max_length=20, choices=Disabled.choices, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["exercise", "theme"], name="statement_exercise_theme")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(equality_consent=True)
                | models.Q(age_band="", gender="", ethnic_group="", disabled=""),
                name="statement_equality_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Ballot(models.Model):
    """One person's online votes, or one room's tally entered by a facilitator."""

    class Method(models.TextChoices):
        ONLINE = "online", _("Online")
        ROOM = "room", _("In a room")

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="ballots")
    method = models.CharField(max_length=10, choices=Method.choices)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    room = models.CharField(_("room or event"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "voter"],
                condition=models.Q(voter__isnull=False),
                name="ballot_one_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()} ballot {self.pk}"


class Vote(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="votes")
    dots = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "theme"], name="vote_one_line_per_theme")
        ]

    def __str__(self) -> str:
        return f"{self.dots} for {self.theme_id}"


class PriorityStatus(models.TextChoices):
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    NOT_POSSIBLE = "not_possible", _("Not possible")


class Priority(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="priorities")
    theme = models.OneToOneField(Theme, on_delete=models.PROTECT, related_name="priority")
    rank = models.PositiveSmallIntegerField()
    root_causes = models.TextField(_("the deep causes of what is not working"), blank=True)
    success_looks_like = models.TextField(_("what success would look like"), blank=True)
    status = models.CharField(
        max_length=20, choices=PriorityStatus.choices, default=PriorityStatus.UNDER_WAY
    )
    status_reason = models.TextField(blank=True)
    status_updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["exercise", "rank", "id"]
        verbose_name_plural = _("priorities")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["not_done", "not_possible"], status_reason=""),
                name="priority_reason_when_not_done",
            )
        ]

    def __str__(self) -> str:
        return self.theme.name


class PriorityUpdate(models.Model):
    """Every status a priority has had, shown publicly as its history."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=20, choices=PriorityStatus.choices)
    note = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.priority_id}: {self.status}"


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("what will be done"), max_length=300)
    owner = models.CharField(_("who will do it"), max_length=150)
    due_on = models.DateField(_("due date"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
