"""Issues residents raise, what happened to them, and the live record viewers replay."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Area


class Category(models.TextChoices):
    ROADS = "roads", _("Roads")
    FLOODING = "flooding", _("Flooding and drainage")
    WASTE = "waste", _("Waste")
    TRANSPORT = "transport", _("Public transport")
    SAFETY = "safety", _("Safety")
    PARKS = "parks", _("Parks and public space")
    SERVICES = "services", _("Public services")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    DECLINED = "declined", _("Declined")


class Channel(models.TextChoices):
    """How an issue reached the record. Everything but "online" came through someone else's hands
    (a facilitator, a council member's recess meeting, another system), and says so wherever it is shown."""

    ONLINE = "online", _("Online")
    ASSISTED = "assisted", _("Recorded by a facilitator")
    RESES = "reses", _("Raised at a recess meeting (reses)")
    OPEN311 = "open311", _("Reported through an Open311 client")


class Reason(models.TextChoices):
    """Why an item is reported or hidden; public in the moderation log and in place of the item.
    Moderation's vocabulary (moderation.models.Reason), defined here because Issue and Comment
    store the reason they are hidden for."""

    SPAM = "spam", _("Spam")
    ABUSE = "abuse", _("Abuse or harassment")
    OFF_TOPIC = "off_topic", _("Off-topic")
    PERSONAL_DATA = "personal_data", _("Personal data")
    MISINFORMATION = "misinformation", _("Misinformation")
    OTHER = "other", _("Other")


RESERVED_SLUGS = {"edit", "history", "follow"}
STATUS_LABELS = dict(Status.choices)
CATEGORY_LABELS = dict(Category.choices)


class Issue(models.Model):
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=10000)
    # The description rendered and sanitized when it was written (core.markdown).
    description_html = models.TextField(blank=True, default="", editable=False)
    description_html_version = models.PositiveSmallIntegerField(default=0, editable=False)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="issues")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issues")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)

    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE)
    # Who or what carried it in, as shown: the client application's name, the meeting's place and date.
    channel_detail = models.CharField(_("channel detail"), max_length=160, blank=True)
    # Opened by a facilitator for a resident without an account: how it was recorded.
    assisted = models.OneToOneField(
        "AssistedRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="opened_issue", editable=False
    )

    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)

    # Counts kept by the actions that change them (verify_tallies re-derives them).
    comment_count = models.PositiveIntegerField(default=0)
    support_count = models.PositiveIntegerField(default=0)
    # The sequence number of the issue's latest LiveEvent.
    last_event_seq = models.PositiveBigIntegerField(default=0)

    # Moderation state (the acts themselves live in moderation.ModerationAction).
    # A hide: its reason (a Reason code), the moderator's public note, and whether the report
    # threshold hid it (pending a moderator's review) rather than a moderator.
    hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=16, choices=Reason.choices, blank=True)
    hidden_note = models.TextField(blank=True)
    hidden_automatically = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    locked_reason = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")

    # A form's one-time token, so a double submit creates one issue, not two.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_token"], name="issue_one_per_submission"),
            models.CheckConstraint(condition=models.Q(status__in=Status.values), name="issue_status_valid"),
            models.CheckConstraint(condition=models.Q(category__in=Category.values), name="issue_category_valid"),
        ]
        # One index per sort of the list (each ends in the id tie-breaker, so pages are stable)
        # and one leading with each filter. Search has a GIN index on PostgreSQL (migration 0003).
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="issue_newest_idx"),
            models.Index(fields=["-support_count", "created_at", "id"], name="issue_priority_idx"),
            models.Index(fields=["-comment_count", "-created_at", "-id"], name="issue_discussed_idx"),
            models.Index(
                fields=["created_at", "id"],
                name="issue_waiting_idx",
                condition=models.Q(status__in=["open", "acknowledged"], hidden=False),
            ),
            models.Index(fields=["status", "-created_at"], name="issue_status_idx"),
            models.Index(fields=["category", "-created_at"], name="issue_category_idx"),
            models.Index(fields=["area", "-created_at"], name="issue_area_idx"),
            # "Near here": a box around a pin (issues.nearby).
            models.Index(
                fields=["latitude", "longitude"], name="issue_place_idx", condition=models.Q(latitude__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        from issues.links import link

        return link("issue_detail", pk=self.pk, slug=self.slug)

    @property
    def slug(self) -> str:
        # A hidden issue's links must not spell out its title either.
        slug = "issue" if self.hidden else (slugify(self.title)[:60].strip("-") or "issue")
        # A slug must never read as one of the issue's own sub-pages (/issues/7/edit/).
        return f"{slug}-issue" if slug in RESERVED_SLUGS else slug

    @property
    def public_title(self) -> str:
        """The title as pages for everyone print it: a hidden issue's title is withheld too."""
        if self.hidden:
            return gettext("Hidden issue #%(n)s") % {"n": self.pk}
        return self.title

    @property
    def rendered_description(self):
        from core.markdown import stored

        return stored(self.description_html, self.description_html_version, self.description)

    def set_description(self, description: str) -> None:
        from core.markdown import rendered

        self.description = description
        self.description_html, self.description_html_version = rendered(description)

    # Labels without Model.get_FOO_display(), which translates every choice of the field on each call.
    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS.get(self.category, self.category)


class RecordingMethod(models.TextChoices):
    """How what a resident without the app said reached a facilitator."""

    PAPER_FORM = "paper_form", _("paper form")
    SPOKEN = "spoken", _("spoken, with a witness")
    THUMBPRINT = "thumbprint", _("thumbprint")
    SUGGESTION_BOX = "suggestion_box", _("suggestion box (kotak saran)")


class AssistedRecord(models.Model):
    """An act a facilitator recorded for a resident without an account: who recorded it, how,
    from which source, and whether it was voided.

    The act itself (an issue, a comment, a support, a verdict, a priority-round ballot) is the ordinary row, written by
    the ordinary action with the resident as its author; it points here (a nullable
    ``assisted`` column), so every place that shows the act shows this too with one join.
    It lives in issues, under the apps whose rows point at it; only facilitation.actions writes it.
    """

    class Kind(models.TextChoices):
        ISSUE = "issue", _("issue")
        COMMENT = "comment", _("comment")
        SUPPORT = "support", _("support")
        VERDICT = "verdict", _("verdict")
        ALLOCATION = "allocation", _("round points")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    resident = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("how it was given"), max_length=16, choices=RecordingMethod.choices)
    # The paper it came from, as written on it ("sheet RW04-2026-12-03, form 7").
    source = models.CharField(_("source"), max_length=80, blank=True)
    # The resident's public place when recorded ("RW 04 Manggarai"): shown without a query.
    place = models.CharField(max_length=120, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    # The issue the act is on (or opened), so lists of entries name it without a join per kind.
    issue = models.ForeignKey(Issue, null=True, blank=True, on_delete=models.PROTECT, related_name="assisted_records")
    # Short, untranslated facts of the act for the templates to phrase: a ballot's round
    # ({"round": pk, "round_title": …}, kept even once the ballot changes) and, once voided, what
    # the voiding took out ({"removed": true, "round_closed": false}).
    data = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True, db_index=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        indexes = [
            models.Index(fields=["recorded_by", "kind"], name="assisted_by_kind_idx"),
            models.Index(fields=["area", "-recorded_at"], name="assisted_area_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["issue", "comment", "support", "verdict", "allocation"]),
                name="assisted_kind_valid",
            ),
            models.CheckConstraint(condition=~models.Q(resident=models.F("recorded_by")), name="assisted_not_for_self"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} recorded by {self.recorded_by_id} for {self.resident_id}"

    @property
    def method_label(self) -> str:
        return RecordingMethod(self.method).label if self.method in RecordingMethod.values else self.method


def photo_path(instance: IssuePhoto, filename: str) -> str:
    return f"issues/{instance.issue_id}/{filename}"


class IssuePhoto(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    # A removed photo stays on the record for the revision that showed it.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]


class IssueRevision(models.Model):
    """What an issue said before an edit: kept for anyone to read."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=140)
    description = models.TextField()
    photo_ids = models.JSONField(default=list)
    # Where the issue was said to be before the edit.
    address = models.CharField(max_length=200, blank=True, default="")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    hidden = models.BooleanField(default=False)  # a personal-data hide also hides earlier revisions
    # The edit form's one-time token: a double submit of an edit stores one revision.
    submission_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["issue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="issue_revision_number_unique"),
            models.UniqueConstraint(fields=["issue", "submission_token"], name="issue_revision_one_per_submission"),
        ]


class TimelineEntry(models.Model):
    """One line of an issue's public record: opened, edited, responded, hidden, merged…"""

    class Kind(models.TextChoices):
        OPENED = "opened", _("opened")
        EDITED = "edited", _("edited")
        SUPPORT_THRESHOLD = "threshold", _("reached the support threshold")
        CLOCK_STARTED = "clock_started", _("response clock started")
        RESPONSE = "response", _("official response")
        RESPONSE_EDITED = "response_edited", _("official response revised")
        STATUS = "status", _("status changed")
        VERDICT = "verdict", _("residents' verdict")
        REOPENED = "reopened", _("reopened")
        COMMITMENT = "commitment", _("commitment progress")
        OVERDUE = "overdue", _("response overdue")
        MODERATION = "moderation", _("moderation")
        MERGED = "merged", _("merged")
        ROUND = "round", _("priority round")
        RESES = "reses", _("raised at a recess meeting")
        POKIR = "pokir", _("taken up as pokir")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Short, untranslated facts for the template to phrase (e.g. {"status": "resolved"}).
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "timeline entries"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "issue"], name="follow_once")]
        indexes = [models.Index(fields=["user", "-created_at"], name="follow_user_newest_idx")]


def staged_photo_path(instance: StagedPhoto, filename: str) -> str:
    return f"staging/{instance.token}/{filename}"


class StagedPhoto(models.Model):
    """A checked photo waiting for its form to be submitted again.

    Browsers cannot refill a file input, so when a form comes back with errors the
    photos already chosen are kept here, under the form's one-time token, and
    shown as kept. Opening the issue (or saving the edit) moves them over; rows
    older than a day are removed when new ones are staged.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.UUIDField()
    image = models.ImageField(upload_to=staged_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["owner", "token"], name="staged_photo_owner_token_idx")]


class LiveEvent(models.Model):
    """A live update, stored before it is broadcast, numbered per issue.

    ``html`` maps each language code to the fragment, rendered once per language
    (not once per viewer). Viewers who missed events replay them from here.
    ``subject`` names the item whose text the fragment carries ("comment:12",
    "issue:3"): when that item changes (an edit, a retraction, a hide), every
    earlier event of it is re-rendered to its present state, so a replay never
    brings back what was hidden, retracted or edited away.
    """

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="live_events")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32)
    subject = models.CharField(max_length=40, blank=True, default="")
    html = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issue", "seq"]
        constraints = [models.UniqueConstraint(fields=["issue", "seq"], name="live_event_seq_unique")]
        indexes = [models.Index(fields=["issue", "subject"], name="live_event_subject_idx")]
