"""Put an English suggestion in the plural when the words it replaces are plural.

"irritants" → suggest "sticking points", not "sticking point". Only
lower-case heads are touched (names such as "Republican Party" or "GOP"
stay as they are); the head is the last word before a preposition
("point of friction" → "points of friction"), else the last word.
"""

from __future__ import annotations

import re

from qa.lang.morphology import WORD, Morphology

PREPOSITIONS = {"of", "in", "for", "on", "to", "with", "between", "about", "from", "at", "by"}
NOT_NOUN_ENDINGS = ("ly", "ing", "ed")  # "sporadically", "settling": no plural to make
_SIBILANT = re.compile(r"(s|x|z|ch|sh)$")
_CONSONANT_Y = re.compile(r"[^aeiou]y$")


def is_plural(text: str, morphology: Morphology) -> bool:
    """Whether the head of an English phrase is a regular plural (its lemma drops a final s)."""
    words = WORD.findall(text)
    head = _head(words)
    if head is None:
        return False
    word = words[head].lower()
    return word.endswith("s") and any(k != word and word.startswith(k[:-1] if k.endswith("y") else k) for k in morphology.keys(word))


def pluralize(text: str) -> str:
    """The phrase with its head in the plural (regular English plurals only)."""
    matches = list(WORD.finditer(text))
    head = _head([m.group() for m in matches])
    if head is None:
        return text
    m = matches[head]
    word = m.group()
    if not word.islower() or word.endswith(NOT_NOUN_ENDINGS):
        return text
    if _CONSONANT_Y.search(word):
        plural = word[:-1] + "ies"
    elif _SIBILANT.search(word):
        plural = word + "es"
    else:
        plural = word + "s"
    return text[: m.start()] + plural + text[m.end() :]


def like(text: str, used: str, morphology: Morphology) -> str:
    """``text`` put in the plural if ``used`` is plural and ``text`` is not."""
    if is_plural(used, morphology) and not is_plural(text, morphology):
        return pluralize(text)
    return text


def _head(words: list[str]) -> int | None:
    if not words:
        return None
    for i, word in enumerate(words):
        if i and word.lower() in PREPOSITIONS:
            return i - 1
    return len(words) - 1
