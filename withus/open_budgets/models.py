"""An area's open budget: spend per service per financial year, and shared savings.

A year is a draft until a commissioner or area admin publishes it; only
published years (and their savings) are ever shown to the public. The sums are
worked by ``withus.open_budgets.figures`` (no Django), never stored.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.contracts.models import Contract
from withus.core.models import LocalArea

from . import figures


class BudgetYear(models.Model):
    """One financial year of an area's budget, 1 April ``start`` to 31 March after."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="budget_years")
    start = models.PositiveSmallIntegerField(
        _("financial year starting"),
        validators=[
            MinValueValidator(figures.FIRST_YEAR),
            MaxValueValidator(figures.LAST_YEAR),
        ],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["local_area", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["local_area", "start"], name="budget_year_once")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return figures.year_label(self.start)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class BudgetLine(models.Model):
    """What the area spent on one service in one year, and how many people it supported."""

    year = models.ForeignKey(BudgetYear, on_delete=models.CASCADE, related_name="lines")
    service = models.CharField(_("service"), max_length=200)
    # The service name with capitals and spaces evened out, so it is in a year once.
    service_key = models.CharField(max_length=200)
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines"
    )
    spend = models.DecimalField(
        _("spend in pounds"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    people = models.PositiveIntegerField(_("people supported"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "service_key"]
        constraints = [
            models.UniqueConstraint(fields=["year", "service_key"], name="budget_line_once"),
            models.CheckConstraint(condition=models.Q(spend__gte=0), name="budget_line_spend"),
        ]

    def __str__(self) -> str:
        return f"{self.service} ({self.year})"


class Saving(models.Model):
    """A saving and how it is shared: people who use services, commissioners, community."""

    year = models.ForeignKey(BudgetYear, on_delete=models.PROTECT, related_name="savings")
    what = models.TextField(_("what was saved and how"))
    amount = models.DecimalField(
        _("amount saved in pounds"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    people_percent = models.DecimalField(max_digits=5, decimal_places=2)
    people_pays_for = models.TextField(blank=True)
    commissioners_percent = models.DecimalField(max_digits=5, decimal_places=2)
    commissioners_pays_for = models.TextField(blank=True)
    community_percent = models.DecimalField(max_digits=5, decimal_places=2)
    community_pays_for = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    people_percent__gte=0, commissioners_percent__gte=0, community_percent__gte=0
                ),
                name="saving_shares_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    people_percent=100
                    - models.F("commissioners_percent")
                    - models.F("community_percent")
                ),
                name="saving_shares_add_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"Saving {self.pk} ({self.year})"

    @property
    def percents(self):
        return [self.people_percent, self.commissioners_percent, self.community_percent]
