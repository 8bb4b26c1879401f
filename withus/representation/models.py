"""Equality details people choose to give, and an area's population shares.

A person's details are shown to nobody but that person. Everything else sees
counts, with any group under five withheld (``withus.representation.compare``).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea
from withus.insight.models import AgeBand, Disabled, EthnicGroup
from withus.peer_support.models import Experience


class Category(models.TextChoices):
    AGE_BAND = "age_band", _("Age")
    GENDER = "gender", _("Gender")
    ETHNIC_GROUP = "ethnic_group", _("Ethnic group")
    DISABLED = "disabled", _("Disability")
    EXPERIENCE = "experience", _("Lived experience")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Women")
    MAN = "man", _("Men")
    NON_BINARY = "non_binary", _("Non-binary people")
    OTHER = "other", _("People who describe their gender another way")
    PREFER_NOT = "prefer_not_to_say", _("Prefer not to say")


# The groups each category is counted in, with the words pages use.
GROUPS = {
    Category.AGE_BAND: AgeBand,
    Category.GENDER: Gender,
    Category.ETHNIC_GROUP: EthnicGroup,
    Category.DISABLED: Disabled,
    Category.EXPERIENCE: Experience,
}


class EqualityProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="equality_profile"
    )
    consent = models.BooleanField(default=False)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    ethnic_group = models.CharField(max_length=20, choices=EthnicGroup.choices, blank=True)
    disabled = models.CharField(max_length=20, choices=Disabled.choices, blank=True)
    experience = models.JSONField(default=list, blank=True)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True)
                | models.Q(age_band="", gender="", ethnic_group="", disabled="", experience=[]),
                name="equality_profile_needs_consent",
            )
        ]

    def __str__(self) -> str:
        return f"Equality details {self.pk}"


class PopulationShare(models.Model):
    """The share of an area's residents in one group, from the census or a local survey."""

    local_area = models.ForeignKey(
        LocalArea, on_delete=models.CASCADE, related_name="population_shares"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    group = models.CharField(max_length=30)
    percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["category", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_area", "category", "group"], name="population_share_one_per_group"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="population_share_is_a_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.group}: {self.percent}%"
