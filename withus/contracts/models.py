"""Contracts, their KPIs and the monitoring returns against them.

A KPI keeps the links it was made from — the tender question, the
requirement and the priority — so anyone can ask "why is this in the
contract?" and get an answer from the records, not from memory.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea, Organisation
from withus.cycle.models import MAX_MONEY
from withus.insight.models import Priority
from withus.tendering.models import Question, Requirement, Tender

from . import kpi as kpi_rules

MONEY = [MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_MONEY)]


class Contract(models.Model):
    class Kind(models.TextChoices):
        BLOCK = "block", _("Block")
        FRAMEWORK = "framework", _("Framework")
        SPOT = "spot", _("Spot")

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="contracts")
    tender = models.ForeignKey(
        Tender, on_delete=models.PROTECT, null=True, blank=True, related_name="contracts"
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind of contract"), max_length=20, choices=Kind.choices)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contracts")
    value = models.DecimalField(
        _("total value in pounds"), max_digits=12, decimal_places=2, validators=MONEY
    )
    start_date = models.DateField(_("start date"))
    initial_months = models.PositiveSmallIntegerField(
        _("initial term in months"), validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    extension_months = models.PositiveSmallIntegerField(
        _("possible extension in months"), default=0, validators=[MaxValueValidator(240)]
    )
    extended_months = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["local_area", "start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extended_months__lte=models.F("extension_months")),
                name="contract_extended_within_option",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def end_date(self):
        return kpi_rules.contract_end(self.start_date, self.initial_months, self.extended_months)

    @property
    def term_label(self) -> str:
        years = self.initial_months / 12
        if self.extension_months:
            return f"{self.initial_months} + {self.extension_months} months"
        return f"{self.initial_months} months" if years % 1 else f"{int(years)} years"


class BreakClause(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="breaks")
    on = models.DateField(_("break clause date"))
    note = models.CharField(_("what it allows"), max_length=300, blank=True)

    class Meta:
        ordering = ["contract", "on"]

    def __str__(self) -> str:
        return f"{self.on}"


class RingFence(models.Model):
    """A sum inside the contract kept for one purpose, such as a recovery organisation."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="ring_fences")
    amount = models.DecimalField(
        _("amount in pounds"), max_digits=12, decimal_places=2, validators=MONEY
    )
    purpose = models.CharField(_("what it is kept for"), max_length=300)
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.purpose


class KPI(models.Model):
    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Every month")
        QUARTERLY = "quarterly", _("Every quarter")
        ANNUALLY = "annually", _("Every year")

    class Source(models.TextChoices):
        PROVIDER = "provider", _("Provider's monitoring return")
        USERS = "users", _("What people say in their stories")
        COMMISSIONER = "commissioner", _("Entered by the commissioner")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="kpis")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("what is measured"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, days, people."))
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=4)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)
    source = models.CharField(max_length=20, choices=Source.choices)
    amber_margin = models.DecimalField(
        _("amber within (%) of the target"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # Where it came from: the golden thread back to what people said.
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis"
    )
    # For a KPI from stories: the share of ratings of 4 or 5 on this criterion.
    criterion = models.ForeignKey(
        "stories.RatingCriterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="kpis",
    )

    class Meta:
        ordering = ["contract", "code"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "code"], name="kpi_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(source="users") | models.Q(criterion__isnull=False),
                name="kpi_from_stories_has_criterion",
            ),
        ]
        verbose_name = _("KPI")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class MonitoringReturn(models.Model):
    kpi = models.ForeignKey(KPI, on_delete=models.CASCADE, related_name="returns")
    period = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=4)
    note = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period"], name="return_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.period}"
