"""Quantities in Russian text (they carry their English rendering): decimal comma, thousands separated by (narrow) no-break spaces or plain
spaces, тыс./млн/млрд/трлн and their full forms, % and процент*, ordinal suffixes
(22-й, 5-го), dates with months in every case, years with or without «года»,
decades (1990-х, 90-е годы), ranges (2–3 млрд), топ-5, times (15:30).
Russian number *words* (два, три) are not read: they are not required in the
target.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qa.lang.quantities import (
    DASH,
    DAY,
    SPACES,
    Quantity,
    date,
    decade,
    english_scaled,
    num_key,
    ordinal_suffix,
)
from qa.records import Span

# Russian month stems: every case form starts with one of these.
_RU_MONTH = (
    r"(?:январ[ьяеюё]\w*|феврал[ьяеюё]\w*|март[аеуо]?\w*|апрел[ьяеюё]\w*|ма[йяюе]м?"
    r"|июн[ьяеюё]\w*|июл[ьяеюё]\w*|август[аеуо]?\w*|сентябр[ьяеюё]\w*|октябр[ьяеюё]\w*"
    r"|ноябр[ьяеюё]\w*|декабр[ьяеюё]\w*)"
)


_RU_MONTH_NUMBER = [
    ("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма", 5), ("июн", 6),
    ("июл", 7), ("август", 8), ("сентябр", 9), ("октябр", 10), ("ноябр", 11), ("декабр", 12),
]


# A Russian number: thousands groups (any space), then an optional decimal comma (or point).
_RU_NUM = r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d])|\d+(?:[,.]\d+)?"


_RU_SCALE = (
    r"(?:тыс\.?|тысяч(?:а|и|у|ей|ами|ах|ью)?|млн\.?|миллион(?:а|ов|у|ом|е|ы|ами|ах)?"
    r"|млрд\.?|миллиард(?:а|ов|у|ом|е|ы|ами|ах)?|трлн\.?|триллион(?:а|ов|у|ом|е|ы|ами|ах)?)(?!\w)"
)


_RU_PERCENT = r"(?:%|процент\w*|п\.\s?п\.)"


# A two-digit decade («90-е») is a decade after these words or before «годы»; else an ordinal («20-е место»).
_RU_DECADE_CUES = {"в", "во", "с", "до", "к", "по", "и", "начале", "конце", "середине", "начала", "конца",
                   "середины", "из", "на", "от", "за"}


def _ru_value(text: str) -> float:
    clean = "".join(ch for ch in text if ch not in SPACES).replace(",", ".")
    return float(clean)


def _ru_scale(word: str | None) -> float:
    if not word:
        return 1.0
    w = word.lower()
    if w.startswith("тыс"):
        return 1e3
    if w.startswith(("млн", "миллион")):
        return 1e6
    if w.startswith(("млрд", "миллиард")):
        return 1e9
    if w.startswith(("трлн", "триллион")):
        return 1e12
    return 1.0


def _ru_month(word: str) -> int:
    w = word.lower()
    for stem, number in _RU_MONTH_NUMBER:
        if w.startswith(stem):
            return number
    raise ValueError(word)


_RU_PATTERN = re.compile(
    rf"""
    (?<![\w.,])
    (?:
      (?P<numdate>(?P<nd_d>{DAY})\.(?P<nd_m>\d{{1,2}})\.(?P<nd_y>\d{{4}}))(?!\d)
    | (?P<time>(?P<t_h>[01]?\d|2[0-3])[:։](?P<t_m>[0-5]\d))(?![\d:])
    | (?P<hours>(?P<h_h>[01]?\d|2[0-3])\s(?:час(?:ов|а)?|ч\.)(?:\s(?P<h_m>[0-5]?\d)\s(?:минут\w*|мин\.))?)(?!\w)
    | (?P<final>1/(?P<fin_n>\d{{1,2}})\s(?:финал\w*))
    | (?P<date>(?:(?P<d_from>{DAY})(?:-?го)?{DASH})?(?P<d_day>{DAY})(?:-?го)?\s+(?P<d_month>{_RU_MONTH})\b
        (?:\s+(?P<d_year>\d{{4}})(?:\s*(?:год[ауе]?|г\.))?(?!\w))?)
    | (?P<decade>(?P<dc_v>\d{{3}}0|\d0)-(?:х|е|ых|ые|ми|м)(?!\w)(?:\s+год\w*)?)
    | (?P<top>(?i:топ)-?\s?(?P<top_n>\d+))(?!\d)
    | (?P<number>(?P<n_from>{_RU_NUM})(?:(?:{DASH}|/)(?P<n_to>{_RU_NUM}))?
        (?:-(?P<n_suffix>[а-яё]+))?
        (?:[{SPACES}]?(?P<n_scale>{_RU_SCALE}))?
        (?:[{SPACES}]?(?P<n_percent>{_RU_PERCENT}))?
        (?P<n_year>[{SPACES}](?:год[ауе]?|гг?\.)(?!\w))?)
    )
    """,
    re.VERBOSE,
)


def russian_quantities(text: str) -> list[Quantity]:
    """Numbers, dates, decades, times written with digits in Russian text."""
    out: list[Quantity] = []
    for m in _RU_PATTERN.finditer(text):
        span = Span(m.start(), m.end())
        if m.group("numdate"):
            day, month, year = int(m["nd_d"]), int(m["nd_m"]), int(m["nd_y"])
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            out.append(date(span, text, day, month, year))
        elif m.group("time"):
            hours, minutes = int(m["t_h"]), int(m["t_m"])
            key = ("time", (hours * 60 + minutes) % 720)
            out.append(Quantity(span, m.group(), "time", frozenset({key}),
                                (frozenset({key}),), f"{hours:02d}:{minutes:02d}"))
        elif m.group("date"):
            month = _ru_month(m["d_month"])
            year = int(m["d_year"]) if m["d_year"] else None
            if m["d_from"]:
                first = int(m["d_from"])
                start = m.start("d_from")
                out.append(date(Span(start, m.end("d_from")), text, first, month, year))
            day = int(m["d_day"])
            out.append(date(Span(m.start("d_day"), span.end), text, day, month, year))
        elif m.group("hours"):
            hours, minutes = int(m["h_h"]), int(m["h_m"] or 0)
            time_key = ("time", (hours * 60 + minutes) % 720)
            if m["h_m"]:
                alternatives = (frozenset({time_key}), frozenset({num_key(hours), num_key(minutes)}))
                english = f"{hours:02d}:{minutes:02d}"
            else:
                # «в 17 часов» (at 5 p.m.) or «24 часа» (24 hours)
                alternatives = (frozenset({num_key(hours)}), frozenset({time_key}))
                english = str(hours)
            out.append(Quantity(span, m.group(), "time" if m["h_m"] else "number",
                                frozenset({time_key, num_key(hours)}), alternatives, english))
        elif m.group("final"):
            n = int(m["fin_n"])
            alternatives = (frozenset({("stage", n)}), frozenset({num_key(2 * n)}),
                            frozenset({num_key(1), num_key(n)}))
            english = {2: "semifinal", 4: "quarterfinal"}.get(n, f"round of {2 * n}")
            out.append(Quantity(span, m.group(), "number", frozenset({num_key(n)}), alternatives, english))
        elif m.group("decade"):
            value = int(m["dc_v"])
            before = text[: m.start()].split()
            if value < 100 and "год" not in m.group() and not (before and before[-1].lower() in _RU_DECADE_CUES):
                key = num_key(value)
                out.append(Quantity(span, m.group(), "number", frozenset({key}), (frozenset({key}),),
                                    f"{value}{ordinal_suffix(value)}"))
            else:
                out.append(decade(span, text, value))
        elif m.group("top"):
            n = int(m["top_n"])
            key = num_key(n)
            out.append(Quantity(span, m.group(), "number", frozenset({key}), (frozenset({key}),), f"top {n}"))
        else:
            out.extend(_ru_numbers(m, text))
    return out


def _ru_numbers(m: re.Match, text: str) -> list[Quantity]:
    scale = _ru_scale(m["n_scale"])
    percent = m["n_percent"]
    suffix = m["n_suffix"]
    out = []
    parts = [("n_from", m["n_from"])] + ([("n_to", m["n_to"])] if m["n_to"] else [])
    for group, digits_text in parts:
        if "." in digits_text and not _plausible_ru_point(digits_text):
            continue
        value = _ru_value(digits_text)
        start = m.start(group)
        end = m.end() if group == parts[-1][0] else m.end(group)
        # a trailing space of «год» or of a missing scale is not part of the span
        span = Span(start, end)
        alternatives = [frozenset({num_key(value * scale)})]
        if group == "n_from" and m["n_to"] and scale != 1.0:
            # «2–3 млрд»: the first number may read "2" ("2-3 billion") as well as "2 billion"
            alternatives.append(frozenset({num_key(value)}))
        if " " in digits_text:
            # «15 200» with a plain space may be two numbers: «в 15 200 случаях» is rare, but so is the reverse
            pieces = [float(p.replace(",", ".")) for p in re.split(r"[ ]", digits_text)]
            alternatives.append(frozenset(num_key(p * (scale if i == len(pieces) - 1 else 1))
                                          for i, p in enumerate(pieces)))
        if group == "n_to" and len(digits_text) == 2 and len(m["n_from"]) == 4 and m["n_from"].isdigit():
            # «2019/20», «2020–21»: the second year abbreviated
            alternatives.append(frozenset({num_key(int(m["n_from"]) // 100 * 100 + value)}))
        latin = re.search(r"([A-Za-z]+)-$", text[: start])
        if latin:
            # «COVID-19» may read "COVID"
            alternatives.append(frozenset({("latin", latin.group(1).lower())}))
        if "." in digits_text:
            # «в 15.00»: a time written with a point
            hours, _, minutes = digits_text.partition(".")
            if len(minutes) == 2 and int(hours) < 24 and int(minutes) < 60:
                alternatives.append(frozenset({("time", (int(hours) * 60 + int(minutes)) % 720)}))
        english = english_scaled(value, scale)
        if suffix and _is_ordinal_suffix(suffix) and scale == 1.0 and math.isfinite(value) and value == int(value):
            english = f"{int(value)}{ordinal_suffix(int(value))}"
        if percent and group == parts[-1][0]:
            if percent == "%":
                english += "%"
            elif percent.lower().startswith(("процентн", "п.")):
                english += " percentage points"
            else:
                english += " percent"
        keys = frozenset({num_key(value * scale)})
        out.append(Quantity(span, span.text(text).rstrip(SPACES), "number", keys, tuple(alternatives), english))
    return out


def _plausible_ru_point(digits_text: str) -> bool:
    """A Russian number written with a decimal point: kept (versions, times) unless it looks like a date."""
    return digits_text.count(".") == 1


def _is_ordinal_suffix(suffix: str) -> bool:
    return suffix.lower() in {"й", "я", "е", "го", "му", "м", "х", "ой", "ий", "ая", "ое", "ые", "ых", "ым"}


# Russian number words: not required in the target, but a target number equal
# to one of them is not taken for a changed digit («два раунда» → "2 rounds").
RU_NUMBER_WORDS = [
    (r"один|одн(?:а|о|ого|ой|ому|им|ом|у|и|их)", (1,)),
    (r"два|две|двух|двум|двумя", (2,)),
    (r"оба|обе|обоих|пар[аыу]", (2,)),
    (r"три|тр[её]х|тр[её]м|тремя", (3,)),
    (r"четыре|четыр[её]х|четыр[её]м|четырьмя", (4,)),
    (r"пят[ьи]|пятью", (5,)),
    (r"шест[ьи]|шестью", (6,)),
    (r"сем[ьи]|семью", (7,)),
    (r"восем[ьи]|восьми|восьмью", (8,)),
    (r"девят[ьи]|девятью", (9,)),
    (r"десят[ьи]|десятью|десят(?:ок|ка|ки|ков)", (10,)),
    (r"одиннадцат[ьи]", (11,)),
    (r"двенадцат[ьи]|дюжин\w*", (12,)),
    (r"двадцат[ьи]", (20,)),
    (r"тридцат[ьи]", (30,)),
    (r"сорок[а]?", (40,)),
    (r"пятьдесят|пятидесяти", (50,)),
    (r"сто|ста|сотн\w*", (100,)),
    (r"тысяч\w*", (1000,)),
    (r"полгода|полугода|полугоди\w*", (6, 0.5)),
    (r"полтора|полторы|полутора", (1.5,)),
    (r"первы\w+|перв(?:ая|ое|ой|ого|ом|ому|ую)", (1,)),
    (r"втор\w+", (2,)),
    (r"трет\w+", (3,)),
    (r"неделю|недел[иья]", (7,)),
    (r"сутки|суток", (24,)),
]
_RU_NUMBER_WORD = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<w{i}>{p})" for i, (p, _) in enumerate(RU_NUMBER_WORDS)) + r")(?!\w)",
    re.IGNORECASE,
)

#: the cardinals of RU_NUMBER_WORDS that say their number and nothing else (два, три, ..., полтора): a
#: target that renders one as another number has changed it. Not «один» (an article, "single"),
#: «оба»/«пара» ("both", "a couple"), ordinals ("first" is also "top"), «десяток», «дюжина»,
#: «неделя», «сутки», «полгода», hundreds and thousands («сотни»: "hundreds").
EXACT_VALUES = frozenset({2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 30, 40, 50, 1.5})
_NOT_EXACT = re.compile(r"об[аео]\w*|пар\w*|перв\w*|втор\w*|трет\w*|недел\w*|сут\w*|пол\w*год\w*|дюжин\w*|десят(?:ок|ка|ки|ков)", re.I)


@dataclass(frozen=True)
class NumberWord:
    """A Russian number word: where it stands, the values it may stand for, and whether it says
    one number unambiguously (``exact``)."""

    span: Span
    text: str
    values: tuple[float, ...]
    exact: bool


def russian_number_words(text: str) -> list[NumberWord]:
    """The number words of a Russian text (два, трёх, полтора, первый, сотни, ...)."""
    out = []
    for m in _RU_NUMBER_WORD.finditer(text):
        name, word = next((k, v) for k, v in m.groupdict().items() if v is not None)
        _, values = RU_NUMBER_WORDS[int(name[1:])]
        exact = len(values) == 1 and values[0] in EXACT_VALUES and not _NOT_EXACT.fullmatch(word)
        out.append(NumberWord(Span(m.start(), m.end()), word, values, exact))
    return out
