"""Quantities in English text: decimal point, comma thousands, million/billion/bn/mln/m/k...,
%/percent/per cent, ordinals (22nd, first), number words (two, twenty-five,
three hundred, two and a half), dates in US and British order, decades (1990s,
'90s, nineties), times (3 p.m., 15:00), twice/double/triple.
"""

from __future__ import annotations

import re

from qa.lang.quantities import (
    DASH,
    DAY,
    MONTHS_EN,
    SPACES,
    Quantity,
    date_keys,
    english_number,
    num_key,
)
from qa.records import Span

_EN_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)


# An English number: comma (or no-break space) thousands, optional decimal point.
_EN_NUM = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:\.\d+)?(?!\d)"
    r"|\d+,\d{1,2}(?![\d])|\d+(?:\.\d+)?"  # "9,5 thousand": a decimal comma left in English
)


_EN_SCALE = r"(?:thousand|million|billion|trillion|bn|bln|mln|mn|tn|tln|trn|trln|m|k|K|M|B)(?![\w])"


_EN_PERCENT = r"(?:%|per\s?cent(?:age points?)?|pct\.?|percentage points?)"


def _en_value(text: str) -> float:
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    clean = "".join(ch for ch in text if ch not in SPACES and ch != ",")
    return float(clean)


def _en_scale(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.lower()
    return {
        "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
        "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tln": 1e12,
        "trn": 1e12, "trln": 1e12,
    }.get(w, 1.0)


def _en_month(word: str) -> int:
    w = word.lower().rstrip(".")[:3]
    return [m[:3].lower() for m in MONTHS_EN].index(w) + 1


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}


_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}


_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}


_ORDINAL_TENS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000,
}


_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


_MULTIPLES = {
    "twice": (2,), "double": (2,), "doubled": (2,), "doubling": (2,), "triple": (3,), "tripled": (3,),
    "thrice": (3,), "quadrupled": (4,), "half": (2, 0.5), "halved": (2, 0.5), "dozen": (12,),
    "decade": (10,), "fortnight": (2, 14), "quarter": (4, 0.25), "third": (3,),
}


_DECADE_WORDS = {
    "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60,
    "seventies": 70, "eighties": 80, "nineties": 90,
}


_EN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


_EN_PATTERN = re.compile(
    rf"""
    (?<![\w.,])
    (?:
      (?P<numdate>(?P<nd_a>\d{{1,2}})[./](?P<nd_b>\d{{1,2}})[./](?P<nd_y>\d{{4}}))(?!\d)
    | (?P<isodate>(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}}))(?!\d)
    | (?P<time>(?P<t_h>\d{{1,2}})(?:[:.]\s?(?P<t_m>[0-5]\d))?\s?(?P<t_ap>[ap]\.?m\.?(?!\w)|o'clock))
    | (?P<clock>(?P<c_h>[01]?\d|2[0-3])[:։]\s?(?P<c_m>[0-5]\d))(?![\d:])
    | (?P<military>(?P<mil_h>[01]\d|2[0-3])(?:[-.]\s?)?(?P<mil_m>[0-5]\d)\s?(?:hours|hrs|h)(?!\w))
    | (?P<stage>(?P<st_w>quarter|semi)[-\s]?finals?)(?!\w)
    | (?P<date_md>(?P<md_month>{_EN_MONTH})\s(?:(?P<md_from>{DAY})(?:st|nd|rd|th)?{DASH})?(?P<md_day>{DAY})(?:st|nd|rd|th)?(?!\d)
        (?:,?\s(?P<md_year>\d{{4}})(?!\d))?)
    | (?P<date_dm>(?:(?P<dm_from>{DAY})(?:st|nd|rd|th)?{DASH})?(?P<dm_day>{DAY})(?:st|nd|rd|th)?\s(?:of\s)?(?P<dm_month>{_EN_MONTH})(?!\w)
        (?:,?\s(?P<dm_year>\d{{4}})(?!\d))?)
    | (?P<decade>'?(?P<dc_v>\d{{3}}0|\d0)'?s)(?!\w)
    | (?P<number>(?P<n_from>{_EN_NUM})(?:(?:{DASH}|/)(?P<n_to>{_EN_NUM}))?(?P<n_ord>st|nd|rd|th)?
        (?:[{SPACES}]?(?P<n_scale>{_EN_SCALE}))?
        (?:[{SPACES}]?(?P<n_percent>{_EN_PERCENT}))?)
    )
    """,
    re.VERBOSE,
)


