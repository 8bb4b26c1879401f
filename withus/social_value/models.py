"""Social return on investment analyses: what was put in, what changed, what it is worth.

An analysis is a draft until it is published. A published analysis is public
and fixed: to change it, make a copy (a new draft that remembers which
analysis it came from). The sums are in ``withus.social_value.sroi`` (no Django).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.contracts.models import Contract
from withus.core.models import LocalArea
from withus.cycle.models import CommissioningProject
from withus.peer_support.models import Scheme

from . import sroi

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
MONEY = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("9999999999.99"))]


class Analysis(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    local_area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="sroi_analyses"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what the analysis is about"), blank=True)
    # What the analysis is about: at most one of these, or none for an area-wide one.
    scheme = models.ForeignKey(
        Scheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    project = models.ForeignKey(
        CommissioningProject, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    discount_rate = models.DecimalField(
        _("discount rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=sroi.DEFAULT_DISCOUNT_RATE,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(sroi.MAX_DISCOUNT_RATE)],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # The figures as worked out at publication (services.analysis_publish), kept
    # because a published analysis cannot change and the list would otherwise
    # read every outcome of every analysis to show them. Empty on a draft, which
    # is still being changed, so its figures are worked out when shown.
    investment = models.DecimalField(
        _("put in"), max_digits=15, decimal_places=2, null=True, blank=True, editable=False
    )
    present_value = models.DecimalField(
        _("value today"), max_digits=15, decimal_places=2, null=True, blank=True, editable=False
    )
    net_present_value = models.DecimalField(
        _("value less what was put in"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    # None also when published: nothing was put in, so there is no ratio.
    ratio = models.DecimalField(
        _("value for each £1"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name_plural = _("analyses")
        indexes = [models.Index(fields=["local_area", "status"], name="sroi_area_status")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scheme__isnull=True, project__isnull=True)
                    | models.Q(scheme__isnull=True, contract__isnull=True)
                    | models.Q(project__isnull=True, contract__isnull=True)
                ),
                name="sroi_about_one_thing",
            ),
            models.CheckConstraint(
                condition=models.Q(discount_rate__gte=0, discount_rate__lte=20),
                name="sroi_discount_rate_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="sroi_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def about(self):
        return self.scheme or self.project or self.contract


class Input(models.Model):
    """Who put in what: money, or time or things valued in pounds."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="inputs")
    contributor = models.CharField(_("who put it in"), max_length=200)
    description = models.CharField(_("what they put in"), max_length=300)
    amount = models.DecimalField(
        _("value in pounds"), max_digits=12, decimal_places=2, validators=MONEY
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="sroi_input_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contributor}: £{self.amount}"


class Outcome(models.Model):
    """One change for one group of people, and what it is worth."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="outcomes")
    stakeholder = models.CharField(_("who it is for"), max_length=200)
    description = models.CharField(_("what changed"), max_length=300)
    indicator = models.CharField(_("how we know"), max_length=300)
    quantity = models.PositiveIntegerField(_("how many people"))
    proxy = models.DecimalField(
        _("value per person per year in pounds"),
        max_digits=12,
        decimal_places=2,
        validators=MONEY,
    )
    proxy_source = models.CharField(_("where the value comes from"), max_length=300)
    deadweight = models.DecimalField(
        _("deadweight (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    attribution = models.DecimalField(
        _("attribution (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    displacement = models.DecimalField(
        _("displacement (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    drop_off = models.DecimalField(
        _("drop-off (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    duration = models.PositiveSmallIntegerField(
        _("years it lasts"),
        validators=[MinValueValidator(sroi.MIN_DURATION), MaxValueValidator(sroi.MAX_DURATION)],
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration__gte=1, duration__lte=10), name="sroi_duration_range"
            ),
            models.CheckConstraint(
                condition=models.Q(proxy__gte=0), name="sroi_proxy_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    deadweight__gte=0,
                    deadweight__lte=100,
                    attribution__gte=0,
                    attribution__lte=100,
                    displacement__gte=0,
                    displacement__lte=100,
                    drop_off__gte=0,
                    drop_off__lte=100,
                ),
                name="sroi_percentages_range",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def facts(self) -> sroi.Outcome:
        return sroi.Outcome(
            quantity=self.quantity,
            proxy=self.proxy,
            deadweight=self.deadweight,
            attribution=self.attribution,
            displacement=self.displacement,
            drop_off=self.drop_off,
            duration=self.duration,
        )
