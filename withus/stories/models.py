"""Services the public can rate, their stories, moderation, and providers' replies.

A story's author may leave an email address so the moderator can reach them;
it is never shown on any public page, report or export.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea, Organisation


class RatingCriterion(models.Model):
    """A question the area chose with its lived-experience group, rated 1 to 5."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="criteria")
    wording = models.CharField(_("what people rate"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["local_area", "position", "id"]
        verbose_name_plural = _("rating criteria")

    def __str__(self) -> str:
        return self.wording


class Service(models.Model):
    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of service"), max_length=100)
    place = models.CharField(_("where"), max_length=100, blank=True)
    description = models.TextField(_("what it offers"), blank=True)
    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="services")
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )

    class Meta:
        ordering = ["local_area", "name", "id"]
        indexes = [models.Index(fields=["local_area", "name"], name="service_area_name")]

    def __str__(self) -> str:
        return self.name


class SafeguardingRoute(models.Model):
    """Where a story that raises a safeguarding concern goes instead of publication."""

    local_area = models.OneToOneField(
        LocalArea, on_delete=models.CASCADE, related_name="safeguarding_route"
    )
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Not published")
        SAFEGUARDING = "safeguarding", _("Sent to safeguarding")

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="stories")
    text = models.TextField(_("your story"))
    contact_email = models.EmailField(_("email (optional, never shown)"), blank=True)
    created_at = models.DateTimeField(db_index=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    # How serious the moderator judged it, 1 (low) to 5; internal, never public.
    criticality = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    flags = models.JSONField(default=list, blank=True)
    edited = models.BooleanField(default=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("stories")
        indexes = [
            models.Index(fields=["service", "status", "created_at"], name="story_service_status"),
        ]

    def __str__(self) -> str:
        return f"Story {self.pk}"


class Rating(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(RatingCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "criterion"], name="rating_one_per_criterion"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
        ]
        # Reports count ratings per story, criterion and score without reading the rows.
        indexes = [
            models.Index(fields=["story", "criterion", "score"], name="rating_story_crit_score")
        ]

    def __str__(self) -> str:
        return f"{self.score}"


class Reply(models.Model):
    """A provider's public answer to a story."""

    class Change(models.TextChoices):
        NONE = "none", _("No change")
        PLANNED = "planned", _("A change is planned")
        MADE = "made", _("A change has been made")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator to check the change")
        PUBLISHED = "published", _("Published")
        RETURNED = "returned", _("Returned to the provider")

    story = models.OneToOneField(Story, on_delete=models.CASCADE, related_name="reply")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("your reply"))
    change = models.CharField(max_length=20, choices=Change.choices, default=Change.NONE)
    change_description = models.TextField(_("what is changing"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"Reply to {self.story_id}"


class Alert(models.Model):
    """Told to the area's commissioners at once: a very serious story."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="alerts")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="alerts")
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]
