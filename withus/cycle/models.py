"""Commissioning projects, their moves through the cycle, and involvement records."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea

from . import ladder


class Stage(models.TextChoices):
    NEEDS_ASSESSMENT = "needs_assessment", _("Needs assessment")
    REVIEW_CURRENT_SERVICES = "review_current_services", _("Review of current services")
    PRIORITIES = "priorities", _("Priorities")
    SPECIFICATION = "specification", _("Specification")
    PROCUREMENT = "procurement", _("Procurement")
    AWARD = "award", _("Award")
    MONITORING = "monitoring", _("Monitoring")
    REVIEW_DECOMMISSIONING = "review_decommissioning", _("Review or decommissioning")


class ParticipationLevel(models.TextChoices):
    COERCION = "coercion", _("Coercion")
    EDUCATING = "educating", _("Educating")
    INFORMING = "informing", _("Informing")
    CONSULTATION = "consultation", _("Consultation")
    ENGAGEMENT = "engagement", _("Engagement")
    CO_DESIGN = "co_design", _("Co-design")
    CO_PRODUCTION = "co_production", _("Co-production")


# What each rung means, in plain words, shown as hints on forms and pages.
LEVEL_MEANINGS = {
    "coercion": _("People attend, but have no say and may not have chosen to be there."),
    "educating": _("People are helped to understand the service. They have no say."),
    "informing": _("People are told what is happening. They have no say."),
    "consultation": _("People are asked for views. They may not hear what happened."),
    "engagement": _("People are listened to and have some say, but others decide."),
    "co_design": _("People help design the service. Their ideas shape decisions."),
    "co_production": _("People share power and decide together as equals."),
}

assert tuple(Stage.values) == ladder.STAGES
assert tuple(ParticipationLevel.values) == ladder.LEVELS

MAX_MONEY = Decimal("9999999999.99")


class CommissioningProject(models.Model):
    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("project name"), max_length=200)
    service_area = models.CharField(_("service area"), max_length=200)
    budget = models.DecimalField(
        _("budget in pounds"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(MAX_MONEY)],
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    stage = models.CharField(
        _("stage"), max_length=30, choices=Stage.choices, default=Stage.NEEDS_ASSESSMENT
    )
    # The furthest stage this cycle has reached: moving back does not undo it.
    furthest_stage = models.CharField(
        max_length=30, choices=Stage.choices, default=Stage.NEEDS_ASSESSMENT
    )
    # Bumped on every change; a form posted against an older version is refused,
    # so two people editing at once cannot silently overwrite each other.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="project_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0), name="project_budget_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def stage_number(self) -> int:
        return ladder.stage_number(self.stage)

    @property
    def furthest_stage_number(self) -> int:
        return ladder.stage_number(self.furthest_stage)


class StageMove(models.Model):
    project = models.ForeignKey(
        CommissioningProject, on_delete=models.CASCADE, related_name="stage_moves"
    )
    from_stage = models.CharField(max_length=30, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=30, choices=Stage.choices)
    reason = models.TextField(blank=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moved_at = models.DateTimeField()

    class Meta:
        ordering = ["moved_at", "id"]
        indexes = [models.Index(fields=["project", "moved_at"], name="stagemove_project_time")]

    def __str__(self) -> str:
        return f"{self.project} → {self.get_to_stage_display()}"


class InvolvementRecord(models.Model):
    """Who with lived experience took part at a stage, how, what they said and what changed."""

    project = models.ForeignKey(
        CommissioningProject, on_delete=models.CASCADE, related_name="involvement_records"
    )
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices)
    title = models.CharField(_("what happened"), max_length=200)
    happened_on = models.DateField(_("date"))
    level = models.CharField(
        _("participation level"), max_length=20, choices=ParticipationLevel.choices
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="involvement_records",
        verbose_name=_("people on withus who took part"),
    )
    group_name = models.CharField(_("group"), max_length=200, blank=True)
    group_count = models.PositiveIntegerField(
        _("number of other people from the group"),
        default=0,
        validators=[MaxValueValidator(100000)],
    )
    what_was_said = models.TextField(_("what people said"))
    what_changed = models.TextField(_("what changed because of it"), blank=True)
    hours_given = models.DecimalField(
        _("hours given, all people together"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100000"))],
    )
    # Stored with the record so lists can count people without a query per row.
    participant_count = models.PositiveIntegerField(default=0, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["happened_on", "id"]
        indexes = [models.Index(fields=["project", "stage"], name="involvement_project_stage")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_given__gte=0), name="involvement_hours_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def people(self) -> int:
        return self.participant_count + self.group_count

    @property
    def nothing_changed_yet(self) -> bool:
        return not self.what_changed.strip()
