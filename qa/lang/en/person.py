"""Grammatical person in English text: the first-person pronouns, the gender of the third."""

from __future__ import annotations

import re

from qa.records import Span

_FIRST_PERSON = re.compile(r"(?<![\w'’-])(?:I|me|my|mine|myself|we|us|our|ours|ourselves|let(?=['’]s))(?![\w-])", re.IGNORECASE)


def first_person(text: str) -> list[Span]:
    """The first-person pronouns of a text ("I" only in capitals: "i" is a numeral or a list mark;
    not "US", the United States)."""
    return [
        Span(m.start(), m.end())
        for m in _FIRST_PERSON.finditer(text)
        if (m.group() == "I" or m.group().lower() != "i") and m.group() not in ("US", "MY")
    ]


_GENDERED = {
    "masc": re.compile(r"(?<![\w'’-])(?:he|him|his|himself)(?![\w-])", re.IGNORECASE),
    "femn": re.compile(r"(?<![\w'’-])(?:she|her|hers|herself)(?![\w-])", re.IGNORECASE),
}


def third_person_genders(text: str) -> dict[str, list[Span]]:
    """The pronouns of a text that give a third person a gender, by gender ("masc", "femn")."""
    return {gender: [Span(m.start(), m.end()) for m in pattern.finditer(text)] for gender, pattern in _GENDERED.items()}
