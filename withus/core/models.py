"""Local areas, organisations, people and the roles they hold, and the audit log."""

import rules
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalArea(models.Model):
    """A council and/or NHS body that commissions services for a place."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("local area")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        NHS_BODY = "nhs_body", _("NHS body")
        USER_LED = "user_led", _("User-led organisation or LERO")
        PROVIDER = "provider", _("Provider")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    local_area = models.ForeignKey(
        LocalArea,
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
        help_text=_("Leave empty for an organisation that works across areas."),
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Their roles are held per local area (Membership)."""

    display_name = models.CharField(
        _("name to show"),
        max_length=150,
        blank=True,
        help_text=_("How the person wants to be named on pages."),
    )

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def has_perm(self, perm, obj=None) -> bool:
        # withus's own permissions are decided by its rules for everyone. Django
        # would otherwise let a superuser (needed for the admin site) into every
        # pooling group, ballot and private page.
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)


class Role(models.TextChoices):
    COMMISSIONER = "commissioner", _("Commissioner")
    EXPERT_BY_EXPERIENCE = "expert_by_experience", _("Expert by experience")
    FACILITATOR = "facilitator", _("Facilitator")
    PROVIDER = "provider", _("Provider")
    BUDGET_HOLDER = "budget_holder", _("Budget holder")
    PEER_MENTOR = "peer_mentor", _("Peer mentor")
    MODERATOR = "moderator", _("Moderator")
    AREA_ADMIN = "area_admin", _("Area admin")


class Membership(models.Model):
    """One role a person holds in one local area, perhaps for an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    local_area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_area", "role"], name="membership_unique_user_area_role"
            )
        ]
        indexes = [models.Index(fields=["local_area", "role"], name="membership_area_role")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.local_area}"


class AuditEntry(models.Model):
    """One append-only entry in the audit log, chained to the one before by hash.

    Rows are never updated or deleted: ``save`` refuses an update and
    ``delete`` refuses outright. ``withus.core.audit`` writes them.
    """

    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    local_area = models.ForeignKey(
        LocalArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["action"], name="audit_action"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit entries are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are append-only and cannot be deleted.")


class AuditChainHead(models.Model):
    """A single row holding the newest hash; locking it serialises appends."""

    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.last_hash
