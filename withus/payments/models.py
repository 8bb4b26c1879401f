"""Paid involvement: an area's published rates, people's payment choices, and claims.

Money is stored as it was worked out when the claim was made: a later rate never
changes it. The sums themselves are in ``withus.payments.sums`` (no Django).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea
from withus.cycle.models import InvolvementRecord


class Unit(models.TextChoices):
    HOUR = "hour", _("Per hour")
    HALF_DAY = "half_day", _("Per half day (up to 4 hours)")
    DAY = "day", _("Per day")
    MILE = "mile", _("Mileage, per mile")


class PaymentRate(models.Model):
    """One rate, from its effective date until the next rate for the same unit."""

    local_area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, related_name="payment_rates"
    )
    unit = models.CharField(_("what the rate is for"), max_length=20, choices=Unit.choices)
    amount = models.DecimalField(
        _("amount in pounds"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("10000"))],
    )
    effective_from = models.DateField(_("applies from"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField()

    class Meta:
        ordering = ["unit", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_area", "unit", "effective_from"], name="payment_rate_one_per_day"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_unit_display()} from {self.effective_from}: £{self.amount}"


class PaymentChoice(models.Model):
    """How a person wants to be thanked for their time. Some people on benefits
    need to choose not to be paid, and that choice must hold everywhere."""

    class Choice(models.TextChoices):
        PAID = "paid", _("Pay me")
        VOUCHERS = "vouchers", _("Give me vouchers instead")
        NOT_PAID = "not_paid", _("Do not pay me for my time")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="payment_choices"
    )
    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("how you want to be paid"), max_length=20, choices=Choice.choices)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_area"], name="payment_choice_one_per_area"
            )
        ]

    def __str__(self) -> str:
        return self.get_choice_display()


class PaymentBatch(models.Model):
    """Approved claims sent for payment together, as one CSV."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="+")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField()
    claim_count = models.PositiveIntegerField()
    total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"Payment batch {self.pk}"


class Claim(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for approval")
        QUERIED = "queried", _("Question asked")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent for payment")

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="claims")
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    record = models.ForeignKey(InvolvementRecord, on_delete=models.PROTECT, related_name="claims")
    unit = models.CharField(_("how the time is counted"), max_length=20, choices=Unit.choices)
    quantity = models.DecimalField(
        _("how many"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("100"))],
    )
    # Fixed when the claim is made or corrected; a new rate never changes them.
    rate = models.DecimalField(max_digits=8, decimal_places=2)
    choice = models.CharField(max_length=20, choices=PaymentChoice.Choice.choices)
    fee = models.DecimalField(max_digits=10, decimal_places=2)
    expenses = models.DecimalField(max_digits=10, decimal_places=2)
    total = models.DecimalField(max_digits=10, decimal_places=2)
    note = models.TextField(_("anything we should know"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    query = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    made_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-made_at", "-id"]
        indexes = [models.Index(fields=["local_area", "status"], name="claim_area_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total=models.F("fee") + models.F("expenses")),
                name="claim_total_is_fee_plus_expenses",
            ),
            models.CheckConstraint(
                condition=~models.Q(choice="not_paid") | models.Q(fee=0),
                name="claim_not_paid_has_no_fee",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(batch__isnull=False),
                name="claim_sent_has_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"Claim {self.pk}"


class Expense(models.Model):
    class Kind(models.TextChoices):
        FARE = "fare", _("Bus, train or taxi fare")
        MILEAGE = "mileage", _("Driving (miles)")
        CARE = "care", _("Care or support cover")
        MEAL = "meal", _("Food and drink")
        OTHER = "other", _("Something else")

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="expense_lines")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.CharField(max_length=200, blank=True)
    miles = models.DecimalField(max_digits=7, decimal_places=1, null=True, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_kind_display()
