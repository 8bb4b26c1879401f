"""Peer support schemes: their mentors, the people who ask for a mentor, matches and sessions.

A mentor's background check and a person's request hold personal details: only
the scheme's coordinators see them (and a mentor sees their own record and
matches). Reach figures are counts, public for every scheme.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from withus.core.models import LocalArea, Organisation


class Experience(models.TextChoices):
    """Areas of lived experience a mentor shares and a person may ask for."""

    DRUGS = "drugs", _("Drug use and recovery")
    ALCOHOL = "alcohol", _("Alcohol use and recovery")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    DISABILITY = "disability", _("Living with a disability")
    LEARNING_DISABILITY = "learning_disability", _("Learning disability")
    OLDER_AGE = "older_age", _("Getting older")
    HOMELESSNESS = "homelessness", _("Homelessness")
    JUSTICE = "justice", _("Prison or probation")
    CARER = "carer", _("Caring for someone")


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", _("Weekday daytimes")
    WEEKDAY_EVENING = "weekday_evening", _("Weekday evenings")
    WEEKEND = "weekend", _("Weekends")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("Another way")


class AgeGroup(models.TextChoices):
    """Wider than the equality age bands: what people say they want in a mentor."""

    UNDER_25 = "under_25", _("Under 25")
    A25_44 = "25_44", _("25 to 44")
    A45_64 = "45_64", _("45 to 64")
    A65 = "65_plus", _("65 or over")


class Scheme(models.Model):
    """One organisation's peer support in one area."""

    local_area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="peer_schemes")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="peer_schemes"
    )
    name = models.CharField(_("name of the scheme"), max_length=200)
    description = models.TextField(_("what the scheme offers"), blank=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_schemes", blank=True
    )
    taking_requests = models.BooleanField(_("taking requests for a mentor"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["local_area", "organisation"], name="scheme_one_per_org_and_area"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Mentor(models.Model):
    class Check(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        WAITING = "waiting", _("Waiting for the result")
        CLEAR = "clear", _("Clear")
        NOT_CLEAR = "not_clear", _("Not clear")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="mentors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="mentor_roles",
        null=True,
        blank=True,
        help_text=_("Their withus account, so they can log sessions."),
    )
    name = models.CharField(_("name"), max_length=150)
    experience = models.JSONField(_("lived experience they share"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    availability = models.JSONField(_("when they are free"), default=list)
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=20, choices=AgeGroup.choices, blank=True
    )
    capacity = models.PositiveSmallIntegerField(
        _("how many people they can support at once"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    trained_on = models.DateField(_("date peer mentor training finished"), null=True, blank=True)
    training = models.TextField(_("other training"), blank=True)
    check_status = models.CharField(
        _("background check"), max_length=20, choices=Check.choices, default=Check.NOT_STARTED
    )
    check_expires = models.DateField(_("background check runs out on"), null=True, blank=True)
    active = models.BooleanField(_("mentoring now"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(check_status="clear") | models.Q(check_expires__isnull=False),
                name="mentor_clear_check_has_expiry",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MentorRequest(models.Model):
    """A person asking for a peer mentor, by themselves or through a facilitator."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a mentor")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    class Route(models.TextChoices):
        SELF = "self", _("Asked for themselves")
        FACILITATOR = "facilitator", _("Referred by a facilitator")

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="requests")
    name = models.CharField(_("name"), max_length=150)
    contact = models.CharField(_("phone number or email address"), max_length=200)
    about = models.TextField(_("what you would like help with"), blank=True)
    experience = models.JSONField(default=list)
    language = models.CharField(_("language"), max_length=60, blank=True)
    gender = models.CharField(max_length=20, choices=Gender.choices, blank=True)
    age_group = models.CharField(max_length=20, choices=AgeGroup.choices, blank=True)
    availability = models.JSONField(default=list)
    route = models.CharField(max_length=20, choices=Route.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.WAITING)
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["scheme", "status"], name="mentor_request_scheme_status")]

    def __str__(self) -> str:
        return f"Request {self.pk}"


class Match(models.Model):
    class Outcome(models.TextChoices):
        GOALS_MET = "goals_met", _("Goals met")
        MOVED_ON = "moved_on", _("Moved on to other support")
        STOPPED = "stopped", _("Stopped coming")
        MENTOR_LEFT = "mentor_left", _("Mentor could not carry on")
        OTHER = "other", _("Something else")

    request = models.ForeignKey(MentorRequest, on_delete=models.PROTECT, related_name="matches")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="matches")
    started_on = models.DateField(_("start date"))
    reasons = models.JSONField(default=list)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True, outcome="")
                | models.Q(closed_on__isnull=False) & ~models.Q(outcome=""),
                name="match_closed_has_outcome",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(closed_on__isnull=True),
                name="match_one_open_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"Match {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class MentorSession(models.Model):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video call")
        MESSAGES = "messages", _("Messages")
        GROUP = "group", _("Group")

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="sessions")
    happened_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(
        _("how long, in minutes"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(_("how you met"), max_length=20, choices=Mode.choices)
    topics = models.TextField(_("what you talked about"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-happened_on", "-id"]
        indexes = [
            models.Index(fields=["happened_on"], name="mentor_session_date"),
            # Reach pages count a year of sessions per match without reading the rows.
            models.Index(fields=["match", "happened_on", "minutes"], name="mentor_session_reach"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=5, minutes__lte=600),
                name="mentor_session_minutes_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"Session on {self.happened_on}"
