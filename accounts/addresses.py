"""One household, one key: addresses compared the way a neighbourhood unit would read them.

Two accounts of one person asking residency at "RT 007 / RW 004, Jl. Manggarai Utara II no. 12" and
"rt 7 rw 4, jalan manggarai utara ii 12" must meet in the verifiers' queue. ``household_key`` turns
an RT, an RW and a street into one string that is equal for both; it is stored (indexed, beside the
area) wherever an address is, so finding the others at an address is one indexed lookup. Keep it
free of anything but the address, so that other records of residents (people a facilitator
registers offline, say) can store and match the same key.
"""

from __future__ import annotations

import re
import unicodedata

KEY_MAX_LENGTH = 255

# Written in many ways, meaning one thing. "Jalan" is dropped altogether (a street is a jalan unless
# it says otherwise, and people leave it out); "Gang" (an alley) is kept, as "Gg. Melati" is not
# "Jl. Melati". "No."/"Nomor" before a house number say nothing.
_DROPPED = frozenset({"jl", "jln", "jalan", "no", "nomor", "nomer", "nmr"})
_SAME = {"gang": "gg", "gg": "gg", "blk": "blok", "blok": "blok"}
_UNIT = frozenset({"rt", "rw"})

_LETTERS_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
_NOT_WORD = re.compile(r"[\W_]+")


def unit_number(value: str) -> str:
    """An RT or RW number without its leading zeros: "007" → "7", "000" → "0", "" → ""."""
    digits = "".join(c for c in unicodedata.normalize("NFKC", value or "") if c.isdigit())
    return str(int(digits)) if digits else ""


def street_words(street: str) -> tuple[list[str], dict[str, str]]:
    """The street's words as compared, and any RT/RW numbers written inside it ({"rt": "3"})."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", street or "").casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _LETTERS_DIGITS.sub(" ", text)  # "no12" → "no 12", "rt003rw04" → "rt 003 rw 04", "12a" → "12 a"
    tokens = [t for t in _NOT_WORD.split(text) if t]
    words: list[str] = []
    units: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _UNIT and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            units.setdefault(token, unit_number(tokens[i + 1]))
            i += 2
            continue
        if token not in _DROPPED:
            words.append(str(int(token)) if token.isdigit() else _SAME.get(token, token))
        i += 1
    return words, units


def household_key(*, rt: str = "", rw: str = "", street: str = "") -> str:
    """ "7/4/manggarai utara ii 12" for RT 007 / RW 004, Jl. Manggarai Utara II no. 12; "" without a street.

    An RT/RW written in the street counts when the field is empty, and is never part of the street.
    Without a street there is no household to compare (an RT alone is many households).
    """
    words, units = street_words(street)
    if not words:
        return ""
    rt = unit_number(rt) or units.get("rt", "")
    rw = unit_number(rw) or units.get("rw", "")
    return f"{rt}/{rw}/{' '.join(words)}"[:KEY_MAX_LENGTH]