_EN_MONTH_WORD = re.compile(rf"(?<!\w){_EN_MONTH}(?!\w)")


def english_quantities(text: str) -> list[Quantity]:
    """Numbers, dates, decades, times in English text, with digits or in words."""
    out: list[Quantity] = []
    for m in _EN_PATTERN.finditer(text):
        span = Span(m.start(), m.end())
        if m.group("numdate"):
            a, b, year = int(m["nd_a"]), int(m["nd_b"]), int(m["nd_y"])
            keys = {num_key(year), num_key(a), num_key(b)}
            for day, month in ((a, b), (b, a)):
                if 1 <= day <= 31 and 1 <= month <= 12:
                    keys |= {("date", day, month), ("month", month)}
            out.append(Quantity(span, m.group(), "date", frozenset(keys)))
        elif m.group("isodate"):
            year, month, day = int(m["iso_y"]), int(m["iso_m"]), int(m["iso_d"])
            out.append(Quantity(span, m.group(), "date", date_keys(day, month, year)))
        elif m.group("time"):
            hours, minutes = int(m["t_h"]), int(m["t_m"] or 0)
            keys = {("time", (hours * 60 + minutes) % 720), num_key(hours)}
            out.append(Quantity(span, m.group(), "time", frozenset(keys)))
        elif m.group("clock") or m.group("military"):
            p = "c" if m.group("clock") else "mil"
            hours, minutes = int(m[f"{p}_h"]), int(m[f"{p}_m"])
            keys = {("time", (hours * 60 + minutes) % 720), num_key(hours), num_key(minutes)}
            out.append(Quantity(span, m.group(), "time", frozenset(keys)))
        elif m.group("stage"):
            n = 4 if m["st_w"].lower() == "quarter" else 2
            out.append(Quantity(span, m.group(), "number", frozenset({("stage", n), num_key(n)}), digits=False))
        elif m.group("date_md") or m.group("date_dm"):
            p = "md" if m.group("date_md") else "dm"
            month = _en_month(m[f"{p}_month"])
            year = int(m[f"{p}_year"]) if m[f"{p}_year"] else None
            days = [int(m[f"{p}_day"])] + ([int(m[f"{p}_from"])] if m[f"{p}_from"] else [])
            keys: set = set()
            for day in days:
                keys |= date_keys(day, month, year)
            out.append(Quantity(span, m.group(), "date", frozenset(keys)))
        elif m.group("decade"):
            value = int(m["dc_v"])
            keys = {("decade", value % 100)} | ({num_key(value)} if value >= 100 else set())
            out.append(Quantity(span, m.group(), "decade", frozenset(keys)))
        else:
            out.extend(_en_numbers(m, text))
    for m in _EN_MONTH_WORD.finditer(text):
        if m.group() == "May" and m.start() == 0:
            continue
        out.append(Quantity(Span(m.start(), m.end()), m.group(), "month",
                            frozenset({("month", _en_month(m.group()))}), digits=False))
    out.extend(_en_words(text))
    for m in re.finditer(r"(?<=[A-Za-z])\d+", text):
        # "MH17", "G20": digits glued to letters vouch for a number, but never stand in for one
        out.append(Quantity(Span(m.start(), m.end()), m.group(), "glued",
                            frozenset({num_key(int(m.group()))}), digits=False))
    latin = frozenset(("latin", w.lower()) for w in re.findall(r"[A-Za-z]+", text))
    if latin:
        out.append(Quantity(Span(0, 0), "", "words", latin, digits=False))
    return sorted(out, key=lambda q: q.span)


