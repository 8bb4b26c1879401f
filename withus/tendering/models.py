"""Specifications, tenders, sealed bids, scores and the award.

The evaluation model (weights, price formula, the panel's stake, minimum
scores, the scoring scale) lives on ``Tender`` and ``Question`` while the tender
is a draft. Publishing fixes it as ``ModelVersion`` 1; any later change is a new
version with a reason, announced to every bidder.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea, Organisation
from withus.cycle.models import MAX_MONEY, CommissioningProject
from withus.insight.models import Priority

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
MONEY = [MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_MONEY)]


class Specification(models.Model):
    project = models.ForeignKey(
        CommissioningProject, on_delete=models.PROTECT, related_name="specifications"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("what the service is for"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Requirement(models.Model):
    """One thing the service must do, traced to the priorities it answers."""

    specification = models.ForeignKey(
        Specification, on_delete=models.CASCADE, related_name="requirements"
    )
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("requirement"))
    priorities = models.ManyToManyField(Priority, blank=True, related_name="requirements")

    class Meta:
        ordering = ["specification", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["specification", "number"], name="requirement_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"R{self.number}"


class PriceFormula(models.TextChoices):
    LOWEST_PRICE = "lowest_price", _("In proportion to the lowest price")
    MEAN_DEVIATION = "mean_deviation", _("Distance from the average price")


class Tender(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        AWARDED = "awarded", _("Awarded")

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="tenders")
    specification = models.ForeignKey(
        Specification, on_delete=models.PROTECT, related_name="tenders"
    )
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what is being bought"))
    estimated_value = models.DecimalField(
        _("estimated cost in pounds"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY,
    )
    publication_date = models.DateTimeField(_("publication date"))
    clarification_deadline = models.DateTimeField(_("deadline for questions"))
    submission_deadline = models.DateTimeField(_("deadline for bids"))
    price_weight = models.DecimalField(
        _("price weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    price_formula = models.CharField(
        _("how price is scored"),
        max_length=20,
        choices=PriceFormula.choices,
        default=PriceFormula.LOWEST_PRICE,
    )
    panel_stake = models.DecimalField(
        _("lived-experience panel's stake (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT,
    )
    max_score = models.PositiveSmallIntegerField(
        _("top of the scoring scale"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    abnormally_low_percent = models.DecimalField(
        _("flag bids this far below the others' average (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=PERCENT,
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    model_version = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    summaries_issued_at = models.DateTimeField(null=True, blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    winning_bid = models.ForeignKey(
        "Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the stated tie rule cannot separate the top bids, the lead chooses and says why.
    tie_winner = models.ForeignKey(
        "Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tie_decision = models.TextField(blank=True)
    # The whole evaluation as confirmed, in the same form as the export file.
    award_record = models.JSONField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submission_deadline", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(clarification_deadline__lt=models.F("submission_deadline"))
                & models.Q(publication_date__lt=models.F("clarification_deadline")),
                name="tender_timetable_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    # The tender's phase follows the clock, so nothing has to run at the deadline.
    def is_public(self, now=None) -> bool:
        """Published, and its publication date has come."""
        now = now or timezone.now()
        return self.status != self.Status.DRAFT and now >= self.publication_date

    def is_open_for_bids(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publication_date <= now < self.submission_deadline
        )

    def is_open_for_questions(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publication_date <= now < self.clarification_deadline
        )

    def bids_are_opened(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status != self.Status.DRAFT and now >= self.submission_deadline

    @property
    def quality_weight(self) -> Decimal:
        return Decimal("100") - self.price_weight


class ScaleDescriptor(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="scale")
    score = models.PositiveSmallIntegerField()
    descriptor = models.CharField(_("what this score means"), max_length=300)

    class Meta:
        ordering = ["tender", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "score"], name="scale_unique_score")
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.descriptor}"


class SetBy(models.TextChoices):
    COMMISSIONER = "commissioner", _("Commissioners")
    PANEL = "panel", _("Lived-experience panel")


class Question(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("question"))
    guidance = models.TextField(_("what a good answer covers"), blank=True)
    weight = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    minimum_score = models.PositiveSmallIntegerField(_("minimum acceptable score"), default=0)
    set_by = models.CharField(
        _("set and scored by"), max_length=20, choices=SetBy.choices, default=SetBy.COMMISSIONER
    )
    requirement = models.ForeignKey(
        Requirement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("requirement it asks about"),
    )

    class Meta:
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="question_unique_number")
        ]

    def __str__(self) -> str:
        return f"Q{self.number}"

    @property
    def key(self) -> str:
        return f"Q{self.number}"


class ModelVersion(models.Model):
    """The evaluation model as bidders were told it, fixed at each publication."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="model_versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["tender", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "number"], name="model_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tender_id} v{self.number}"


