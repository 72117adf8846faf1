"""Display names: what a person may call themselves.

Every name the site prints carries a role badge ("Rina · Official · Dinas SDA"), so a name must not
be able to pass for one: no role word, no agency's name, and no invisible character that reorders
or hides what follows it (U+202E before "laiciffO" makes it read "Official"). Sign-up, the
profile page, the admin and ``update_profile`` (hence every command) all go through
``clean_display_name``: one rule, one set of messages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MAX_LENGTH = 60

# Role words a reader takes for a badge, in both languages: the badges of core/templatetags/balai.py
# ``badge()`` ("Official · …", "Moderator", "Admin", "Verified resident"), the roles the site has or
# will have, and their Indonesian names. Refused as a word of the name (or spelled out across
# several: "M o d e r a t o r", "Mod-erator"); the long ones also inside a word ("SuperModerator").
ROLE_WORDS = (
    "Official",
    "Pejabat",
    "Moderator",
    "Admin",
    "Administrator",
    "Petugas",
    "Facilitator",
    "Fasilitator",
    "Staff",
    "Staf",
    "Verified",
    "Terverifikasi",
)
# Whole badge texts, refused as a phrase; their translations are read from the catalogues too,
# so a badge renamed there is still refused. ("Resmi" alone is a Javanese name, "Komentar resmi" is a badge.)
BADGE_PHRASES = (
    gettext_noop("Verified resident"),
    gettext_noop("Official comment"),
    gettext_noop("Raised this issue"),
    gettext_noop("former member"),
    gettext_noop("Moderator"),
    gettext_noop("Admin"),
)
# Words long enough that finding them inside a longer word is not a coincidence.
_INSIDE_A_WORD = 7
# Plural and possessive endings that keep a role word a role word ("Officials", "Adminnya").
_ENDINGS = ("", "s", "nya", "ku", "mu")

# Characters outside categories C*/Zl/Zp that still show as nothing (Hangul fillers, braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# More combining marks than this on one letter is stacking ("Zalgo"), which spills over the badge.
_MAX_MARKS = 4

# Letters that look alike, folded only to compare with role words (never stored): Cyrillic and
# Greek lookalikes, and digits written for letters ("Adm1n", "M0derator").
_LOOKALIKES = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "һ": "h",
        "ӏ": "i",
        "к": "k",
        "м": "m",
        "т": "t",
        "в": "b",
        "н": "h",
        "α": "a",
        "ο": "o",
        "ι": "i",
        "ν": "v",
        "ρ": "p",
        "τ": "t",
        "κ": "k",
        "ε": "e",
        "υ": "u",
        "0": "o",
        "1": "i",
        "l": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "$": "s",
        "@": "a",
    }
)
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


def normalise_display_name(value: str) -> str:
    """NFKC, whitespace collapsed to single spaces, stripped (no checks)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", value or "")).strip()


def clean_display_name(value: str, *, agencies: list[str] | None = None) -> str:
    """The display name as stored, or ``ValidationError`` saying what to change.

    ``agencies``: agency names and short names to refuse (default: all of them, one query).
    """
    name = unicodedata.normalize("NFKC", value or "")
    for char in name:
        if _is_invisible(char):
            raise ValidationError(
                _(
                    "A display name cannot contain invisible or control characters (here %(code)s). Type it again without it."
                ),
                code="invisible_character",
                params={"code": f"U+{ord(char):04X}"},
            )
    name = _SPACES.sub(" ", name).strip()
    if not any(unicodedata.category(c)[0] in "LN" for c in name):
        raise ValidationError(_("Enter a display name with at least one letter or number."), code="blank")
    if len(name) > MAX_LENGTH:
        raise ValidationError(
            _("Keep your display name to %(max)d characters."), code="too_long", params={"max": MAX_LENGTH}
        )
    if _stacks_marks(name):
        raise ValidationError(_("A display name cannot stack so many accents on one letter."), code="stacked_marks")
    words = _words(name)
    word = _role_word(words)
    if word:
        raise ValidationError(
            _("A display name cannot contain “%(word)s”: the site shows people’s roles in a badge beside their name."),
            code="role_word",
            params={"word": word},
        )
    agency = _agency(words, _agency_names() if agencies is None else agencies)
    if agency:
        raise ValidationError(
            _(
                "A display name cannot contain the name of an agency (%(agency)s): its officials carry it in their badge."
            ),
            code="agency_name",
            params={"agency": agency},
        )
    return name


def validate_display_name(value: str) -> None:
    """The same rule as a Django validator (for model and form fields)."""
    clean_display_name(value)


def _is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] == "C" or category in ("Zl", "Zp") or char in _BLANK_LETTERS


def _stacks_marks(name: str) -> bool:
    run = 0
    for char in name:
        run = run + 1 if unicodedata.category(char).startswith("M") else 0
        if run > _MAX_MARKS:
            return True
    return False


def _skeleton(text: str) -> str:
    """Lower case, accents off, lookalikes folded: what a reader's eye compares."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.translate(_LOOKALIKES).replace("rn", "m")


def _words(text: str) -> list[str]:
    return _WORD.findall(_skeleton(text))


def _runs(words: list[str]):
    """Every run of consecutive words, joined: "M o d" → "m", "mo", "mod", "o", …"""
    for start in range(len(words)):
        joined = ""
        for word in words[start:]:
            joined += word
            yield joined


def _role_word(words: list[str]) -> str:
    runs = set(_runs(words))
    for shown, skeleton in _role_terms():
        if any(skeleton + ending in runs for ending in _ENDINGS):
            return shown
        if len(skeleton) >= _INSIDE_A_WORD and any(skeleton in word for word in words):
            return shown
    return ""


def _agency(words: list[str], agencies: list[str]) -> str:
    runs = set(_runs(words))
    for agency in agencies:
        skeleton = "".join(_words(agency))
        if skeleton and skeleton in runs:
            return agency
    return ""


@lru_cache(maxsize=1)
def _role_terms() -> tuple[tuple[str, str], ...]:
    """(as shown in the message, skeleton) for every role word and badge text in every language."""
    shown = list(ROLE_WORDS)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            shown += [translation.gettext(phrase) for phrase in BADGE_PHRASES]
    terms, seen = [], set()
    for text in shown:
        skeleton = "".join(_words(text))
        if skeleton and skeleton not in seen:
            seen.add(skeleton)
            terms.append((text, skeleton))
    return tuple(terms)


def _agency_names() -> list[str]:
    from accounts.models import Agency

    return [name for pair in Agency.objects.values_list("name", "short_name") for name in pair if name]


def default_display_name(user) -> str:
    """The e-mail's local part, unless it would not pass as a display name ("admin@…")."""
    local = (user.email or user.get_username()).split("@")[0][:MAX_LENGTH]
    try:
        return clean_display_name(local)
    except ValidationError:
        return f"Member {user.pk}"
