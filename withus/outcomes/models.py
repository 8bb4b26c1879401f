"""Outcome evaluations: what is measured, who takes part (with consent), and their scores.

A person's scores are seen only by them (when they have an account) and by the
evaluation's runners. Everyone else sees only the aggregate report, with small
groups withheld, and the public sees it only once a runner publishes it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.contracts.models import Contract
from withus.core.models import LocalArea
from withus.cycle.models import CommissioningProject
from withus.peer_support.models import Scheme
from withus.pooling.models import PoolingGroup


class Evaluation(models.Model):
    """Outcomes measured for one project, pooling group, peer support scheme or contract."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("name of the evaluation"), max_length=200)
    project = models.ForeignKey(
        CommissioningProject, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pooling_group = models.ForeignKey(
        PoolingGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up_months = models.PositiveSmallIntegerField(_("months until the follow-up"))
    runners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="outcome_evaluations", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            # Exactly one thing is evaluated.
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False)
                    & models.Q(pooling_group__isnull=True)
                    & models.Q(scheme__isnull=True)
                    & models.Q(contract__isnull=True)
                )
                | (
                    models.Q(project__isnull=True)
                    & models.Q(pooling_group__isnull=False)
                    & models.Q(scheme__isnull=True)
                    & models.Q(contract__isnull=True)
                )
                | (
                    models.Q(project__isnull=True)
                    & models.Q(pooling_group__isnull=True)
                    & models.Q(scheme__isnull=False)
                    & models.Q(contract__isnull=True)
                )
                | (
                    models.Q(project__isnull=True)
                    & models.Q(pooling_group__isnull=True)
                    & models.Q(scheme__isnull=True)
                    & models.Q(contract__isnull=False)
                ),
                name="evaluation_evaluates_one_thing",
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up_months__gte=1, follow_up_months__lte=60),
                name="evaluation_follow_up_1_to_60_months",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def subject(self):
        return self.project or self.pooling_group or self.scheme or self.contract

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Measure(models.Model):
    class Kind(models.TextChoices):
        SWEMWBS = "swemwbs", _("Wellbeing: SWEMWBS (7 questions)")
        CO_PRODUCED = "co_produced", _("A measure made with the lived-experience group")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("A higher score is better")
        LOWER = "lower", _("A lower score is better")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("kind of measure"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("short name"), max_length=120)
    wording = models.CharField(_("the question people answer"), max_length=300, blank=True)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"))
    scale_max = models.PositiveSmallIntegerField(_("highest score"))
    direction = models.CharField(_("which way is better"), max_length=10, choices=Direction.choices)
    meaningful_change = models.DecimalField(
        _("smallest change that matters"), max_digits=5, decimal_places=2
    )
    co_produced_with = models.CharField(_("made with"), max_length=200, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="measure_scale_max_above_min",
            ),
            models.CheckConstraint(
                condition=models.Q(meaningful_change__gt=0), name="measure_meaningful_positive"
            ),
            models.UniqueConstraint(
                fields=["evaluation"],
                condition=models.Q(kind="swemwbs"),
                name="measure_one_swemwbs_per_evaluation",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="co_produced") | ~models.Q(co_produced_with=""),
                name="measure_co_produced_says_with_whom",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER

    @property
    def is_swemwbs(self) -> bool:
        return self.kind == self.Kind.SWEMWBS


class Participant(models.Model):
    """A person taking part, known to the runners by a name or reference.

    They may have no withus account (a mentee, say); ``user`` links one if they do.
    Consent is needed to be added. Withdrawing it deletes their scores.
    """

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="participants"
    )
    reference = models.CharField(_("name or reference"), max_length=150)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome_participations",
    )
    consent_on = models.DateField(_("date they agreed"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consent_recorded_at = models.DateTimeField()
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["reference", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "reference"], name="participant_unique_reference"
            ),
            models.UniqueConstraint(
                fields=["evaluation", "user"],
                condition=models.Q(user__isnull=False),
                name="participant_one_per_user",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("consent_on")),
                name="participant_withdrawn_after_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def has_consent(self) -> bool:
        return self.withdrawn_on is None


class Measurement(models.Model):
    class Stage(models.TextChoices):
        BASELINE = "baseline", _("Baseline (at the start)")
        FOLLOW_UP = "follow_up", _("Follow-up")

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="measurements"
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="measurements")
    stage = models.CharField(_("baseline or follow-up"), max_length=10, choices=Stage.choices)
    taken_on = models.DateField(_("date answered"))
    # The consent date the measurement was taken under, copied from the
    # participant, so the database itself refuses a score from before consent.
    consent_on = models.DateField()
    items = models.JSONField(null=True, blank=True)  # SWEMWBS: the 7 answers, 1 to 5
    raw = models.PositiveSmallIntegerField()
    score = models.DecimalField(max_digits=6, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["measure_id", "stage", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "measure", "stage"], name="measurement_one_per_stage"
            ),
            models.CheckConstraint(
                condition=models.Q(taken_on__gte=models.F("consent_on")),
                name="measurement_after_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(items__isnull=True) | models.Q(raw__gte=7, raw__lte=35),
                name="measurement_swemwbs_raw_7_to_35",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.stage}"