class Evaluator(models.Model):
    class Part(models.TextChoices):
        LEAD = "lead", _("Evaluation lead (runs moderation and the award)")
        QUALITY = "quality", _("Quality evaluator (scores the commissioners' questions)")
        PANEL = "panel", _("Lived-experience panel member (scores the panel's questions)")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="evaluators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evaluations"
    )
    part = models.CharField(max_length=20, choices=Part.choices)
    declared_at = models.DateTimeField(null=True, blank=True)
    conflict_details = models.TextField(blank=True)
    # Bidders this person must not see or score; decided by their declaration.
    conflicted_with = models.ManyToManyField(Organisation, blank=True, related_name="+")

    class Meta:
        ordering = ["tender", "part", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "user"], name="evaluator_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.part})"

    def scores_question(self, question: Question) -> bool:
        if self.part == self.Part.PANEL:
            return question.set_by == SetBy.PANEL
        return self.part == self.Part.QUALITY and question.set_by == SetBy.COMMISSIONER


class BidderRegistration(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tender", "organisation"], name="registration_unique_bidder"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} for {self.tender_id}"


class Clarification(models.Model):
    """A bidder's question. The answer is published to every bidder; the asker never is."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="clarifications")
    asked_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("your question"))
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["tender", "asked_at", "id"]

    def __str__(self) -> str:
        return f"Clarification {self.pk}"


class Announcement(models.Model):
    """A notice to every bidder, such as a new version of the evaluation model."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="announcements")
    text = models.TextField()
    made_at = models.DateTimeField()

    class Meta:
        ordering = ["tender", "-made_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class Bid(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Not submitted")
        SUBMITTED = "submitted", _("Submitted")

    tender = models.ForeignKey(Tender, on_delete=models.PROTECT, related_name="bids")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    price = models.DecimalField(
        _("total price in pounds"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=MONEY,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=0)
    excluded_reason = models.TextField(blank=True)
    abnormally_low_response = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["tender", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tender", "organisation"], name="bid_one_per_bidder")
        ]

    def __str__(self) -> str:
        return f"Bid {self.pk} from {self.organisation}"

    @property
    def key(self) -> str:
        return f"bid-{self.pk}"


class BidAnswer(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.bid_id} {self.question_id}"


class Score(models.Model):
    """One evaluator's own score, given alone, with their reason."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="scores")
    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()
    reason = models.TextField()
    scored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["bid", "question", "evaluator"], name="score_one_per_evaluator"
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="score_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.score}"


class ConsensusScore(models.Model):
    """The score agreed in moderation, with the reason given to the bidder."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="consensus")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="consensus")
    score = models.PositiveSmallIntegerField()
    reason = models.TextField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bid", "question"], name="consensus_one_per_question"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="consensus_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.score}"


class AssessmentSummary(models.Model):
    """What the bidder is told (Procurement Act 2023 s.50), fixed when issued."""

    bid = models.OneToOneField(Bid, on_delete=models.CASCADE, related_name="summary")
    content = models.JSONField()
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Summary for {self.bid_id}"
