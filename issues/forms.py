"""Forms of the issue pages. They check input and say what is wrong beside each field;
writing is left to issues.actions."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.forms import AreaChoiceField
from accounts.models import Area
from core import params
from core.text import unsafe_characters
from issues import photos as photo_checks
from issues.models import Category, Issue, Status

SORT_CHOICES = [
    ("priority", _("Priority (most support)")),
    ("newest", _("Newest")),
    ("discussed", _("Most discussed")),
    ("waiting", _("Waiting longest for a response")),
]


class SearchInput(forms.TextInput):
    input_type = "search"


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; each is checked and cleaned (issues.photos)."""

    widget = MultiplePhotoInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update({"accept": photo_checks.ACCEPT, "multiple": True})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]
        errors, prepared = [], []
        for upload in files:
            try:
                prepared.append(photo_checks.prepare(super().clean(upload, initial)))
            except ValidationError as error:
                errors.extend(error.messages)
        # The good ones stay on the field even if the form fails, so the view can keep
        # (stage) them while the resident fixes the rest.
        self.accepted = prepared
        if errors:
            raise ValidationError(errors)
        return prepared


class TokenFormMixin(forms.Form):
    submission_token = forms.UUIDField(widget=forms.HiddenInput)
    keep_photo = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, kept_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("submission_token"):
            self.initial["submission_token"] = uuid.uuid4()
        self.fields["keep_photo"].choices = [(pk, label) for pk, label in kept_choices]

    @property
    def token(self) -> uuid.UUID | None:
        """The form's one-time token, even when the form is invalid."""
        raw = self.data.get("submission_token") if self.is_bound else self.initial.get("submission_token")
        try:
            return uuid.UUID(str(raw))
        except (TypeError, ValueError):
            return None

    def accepted_photos(self) -> list:
        """New photos that passed their checks (on an invalid form too)."""
        return list(getattr(self.fields["photos"], "accepted", None) or [])


