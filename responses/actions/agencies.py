"""The agencies that answer, from a CSV the city's administration keeps (``import_agencies``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Agency
from issues.models import Category
from responses.models import AgencyCategory


@dataclass
class AgencyImport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


def _categories(raw: str, line: int) -> list[str]:
    codes = [code.strip() for code in raw.replace(",", ";").split(";") if code.strip()]
    unknown = [code for code in codes if code not in Category.values]
    if unknown:
        raise ValidationError(
            _("Line %(line)s: unknown categories %(codes)s (known: %(known)s).")
            % {"line": line, "codes": ", ".join(unknown), "known": ", ".join(Category.values)}
        )
    return codes


def import_agencies(*, lines) -> AgencyImport:
    """Create or update each agency of a CSV with the columns name, short_name, categories
    ("flooding;waste"; empty: a general agency that answers every category no other declares).

    The file is the truth for the agencies it lists: their short names and categories become
    the file's. All or nothing: one bad line and nothing is written (ValidationError naming it).
    Running it again changes nothing. Where an agency answers is where its officials serve
    (``accounts.actions.grant_official``), not a column here.
    """
    reader = csv.DictReader(lines)
    missing = {"name", "categories"} - set(reader.fieldnames or [])
    if missing:
        raise ValidationError(_("The CSV needs the columns name and categories (and may have short_name)."))
    rows = []
    for line, row in enumerate(reader, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise ValidationError(_("Line %(line)s: the name is empty.") % {"line": line})
        rows.append((name, (row.get("short_name") or "").strip(), _categories(row.get("categories") or "", line)))
    done = AgencyImport()
    with transaction.atomic():
        for name, short_name, categories in rows:
            agency, created = Agency.objects.get_or_create(name=name, defaults={"short_name": short_name})
            if not created and agency.short_name != short_name:
                agency.short_name = short_name
                agency.save(update_fields=["short_name"])
            had = set(AgencyCategory.objects.filter(agency=agency).values_list("category", flat=True))
            AgencyCategory.objects.filter(agency=agency).exclude(category__in=categories).delete()
            AgencyCategory.objects.bulk_create(
                [AgencyCategory(agency=agency, category=code) for code in categories if code not in had]
            )
            if created:
                done.created.append(name)
            elif had != set(categories) or agency.short_name != short_name:
                done.updated.append(name)
    return done
