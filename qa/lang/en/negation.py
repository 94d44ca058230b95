"""Negation in English text: not, n't, no, never, nobody, nothing, none, neither, nowhere, cannot."""

from __future__ import annotations

import re

from qa.records import Span

_NEGATOR = re.compile(
    r"(?<![\w'-])(?:not|no|never|nobody|nothing|none|neither|nowhere|cannot)(?![\w'])|n[’']t(?![\w])",
    re.IGNORECASE,
)
# "no" that negates nothing: "No. 5", "no longer"? (still a negation: kept), "no doubt" (kept: Russian says несомненно)
_NOT_NEGATION = re.compile(
    r"(?<![\w'-])(?:no\.\s*\d|not only|no less than|no more than|no later than|no sooner than|not least|no\.?$)"
    # "not ... until" within a few words ("was not opened until 1985"): Russian says "only" («лишь», «только»);
    # not an "until" further on ("was not developed in pursuance of the roadmap ... until 2030")
    r"|(?<![\w'-])not(?=(?:[\s,]+[\w'-]+){0,4}?[\s,]+until\b)",
    re.IGNORECASE,
)
# words that carry a negation without a negator: what a lost «не» may have become
_NEGATIVE_MEANING = re.compile(
    r"(?<![\w'-])(?:unable|fail(?:s|ed|ing|ure)?|lest|lack(?:s|ed|ing)?|refus(?:e|es|ed|ing)|absen(?:t|ce)"
    r"|avoid(?:s|ed|ing)?|prevent(?:s|ed|ing)?|keep(?:s|ing)? \w+ from|kept \w+ from|instead of|rather than"
    r"|far from|free of|except|other than|without|impossible|unless|hardly|barely)(?![\w'-])",
    re.IGNORECASE,
)
_PREFIXED = re.compile(r"(?<![\w'-])(un|non|im|in|ir|il)-?([a-z]{4,})(?![\w'-])", re.IGNORECASE)


def negations(text: str) -> list[Span]:
    """One span for each negator of ``text``."""
    skipped = {m.start() for m in _NOT_NEGATION.finditer(text)}
    return [Span(m.start(), m.end()) for m in _NEGATOR.finditer(text) if m.start() not in skipped]


def negative_meanings(text: str) -> list[Span]:
    """Words that say "not" without a negator: "unable", "unharmed", "failed to", "avoid", "lest"."""
    out = [Span(m.start(), m.end()) for m in _NEGATIVE_MEANING.finditer(text)]
    for m in _PREFIXED.finditer(text):
        prefix, rest = m.group(1).lower(), m.group(2).lower()
        if rest.endswith("ly") or (prefix != "un" and not rest.endswith(("able", "ible", "ent", "ant", "ate", "ive", "al", "ar", "ous"))):
            continue  # "inside", "important", "involve": no negation
        if _known(rest):
            out.append(Span(m.start(), m.end()))
    return sorted(out, key=lambda s: s.start)


def _known(word: str) -> bool:
    from qa.lang.en import _is_known  # simplemma's English dictionary, asked once a run for each word

    return _is_known(word)