def _en_numbers(m: re.Match, text: str) -> list[Quantity]:
    scale = _en_scale(m["n_scale"])
    first_text, second_text = m["n_from"], m["n_to"]
    values = [_en_value(first_text)] + ([_en_value(second_text)] if second_text else [])
    keys = set()
    for value in values:
        keys |= {num_key(value), num_key(value * scale)}
    for part in (first_text, second_text):
        if part and " " in part:
            # "15 200" with a plain space: also its pieces
            keys |= {num_key(float(p)) for p in part.split(" ")}
    if second_text and len(values) == 2 and values[0] >= 1000 and values[1] < 100 and len(second_text) == 2:
        # "2020-21": the second year abbreviated
        keys.add(num_key(values[0] // 100 * 100 + values[1]))
    return [Quantity(Span(m.start(), m.end()), m.group().rstrip(SPACES), "number", frozenset(keys))]


def _en_words(text: str) -> list[Quantity]:
    """Numbers written as words: "two", "twenty-five", "three hundred", "2.5" is not here."""
    tokens = []
    for w in _EN_WORD.finditer(text):
        word = w.group().lower()
        if "-" in word and _word_value(word) is None:
            # "four-year-old": its parts
            at = w.start()
            for part in word.split("-"):
                tokens.append((part, at, at + len(part)))
                at += len(part) + 1
        else:
            tokens.append((word, w.start(), w.end()))
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        word, start, end = tokens[i]
        if word in _DECADE_WORDS:
            out.append(Quantity(Span(start, end), text[start:end], "decade",
                                frozenset({("decade", _DECADE_WORDS[word])}), digits=False))
            i += 1
            continue
        if word in _MULTIPLES:
            keys = frozenset(num_key(v) for v in _MULTIPLES[word])
            out.append(Quantity(Span(start, end), text[start:end], "number", keys, digits=False))
            i += 1
            continue
        value, j = _read_number_words(tokens, i)
        if j > i:
            last_end = tokens[j - 1][2]
            keys = {num_key(value)}
            out.append(Quantity(Span(start, last_end), text[start:last_end], "number", frozenset(keys),
                                digits=False))
            i = j
        else:
            i += 1
    return out


def _word_value(word: str) -> tuple[float, str] | None:
    """The value of one (possibly hyphenated) number word, and its kind: unit, tens, ordinal, scale."""
    if word in _UNITS:
        return _UNITS[word], "unit"
    if word in _TENS:
        return _TENS[word], "tens"
    if word in _ORDINAL_UNITS:
        return _ORDINAL_UNITS[word], "ordinal"
    if word in _ORDINAL_TENS:
        return _ORDINAL_TENS[word], "ordinal"
    if "-" in word:
        head, _, tail = word.partition("-")
        if head in _TENS and (tail in _UNITS and _UNITS[tail] < 10):
            return _TENS[head] + _UNITS[tail], "tens"
        if head in _TENS and tail in _ORDINAL_UNITS and _ORDINAL_UNITS[tail] < 10:
            return _TENS[head] + _ORDINAL_UNITS[tail], "ordinal"
    return None


def _read_number_words(tokens: list, i: int) -> tuple[float, int]:
    """Read a run of number words from tokens[i]; return its value and the index after it (i: none)."""
    total = 0.0
    current: float | None = None
    j = i
    last_kind = None
    while j < len(tokens):
        word = tokens[j][0]
        if word in ("a", "an") and current is None and j + 1 < len(tokens) and (
            tokens[j + 1][0] in _BIG or tokens[j + 1][0] == "hundred"
        ):
            current = 1
            last_kind = "unit"
            j += 1
            continue
        hit = _word_value(word)
        if hit is not None:
            value, kind = hit
            if current is None:
                current = value
            elif last_kind == "tens" and kind in ("unit", "ordinal") and value < 10 and current % 10 == 0:
                current += value
            elif last_kind == "hundred" and value < 100:
                current += value
            elif last_kind == "big":
                current = value
            else:
                break
            last_kind = kind
            j += 1
            if kind == "ordinal":
                break
            continue
        if word == "hundred" and current is not None and last_kind in ("unit", "tens") and current < 100:
            current *= 100
            last_kind = "hundred"
            j += 1
            if j + 1 < len(tokens) and tokens[j][0] == "and" and _word_value(tokens[j + 1][0]):
                j += 1
            continue
        if word in _BIG and current is not None and last_kind != "big":
            total += current * _BIG[word]
            current = 0
            last_kind = "big"
            j += 1
            continue
        if word == "and" and current is not None and j + 2 < len(tokens) and tokens[j + 1][0] == "a" \
                and tokens[j + 2][0] == "half":
            current += 0.5
            j += 3
            if j < len(tokens) and tokens[j][0] in _BIG:
                total += current * _BIG[tokens[j][0]]
                current = 0
                j += 1
            break
        break
    if current is None:
        return 0.0, i
    return total + current, j



def number_word(value: float) -> str:
    """A small number as English writes it in words ("three", "twenty", "one and a half"); digits
    for any other."""
    if value == 1.5:
        return "one and a half"
    words = {v: w for w, v in {**_UNITS, **_TENS}.items()}
    return words.get(value, english_number(value))
