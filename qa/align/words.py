"""Word links: which words of a translation render which words of its source.

Decoded deterministically (the same text always gets the same links) from cues, each a strength
in [0, 1] for a (source word, target word) pair:

- the word-translation table learned by eflomal from CC0 parallel text (:mod:`qa.align.lexicon`):
  the geometric mean of p(target stem | source stem) and p(source stem | target stem);
- the same word on both sides (numbers, Latin-script names and acronyms, punctuation);
- a transliteration (a Russian word spelled in Latin letters by one of the schemes mtqa knows,
  close to the English word: «Рябков» / Ryabkov, «пандемия» / pandemic);
- links the caller already knows (a model's cross-attention, a glossary or dictionary match),
  passed as ``known``.

Each strength is discounted by how far the two words sit from the diagonal of the pair. Links are
then chosen by competitive linking (strongest first, each word once), and a second pass lets a
word take a neighbour of its partner that it also translates ("сообщил" → "said he", "в течение"
→ "during"). Measured on MLQE-PE dev: ``benchmarks/word_alignment.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from qa.align.lexicon import Lexicon, load_lexicon, stem
from qa.lang.morphology import fold

#: a link weaker than this (after the distance discount) is not made
THRESHOLD = 0.02
#: a word's second link (to a neighbour of its first partner) needs this strength
NEIGHBOUR = 0.1
#: how much the relative distance from the diagonal (0..1) discounts a cue
DISTANCE = 0.9
#: a transliteration this similar to the target word is a link of that strength
TRANSLITERATION = 0.8

_DIGITS = re.compile(r"\d")
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)


@dataclass(frozen=True)
class Links:
    """The links of one pair: (source word index, target word index), sorted."""

    pairs: tuple[tuple[int, int], ...]
    #: the links made by position alone (a word between two linked neighbours), no cue behind them
    guessed: frozenset[tuple[int, int]] = frozenset()

    def targets_of(self, i: int) -> list[int]:
        return [j for s, j in self.pairs if s == i]

    def sources_of(self, j: int) -> list[int]:
        return [i for i, t in self.pairs if t == j]


def link_words(
    source: Sequence[str],
    target: Sequence[str],
    lexicon: Lexicon | None = None,
    known: Iterable[tuple[int, int]] = (),
) -> Links:
    """The links between two sentences' words (lists of word strings)."""
    lexicon = lexicon if lexicon is not None else load_lexicon()
    n, m = len(source), len(target)
    if not n or not m:
        return Links(())
    s_keys = [(fold(w), stem(w)) for w in source]
    t_keys = [(fold(w), stem(w)) for w in target]
    known = set(known)
    strengths: dict[tuple[int, int], float] = {}
    for i, (s_fold, s_stem) in enumerate(s_keys):
        for j, (t_fold, t_stem) in enumerate(t_keys):
            if (i, j) in known:
                cue = 1.0
            elif s_fold == t_fold:
                cue = 1.0
            else:
                cue = lexicon.strength(s_stem, t_stem)
                if cue < TRANSLITERATION and _transliterates(s_fold, t_fold):
                    cue = TRANSLITERATION
            if cue <= 0.0:
                continue
            distance = abs((i + 0.5) / n - (j + 0.5) / m)
            strengths[i, j] = cue * (1.0 - DISTANCE * distance)
    chosen: set[tuple[int, int]] = set()
    used_s: set[int] = set()
    used_t: set[int] = set()
    for (i, j), value in sorted(strengths.items(), key=lambda kv: (-kv[1], kv[0])):
        if value < THRESHOLD:
            break
        if i not in used_s and j not in used_t:
            chosen.add((i, j))
            used_s.add(i)
            used_t.add(j)
    # second links: an unlinked word next to its candidate's partner
    for (i, j), value in sorted(strengths.items(), key=lambda kv: (-kv[1], kv[0])):
        if value < NEIGHBOUR or (i, j) in chosen:
            continue
        if j not in used_t and ((i, j - 1) in chosen or (i, j + 1) in chosen):
            chosen.add((i, j))
            used_t.add(j)
        elif i not in used_s and ((i - 1, j) in chosen or (i + 1, j) in chosen):
            chosen.add((i, j))
            used_s.add(i)
    # a word between two linked neighbours whose partners enclose one unlinked word: their link
    guessed = set()
    for i in range(1, n - 1):
        if i in used_s:
            continue
        before = [j for s, j in chosen if s == i - 1]
        after = [j for s, j in chosen if s == i + 1]
        between = before[0] + 1 if len(before) == 1 else None
        if (
            between is not None and len(after) == 1 and after[0] - between == 1 and between not in used_t
            and len(target[between]) > 3  # not an article or a preposition the languages differ on
        ):
            chosen.add((i, before[0] + 1))
            guessed.add((i, before[0] + 1))
            used_s.add(i)
            used_t.add(before[0] + 1)
    return Links(tuple(sorted(chosen)), frozenset(guessed))


