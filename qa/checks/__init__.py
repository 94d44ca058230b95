"""The checks: each a documented function that turns a segment (or a document) into findings.

A check is declared with :func:`qa.checks.base.check` and registered in ``CHECKS``
below, one line each. Segment checks are called as ``fn(segment, ctx)``,
document checks as ``fn(document, ctx)``; both yield :class:`qa.records.Finding`.
"""

from __future__ import annotations

from qa.checks import (
    agreement,
    alignment_gaps,
    figurative,
    fuzzy,
    mistranslation,
    names,
    negation,
    numbers,
    omitted,
    person,
    placeholders,
    repetition,
    terms,
    transliterated,
    unsupported,
    untranslated,
)
from qa.checks.base import Check, CheckContext

CHECKS: dict[str, Check] = {
    "untranslated": untranslated.untranslated,
    "transliterated": transliterated.transliterated,
    "addition": alignment_gaps.addition,
    "omission": alignment_gaps.omission,
    "low-agreement": agreement.low_agreement,
    "numbers": numbers.numbers,
    "negation": negation.negation,
    "person": person.person,
    "names": names.names,
    "mistranslation": mistranslation.mistranslation,
    "omitted-words": omitted.omitted_words,
    "term-missing": terms.term_missing,
    "term-forbidden": terms.term_forbidden,
    "term-inconsistent": terms.term_inconsistent,
    "figurative": figurative.figurative,
    "unsupported": unsupported.unsupported,
    "placeholders": placeholders.placeholders,
    "fuzzy": fuzzy.fuzzy,
    "repetition": repetition.repetition,
}



def check_options() -> dict:
    """Every check's own settings, by name (:class:`qa.settings.Option`)."""
    return {option.name: option for check in CHECKS.values() for option in check.options}


__all__ = ["CHECKS", "Check", "CheckContext", "check_options"]
