"""Numbers, dates, percentages, decades and times: what a :class:`Quantity` found in a text is, and
how two are compared. The language packs find them (``qa.lang.ru.quantities``,
``qa.lang.en.quantities``).

Numbers, dates, percentages, decades and times found in Russian and English text.

Each :class:`Quantity` found in a text carries the *keys* it provides (what it
can vouch for: ``("num", 2500000000.0)``, ``("date", 27, 2)``, ``("month", 2)``,
``("decade", 90)``, ``("time", 180)``) and the *alternatives* that satisfy it
when it is looked for on the other side: it is present there when every key of
one alternative is among the keys of that side. Source quantities ask strictly
(the value with its scale); target quantities offer generously (a scaled number
also offers its bare digits, a date also offers its day and its month), so that
an equivalent rendering is never missed. Units (%, percent, currency) are not
compared: a number's value is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from qa.records import Span

Key = tuple


MONTHS_EN = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]


SPACES = " \u00a0\u202f\u2009"


DASH = r"\s?[-–—]\s?"


DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"


@dataclass(frozen=True)
class Quantity:
    """One number-like thing in a text.

    family: what it can be confused with ("number", "date", "decade", "time").
    keys: what it offers when looked up (see the module docstring).
    alternatives: what satisfies it when it is looked for on the other side.
    english: how it is expected to read in English (for suggestions).
    digits: written with digits (not as words): only those are taken as a
        conflicting counterpart of a number that is not matched.
    """

    span: Span
    text: str
    family: str
    keys: frozenset = field(default_factory=frozenset)
    alternatives: tuple = ()
    english: str = ""
    digits: bool = True

    def satisfied_by(self, keys: set) -> frozenset | None:
        """The alternative satisfied by `keys`, or None."""
        for alt in self.alternatives:
            if alt <= keys:
                return alt
        return None


def num_key(value: float) -> Key:
    return ("num", float(f"{value:.12g}"))


def ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def english_number(value: float) -> str:
    """25000.0 -> '25,000'; 2020.0 -> '2020'; 2.5 -> '2.5' (a number beyond float range, 309 digits
    and more, is 'inf')."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value):
        return f"{int(value):,}" if abs(value) >= 10000 else str(int(value))
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def english_scaled(digits: float, scale: float) -> str:
    names = {1e6: "million", 1e9: "billion", 1e12: "trillion"}
    if scale in names:
        return f"{english_number(digits)} {names[scale]}"
    return english_number(digits * scale)


def date(span: Span, text: str, day: int, month: int, year: int | None) -> Quantity:
    keys = {("date", day, month), num_key(day), ("month", month)}
    strict = {("date", day, month)}
    loose = {num_key(day), ("month", month)}
    english = f"{MONTHS_EN[month - 1]} {day}"
    if year is not None:
        keys.add(num_key(year))
        strict.add(num_key(year))
        loose.add(num_key(year))
        english += f", {year}"
    return Quantity(span, span.text(text), "date", frozenset(keys),
                    (frozenset(strict), frozenset(loose)), english)


def decade(span: Span, text: str, value: int) -> Quantity:
    keys = {("decade", value % 100)}
    if value >= 100:
        keys.add(num_key(value))
        english = f"{value}s"
    else:
        english = f"'{value:02d}s"
    return Quantity(span, span.text(text), "decade", frozenset(keys),
                    (frozenset({("decade", value % 100)}),), english)


def date_keys(day: int, month: int, year: int | None) -> frozenset:
    keys = {("date", day, month), num_key(day), ("month", month)}
    if year is not None:
        keys.add(num_key(year))
    return frozenset(keys)


def keys_of(quantities: list[Quantity]) -> set:
    keys: set = set()
    for q in quantities:
        keys |= q.keys
    return keys