@lru_cache(maxsize=65536)
def _transliterates(russian: str, english: str) -> bool:
    """A Russian word and an English word that spell the same name or loanword."""
    if len(russian) < 4 or len(english) < 4 or _DIGITS.search(russian) or not _LATIN.match(english):
        return False
    from rapidfuzz.distance import Levenshtein

    from qa.lang.ru.names import transliterations

    prefix = min(len(english), max(4, len(russian) - 2))  # «пандемия» / pandemic: endings differ
    return any(
        Levenshtein.normalized_similarity(v[:prefix], english[:prefix]) >= 0.75 for v in transliterations(russian)
    )


def rendering_of(i: int, links: Links, n_source: int, target: Sequence, is_content) -> list[int]:
    """The target words (indices) that render source word ``i``: its content-word links, or else the
    nearest unlinked content word beside the rendering of a linked neighbour ("Clouds" before
    "smoke" for «клубы дыма», "roadstead" after "Kronstadt" for «рейде Кронштадта», where the
    lexicon links nothing to «клубы» or «рейде»). ``target``: the target's tokens; ``is_content``:
    whether a token is a content word."""
    own = links.targets_of(i)
    if own:
        return [j for j in own if is_content(target[j])]
    taken = {j for _, j in links.pairs}
    for k in (i + 1, i - 1, i + 2, i - 2):
        if not 0 <= k < n_source:
            continue
        for j0 in links.targets_of(k):
            for step in (-1, 1, -2, 2) if k > i else (1, -1, 2, -2):
                j = j0 + step
                if 0 <= j < len(target) and j not in taken and is_content(target[j]):
                    return [j]
    return []


def rendering_span(source: str, span, target: str, source_morphology, target_morphology):
    """The target region that renders the source words inside ``span`` (a :class:`qa.records.Span`),
    from the word links; None where the target has no such region."""
    from qa.records import Span

    source_tokens = source_morphology.tokens(source)
    target_tokens = target_morphology.tokens(target)
    inside = [i for i, t in enumerate(source_tokens) if t.start < span.end and span.start < t.end]
    if not inside or not target_tokens:
        return None
    links = link_words([t.text for t in source_tokens], [t.text for t in target_tokens])
    links = Links(tuple(p for p in links.pairs if p not in links.guessed))  # a cue behind each link
    found: set[int] = set()
    for i in inside:
        word = source_tokens[i]

        def alike(token, word=word, i=i) -> bool:
            # where no cue links the word, only a word of its kind stands in for it: a capitalised
            # word for a name, digits for digits (not "left" for «Мир», "took" for «27 февраля»)
            if word.text[:1].isdigit():
                return token.text[:1].isdigit()
            return word.text[:1].isupper() and i > 0 and token.text[:1].isupper() and target_morphology.is_content(token)

        own = [j for j in links.targets_of(i) if target_morphology.is_content(target_tokens[j])]
        found.update(own or rendering_of(i, links, len(source_tokens), target_tokens, alike))
    found = sorted(found)
    if not found:
        return None
    return Span(target_tokens[found[0]].start, target_tokens[found[-1]].end)


def target_region(segment, span, source_morphology, target_morphology):
    """Where the target renders a source span of a segment: the model's cross-attention links when
    a model scored it, else the word links; None where the target has no such region."""
    from qa.records import Span

    if segment.model is not None and segment.model.alignment:
        hits = [t for s, t in segment.model.alignment if s.start < span.end and span.start < s.end]
        if hits:
            return Span(min(t.start for t in hits), max(t.end for t in hits))
    if not segment.target.strip():
        return None
    return rendering_span(segment.source, span, segment.target, source_morphology, target_morphology)