class LocationFields(forms.Form):
    """Where the issue is: an address line and a point, typed or set by the map picker."""

    address = forms.CharField(label=_("Address or landmark"), max_length=200, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, max_digits=9, decimal_places=6
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["latitude"].widget.attrs.update({"step": "any", "inputmode": "decimal"})
        self.fields["longitude"].widget.attrs.update({"step": "any", "inputmode": "decimal"})

    def check_location(self, cleaned: dict) -> None:
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        if (lat is None) != (lon is None) and "latitude" not in self.errors and "longitude" not in self.errors:
            self.add_error(
                "latitude" if lat is None else "longitude", _("Give both latitude and longitude, or neither.")
            )


class OpenIssueForm(TokenFormMixin, LocationFields):
    title = forms.CharField(
        label=_("Title"),
        max_length=140,
        help_text=_("What is wrong, and where: “Drain blocked on Jalan Tebet Barat IV”."),
    )
    area = AreaChoiceField(label=_("Area"), help_text=_("Your home area, or an area above it."))
    category = forms.ChoiceField(label=_("Category"), choices=[("", "—"), *Category.choices])
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=Issue._meta.get_field("description").max_length,
        help_text=_("Markdown works: *emphasis*, lists, links. HTML is shown as text."),
    )
    photos = PhotosField(label=_("Photos"))

    field_order = ["title", "area", "category", "description", "address", "latitude", "longitude", "photos"]

    def __init__(self, *args, areas: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request: a lazy string formatted at import time is frozen in one language.
        self.fields["photos"].help_text = _(
            "Up to %(n)s photos, JPEG, PNG or WebP, at most %(mb)s MB each. Their location data is removed."
        ) % {"n": settings.ISSUE_PHOTO_MAX_COUNT, "mb": settings.ISSUE_PHOTO_MAX_BYTES // (1024 * 1024)}
        self.fields["area"].queryset = Area.objects.filter(pk__in=[a.pk for a in areas]).order_by("path")
        # As the title is typed (and when the area changes), htmx asks for similar open issues.
        similar = {"hx-get": reverse("issue_similar"), "hx-target": "#similar-issues", "hx-swap": "outerHTML"}
        self.fields["title"].widget.attrs.update(
            {
                "autocomplete": "off",
                "hx-trigger": "input changed delay:400ms",
                "hx-include": "[name=area]",
                "hx-sync": "this:replace",
                **similar,
            }
        )
        self.fields["area"].widget.attrs.update({"hx-trigger": "change", "hx-include": "[name=title]", **similar})
        # When the pin moves (the map sets both fields) or a coordinate is typed: open issues near it.
        nearby = {
            "hx-get": reverse("issue_nearby"),
            "hx-target": "#nearby-issues",
            "hx-swap": "outerHTML",
            "hx-trigger": "change",
            "hx-include": "[name=latitude], [name=longitude]",
            "hx-sync": "closest fieldset:queue last",
        }
        self.fields["latitude"].widget.attrs.update(nearby)
        self.fields["longitude"].widget.attrs.update(nearby)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise ValidationError(_("Give the issue a title."), code="required")
        unsafe = unsafe_characters(title)
        if unsafe:
            # A line break or an invisible control (a bidi override such as U+202E) in a title
            # would break the e-mails about it and can make it read as something else.
            raise ValidationError(
                _(
                    "The title may not contain line breaks, tabs or invisible control characters (found: %(chars)s). "
                    "Write it on one line."
                )
                % {"chars": ", ".join(unsafe)},
                code="control_characters",
            )
        return title

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        if not text:
            raise ValidationError(_("Describe the issue."), code="required")
        return text

    def clean(self):
        cleaned = super().clean()
        self.check_location(cleaned)
        kept = len(cleaned.get("keep_photo") or [])
        new = len(cleaned.get("photos") or [])
        if kept + new > settings.ISSUE_PHOTO_MAX_COUNT and "photos" not in self.errors:
            self.add_error(
                "photos",
                _("An issue may have at most %(n)s photos; you chose %(count)s.")
                % {"n": settings.ISSUE_PHOTO_MAX_COUNT, "count": kept + new},
            )
        return cleaned


class EditIssueForm(TokenFormMixin, LocationFields):
    title = forms.CharField(label=_("Title"), max_length=140)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=Issue._meta.get_field("description").max_length,
        help_text=_("Markdown works: *emphasis*, lists, links. HTML is shown as text."),
    )
    keep_current = forms.TypedMultipleChoiceField(
        label=_("Photos to keep"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    photos = PhotosField(label=_("Add photos"))

    field_order = ["title", "description", "address", "latitude", "longitude", "keep_current", "photos"]
    clean_title = OpenIssueForm.clean_title
    clean_description = OpenIssueForm.clean_description

    def __init__(self, *args, issue: Issue, **kwargs):
        super().__init__(*args, **kwargs)
        self.issue = issue
        current = [p for p in issue.photos.all() if p.removed_at is None]
        self.current_photos = current
        self.fields["keep_current"].choices = [(p.pk, str(p.pk)) for p in current]
        if not self.is_bound:
            self.initial.setdefault("keep_current", [p.pk for p in current])

    def clean(self):
        cleaned = super().clean()
        self.check_location(cleaned)
        total = (
            len(cleaned.get("keep_current") or [])
            + len(cleaned.get("keep_photo") or [])
            + len(cleaned.get("photos") or [])
        )
        if total > settings.ISSUE_PHOTO_MAX_COUNT and "photos" not in self.errors:
            self.add_error(
                "photos",
                _("An issue may have at most %(n)s photos; you chose %(count)s.")
                % {"n": settings.ISSUE_PHOTO_MAX_COUNT, "count": total},
            )
        return cleaned


class IssueFilterForm(forms.Form):
    """The list's search box, filters and sort: a GET form that works without JavaScript."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, widget=SearchInput)
    area = forms.ChoiceField(label=_("Area"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices])
    sort = forms.ChoiceField(label=_("Sort by"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, tree: list[Area] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree if tree is not None else self._choosable()
        self.fields["area"].choices = [("", _("All areas"))] + [(a.slug, a.indented_name) for a in self.tree]
        sorts = list(SORT_CHOICES)
        if self.data.get("q"):
            sorts.insert(0, ("relevance", _("Best match")))
        self.fields["sort"].choices = sorts
        self.fields["q"].widget.attrs.update({"placeholder": _("Words in the title or description")})

    def _choosable(self) -> list[Area]:
        """The upper levels of the tree (all of it is ~30,000 RTs in Jakarta; the area picker
        searches them), and the area asked for if it is deeper, in tree order."""
        from accounts.queries import area_overview

        areas = area_overview()
        asked = params.text(self.data.get("area"), max_length=100)
        if asked and not any(a.slug == asked for a in areas):
            areas += list(Area.objects.filter(slug=asked))
        return sorted(areas, key=lambda a: a.path)

    def filters(self):
        """The filters asked for; a bad value is ignored rather than failing the whole page."""
        from issues.queries import IssueFilters

        data = self.data
        by_slug = {a.slug: a for a in self.tree}
        return IssueFilters(
            q=params.text(data.get("q"), max_length=200),
            area=by_slug.get(data.get("area") or ""),
            category=data.get("category") if data.get("category") in Category.values else "",
            status=data.get("status") if data.get("status") in Status.values else "",
            sort=data.get("sort") or "",
            page=params.page_number(data.get("page")),
        )
