"""Pooling personal budgets: budget holders, groups, the pooled ledger, notes, outcomes.

A group's notes, ledger and members' details are for its members and the
facilitator they chose. Commissioners see only aggregate figures.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea

MONEY = {"max_digits": 10, "decimal_places": 2}
POSITIVE = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1000000"))]


class Interest(models.Model):
    """Something people like doing. Never a diagnosis."""

    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BudgetKind(models.TextChoices):
    DIRECT_PAYMENT = "direct_payment", _("Direct payment")
    COUNCIL_MANAGED = "council_managed", _("Council-managed budget")
    INDIVIDUAL_SERVICE_FUND = "isf", _("Individual service fund")


class Period(models.TextChoices):
    WEEK = "week", _("a week")
    FOUR_WEEKS = "four_weeks", _("every 4 weeks")
    MONTH = "month", _("a month")
    YEAR = "year", _("a year")


class BudgetHolder(models.Model):
    """A person's own budget, interests and place, and whether they want pooling suggestions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budgets"
    )
    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of budget"), max_length=20, choices=BudgetKind.choices)
    amount = models.DecimalField(_("amount"), validators=POSITIVE, **MONEY)
    period = models.CharField(_("how often"), max_length=20, choices=Period.choices)
    interests = models.ManyToManyField(Interest, blank=True, related_name="+")
    locality = models.CharField(
        _("where you live"), max_length=20, help_text=_("Your ward or postcode district.")
    )
    pooling_consent = models.BooleanField(default=False)
    consent_changed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "local_area"], name="budget_one_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.local_area})"


class SplitRule(models.TextChoices):
    EQUAL = "equal", _("Equally between members")
    HOURS = "hours", _("By the hours each member used")


class PoolingGroup(models.Model):
    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("group name"), max_length=120)
    purpose = models.TextField(_("what the group is for"), max_length=2000)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="facilitated_groups",
        help_text=_("The facilitator the members chose."),
    )
    split_rule = models.CharField(max_length=10, choices=SplitRule.choices)
    contribution = models.DecimalField(
        _("each member's contribution"), validators=POSITIVE, **MONEY
    )
    contribution_period = models.CharField(max_length=20, choices=Period.choices)
    savings_kept_until = models.DateField(_("savings stay with the group until"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(PoolingGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pooling_memberships"
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["joined_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"],
                condition=models.Q(left_on__isnull=True),
                name="groupmember_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group}"


class Invitation(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(PoolingGroup, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pooling_invitations"
    )
    reasons = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    invited_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} to {self.group}"


class LedgerEntry(models.Model):
    """One line in a group's ledger. Entries are only ever added, never changed."""

    class Kind(models.TextChoices):
        JOIN = "join", _("Joined")
        CONTRIBUTION = "contribution", _("Contribution")
        COST = "cost", _("Shared cost")
        LEAVE = "leave", _("Left")

    group = models.ForeignKey(PoolingGroup, on_delete=models.CASCADE, related_name="ledger")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amount = models.DecimalField(
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000000"))],
        **MONEY,
    )
    on = models.DateField()
    description = models.CharField(max_length=200, blank=True)
    split = models.CharField(max_length=10, choices=SplitRule.choices, blank=True)
    # For a cost split by hours: {user id: hours}.
    hours = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["group", "on"], name="ledger_group_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class GroupNote(models.Model):
    """The group's own discussion: private from the council."""

    group = models.ForeignKey(PoolingGroup, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=4000)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class Outcome(models.Model):
    class Stage(models.TextChoices):
        BASELINE = "baseline", _("At the start")
        FOLLOW_UP = "follow_up", _("Follow-up")

    group = models.ForeignKey(PoolingGroup, on_delete=models.CASCADE, related_name="outcomes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    # SWEMWBS: 7 statements scored 1 to 5, so 7 to 35.
    wellbeing = models.PositiveSmallIntegerField(
        _("wellbeing score"), validators=[MinValueValidator(7), MaxValueValidator(35)]
    )
    gp_visits = models.PositiveSmallIntegerField(
        _("GP visits in the last 3 months"), validators=[MaxValueValidator(99)]
    )
    ae_visits = models.PositiveSmallIntegerField(
        _("A&E visits in the last 3 months"), validators=[MaxValueValidator(99)]
    )
    recorded_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "member", "stage"], name="outcome_one_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.stage}"
