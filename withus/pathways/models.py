"""Integrated pathways: a bundled tariff per person, split between ordered stages
and, within each stage, between providers.

A pathway is a draft until it is published. Once live its tariff and every split
are fixed: people are started on it and paid for against those figures, so a
change would rewrite what providers are owed. A different tariff or split is a
new pathway. The sums are in ``withus.pathways.tariff`` (no Django).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea, Organisation
from withus.peer_support.models import Scheme

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Pathway(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LIVE = "live", _("Live")

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="pathways")
    name = models.CharField(_("name of the pathway"), max_length=200)
    description = models.TextField(_("who the pathway is for"), blank=True)
    tariff = models.DecimalField(
        _("tariff per person, in pounds"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(tariff__gt=0), name="pathway_tariff_positive")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_live(self) -> bool:
        return self.status == self.Status.LIVE


class Stage(models.Model):
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveIntegerField()
    name = models.CharField(_("name of the stage"), max_length=200)
    outcome = models.CharField(_("the outcome this stage is for"), max_length=500)
    outcome_check = models.CharField(_("how the outcome is checked"), max_length=500, blank=True)
    share = models.DecimalField(
        _("share of the tariff (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    on_outcome = models.DecimalField(
        _("part paid only when the outcome is met (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    scheme = models.ForeignKey(
        Scheme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathway_stages",
        verbose_name=_("peer support scheme"),
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pathway", "position"], name="stage_one_per_position")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class StageProvider(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="providers")
    position = models.PositiveIntegerField()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pathway_stages"
    )
    share = models.DecimalField(
        _("share of the stage (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "organisation"], name="stage_provider_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.share}%)"


class PathwayPerson(models.Model):
    """A person on the pathway, known only by a case reference: never a name."""

    pathway = models.ForeignKey(Pathway, on_delete=models.PROTECT, related_name="people")
    reference = models.CharField(_("case reference"), max_length=40)
    started_on = models.DateField(_("date they started"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "reference"], name="pathway_person_reference_once"
            )
        ]
        indexes = [models.Index(fields=["pathway", "started_on"], name="pathway_person_start")]

    def __str__(self) -> str:
        return self.reference


class OutcomeMet(models.Model):
    person = models.ForeignKey(PathwayPerson, on_delete=models.PROTECT, related_name="outcomes")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="outcomes_met")
    met_on = models.DateField(_("date the outcome was met"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["stage__position", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "stage"], name="outcome_met_once")]
        indexes = [models.Index(fields=["stage", "met_on"], name="outcome_met_stage_date")]

    def __str__(self) -> str:
        return f"{self.person}: {self.stage}"
