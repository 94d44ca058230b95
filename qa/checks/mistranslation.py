"""Renderings of source words that no retranslation supports (the word-level pivot comparison)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qa.align.lexicon import Lexicon, stem
from qa.align.words import _transliterates, link_words, rendering_of
from qa.checks.base import CheckContext, check
from qa.lang.morphology import Token, fold
from qa.records import Finding, Segment, Severity, Span, Suggestion

#: a target stem linked this many times to the source stem in the lexicon is a known translation
KNOWN = 3
#: a target word the model gives a mean log-probability below this is unlikely there (one level up)
UNLIKELY = -4.0


@dataclass(frozen=True)
class _Side:
    """One English text of the segment (the target or a pivot): its tokens and what they match by."""

    tokens: list[Token]
    keys: frozenset[str]  # every surface and lemma
    stems: frozenset[str]

    @classmethod
    def of(cls, tokens: list[Token]) -> _Side:
        return cls(tokens, frozenset(k for t in tokens for k in t.keys), frozenset(stem(t.text) for t in tokens))


@check(
    "mistranslation",
    Severity.MINOR,
    source=("lemmas", "word-links"),
    target=("english", "synonyms"),
    reads=("alignment",),
)
def mistranslation(segment: Segment, ctx: CheckContext) -> Iterator[Finding]:
    """A source word rendered in the target by words that no retranslation (pivot) supports.

    Every content word of the source (nouns, verbs, adjectives, adverbs, names; not function
    words or reported-speech verbs) is linked to its rendering in the target and in each pivot
    (:mod:`qa.align.words`: a word-translation table learned by eflomal, identical words,
    transliterations, the model's cross-attention when a model scored the target). The target's
    rendering passes when any pivot supports it: the same lemma or stem anywhere in the pivot, or
    a WordNet synonym of it; or when the target has the pivot's rendering somewhere else (the links
    slipped). What remains is a finding with both spans and the pivot's rendering as the
    suggestion (origin ``pivot``). Severity from the evidence: major when the target's word is a
    WordNet antonym of the pivot's ("small" for "large", "lost" for "won"), or when the source word
    is a name (capitalised inside the sentence) that the pivot spells and the target translates or
    changes; minor for a name misspelt (a letter lost), when two pivots agree on the lexicon's usual
    translation of the word and the target's words are no known translation of it, or when the
    source word is rare (seen fewer than about 3,000 times in a billion words of Russian news, and
    hardly in the lexicon's parallel text: a term, slang) and every pivot renders it by other words
    than the target's unknown ones; info otherwise (a known translation that one pivot words
    differently is a second opinion, not an error), or when the model
    finds the target's words likely. Without a pivot the check is silent. Russian→English only
    (the lexicon).
    """
    comparison = compare_words(segment, ctx)
    if comparison is None:
        return
    source, target, others, lexicon, to_target, to_pivots = comparison
    source_morph, target_morph = ctx.source.morphology, ctx.target.morphology
    flagged: set[tuple[int, int]] = set()
    for i, word in enumerate(source):
        if not source_morph.is_content(word):
            continue
        rendering = rendering_in(i, to_target, target, source, target_morph)
        if not rendering:
            continue  # rendered by function words only, or nowhere: omission's business
        against = []
        supported = False
        for pivot, links in zip(others, to_pivots, strict=True):
            theirs = rendering_in(i, links, pivot, source, target_morph)
            if not theirs:
                continue  # this pivot has no content word for it: it abstains
            if supports(rendering, pivot, ctx) or supports(theirs, target, ctx):
                supported = True
                break
            against.append(theirs)
        if supported or not against:
            continue
        if _renders_another(rendering, i, source, lexicon) or any(t.text.isupper() for t in (*rendering, word)):
            continue  # the links slipped onto another word's rendering, or an acronym (expanded or not)
        span = Span(rendering[0].start, rendering[-1].end)
        if (span.start, span.end) in flagged:
            continue
        finding = _finding(segment, word, rendering, against, span, lexicon, len(others), ctx)
        if finding is not None:
            flagged.add((span.start, span.end))
            yield finding
    for finding in _opposites(segment, source, target, others, to_pivots, lexicon, ctx):
        if (finding.target_span.start, finding.target_span.end) not in flagged:
            flagged.add((finding.target_span.start, finding.target_span.end))
            yield finding


def compare_words(segment: Segment, ctx: CheckContext):
    """The word links of the source to the target and to each pivot, built once per segment for
    mistranslation and omitted-words (:mod:`qa.checks.omitted`): (source tokens, target, pivots, lexicon, links to the target,
    links to each pivot); None without a pivot or text."""
    pivots = segment.pivots
    if not pivots or not segment.source.strip() or not segment.target.strip():
        return None

    def build():
        source_morph, target_morph = ctx.source.morphology, ctx.target.morphology
        source = source_morph.tokens(segment.source)
        target = _Side.of(target_morph.tokens(segment.target))
        others = [_Side.of(target_morph.tokens(p)) for p in pivots]
        lexicon: Lexicon = ctx.source.lexicon()
        words = [t.text for t in source]
        to_target = link_words(words, [t.text for t in target.tokens], lexicon, _model_links(segment, source, target))
        to_pivots = [link_words(words, [t.text for t in p.tokens], lexicon) for p in others]
        return source, target, others, lexicon, to_target, to_pivots

    # kept per document for the check that runs second (the runner runs each check over every
    # segment in turn), and dropped there: at most one document's links are held
    held: dict[int, tuple] = ctx.memo("word-comparison", dict, owner=ctx.document)
    key = id(segment)
    if key in held and held[key][0] is segment:
        return held.pop(key)[1]
    comparison = build()
    held[key] = (segment, comparison)
    return comparison


#: a negator just before a word turns its antonym into a paraphrase ("not legal" for "illegal")
_NEGATED = re.compile(r"\b(?:not|no|never|n't|without|nor|neither)\W+(?:\w+\W+)?$", re.IGNORECASE)


def _opposites(segment, source, target: _Side, others, to_pivots, lexicon: Lexicon, ctx) -> Iterator[Finding]:
    """A target word whose WordNet antonym a pivot has in its place: "fewer than" where the pivot has
    "more than", "light" rain for "heavy". The pivot's word must render a source word (its links), the
    lexicon must side with the pivot (the source word is linked to the pivot's word more often than
    to the target's: «сутки» is "day", not "night"), neither text may have the other's word or a
    WordNet relative of it ("hot" beside the pivot's "heat"), both must be content words ("off" /
    "on"), and no negator may stand just before either ("not legal" paraphrases "illegal")."""
    for token in target.tokens:
        if not token.text.isalpha() or token.text[:1].isupper() or len(token.text) < 3:
            continue
        opposites = set().union(*(ctx.target.antonyms(key) for key in token.keys)) - token.keys
        if not opposites or _NEGATED.search(segment.target[: token.start]):
            continue
        for pivot, text, links in zip(others, segment.pivots, to_pivots, strict=True):
            if token.keys & pivot.keys:
                break  # the pivot has the target's word too: no contradiction
            theirs = next((p for p in pivot.tokens if p.keys & opposites and not p.keys & target.keys), None)
            if theirs is None or _NEGATED.search(text[: theirs.start]):
                continue
            if _kin(theirs, target, token, ctx) or _kin(token, pivot, theirs, ctx):
                continue  # "hot" in the target, "heat" in the pivot: the contrast is the sentence's own
            j = pivot.tokens.index(theirs)
            content = ctx.source.morphology.is_content
            # the source words linked to the pivot's word, else the one whose rendering's gap it fills
            linked = links.sources_of(j) or [
                i for i in range(len(source)) if j in rendering_of(i, links, len(source), pivot.tokens, ctx.target.morphology.is_content)
            ]
            sources = [source[i] for i in linked if content(source[i])]
            sided = [w for w in sources if lexicon.count(stem(w.text), stem(theirs.text)) >= lexicon.count(stem(w.text), stem(token.text))]
            if not sided:
                # a word the lexicon does not weigh («других» for "other"/"same"): the pivot's word in
                # the target word's very frame (the same words before and after) stands in its place
                near = [source[i] for i in linked]
                if sources or not near or not _same_frame(target.tokens, token, pivot.tokens, theirs):
                    continue
                sided = near
            word = sided[0]
            yield _found(segment, word, Span(token.start, token.end), [[theirs]], len(others), Severity.MAJOR,
                         f"the opposite of \"{theirs.text}\"")
            break


def _same_frame(tokens: list[Token], token: Token, others: list[Token], other: Token) -> bool:
    """Whether the words just before and just after two tokens are the same ("and same states" /
    "and other states"; the start or end of a text counts as a word)."""
    def frame(side: list[Token], t: Token) -> tuple:
        k = side.index(t)
        return (side[k - 1].text.lower() if k else None, side[k + 1].text.lower() if k + 1 < len(side) else None)

    return frame(tokens, token) == frame(others, other)


def rendering_in(i: int, links, side: _Side, source: list[Token], morphology) -> list[Token]:
    """The content words of ``side`` that render source word ``i`` (:func:`qa.align.words.rendering_of`)."""
    return [side.tokens[j] for j in rendering_of(i, links, len(source), side.tokens, morphology.is_content)]


def _renders_another(rendering: Sequence[Token], i: int, source: list[Token], lexicon: Lexicon) -> bool:
    """Whether the target's words translate another word of the source (the lexicon links them)."""
    stems = {stem(t.text) for t in rendering}
    return any(k != i and any(lexicon.count(stem(w.text), s) for s in stems) for k, w in enumerate(source))


def supports(words: Sequence[Token], side: _Side, ctx: CheckContext) -> bool:
    """Whether a text has any of the words: by lemma, stem, or a WordNet relative (a synonym or a
    word one relation away)."""
    for token in words:
        if token.keys & side.keys:
            return True
        if stem(token.text) in side.stems and not token.text[:1].isupper():
            return True  # a name must be spelled the same: "Furgala" is not "Furgal"
        related = set().union(*(ctx.target.synonyms(key) for key in token.keys))
        if related & side.keys:
            return True
    return False


def _finding(segment, word: Token, rendering, against, span: Span, lexicon: Lexicon, n_pivots: int, ctx) -> Finding | None:
    source_stem = stem(word.text)
    opposite = _opposite(word, rendering, against, lexicon, ctx)
    if opposite is not None:
        return _found(segment, word, span, against, n_pivots, Severity.MAJOR, f"the opposite of \"{opposite}\"")
    forms = {fold(word.text), *word.keys}  # «Орле»: its lemma «орел» spells Orel
    name = word.text[:1].isupper()
    pivot_spells = any(_transliterates(f, fold(t.text)) for f in forms for t in against[0])
    if any(_transliterates(f, fold(t.text)) for f in forms for t in rendering):
        # the target spells the source word in Latin letters: a finding only where it is a misspelling
        # of a name (a letter lost: "hukov"; a case ending kept: "Furgala") and the pivot spells it right
        if not (name and pivot_spells):
            return None
        lemmas = {lemma for lemma, _ in word.analyses} or word.keys  # its citation forms
        spellings = set().union(*(ctx.source.transliterations(lemma) for lemma in lemmas))
        if any(fold(t.text) in spellings for t in rendering) or not any(fold(t.text) in spellings for t in against[0]):
            return None  # a standard spelling (Evmenov, Yevmenov), or the pivot cannot vouch for one
        if {_vowels(t.text) for t in rendering} & {_vowels(t.text) for t in against[0]}:
            return None  # Stoiky / Stoyky: the same letters but for i and y
        if any(_ORIGINAL.search(t.text.lower()) for t in rendering):  # standard spellings passed above
            return None  # Mahrez, Krychowiak: the name's own spelling, which the pivot transliterated
        return _found(segment, word, span, against, n_pivots, Severity.MINOR, "a misspelling of the name")
    known = any(lexicon.count(source_stem, stem(t.text)) for t in rendering)
    pivot_known = any(lexicon.count(source_stem, stem(t.text)) for t in against[0])
    agree = len(against) >= 2 and supports(against[0], _Side.of(list(against[1])), ctx)
    if name and pivot_spells and _variant_of(rendering, against[0]):
        severity = Severity.INFO  # Pyotr / Petr: another spelling of the name the pivot spells
    elif name and pivot_spells:
        severity = Severity.MAJOR  # a name translated word by word, or changed, where the pivot spells it
    elif not known and agree and pivot_known and _strong(word, against, lexicon):
        severity = Severity.MINOR  # two pivots agree on the translation of the word, the target's is none
    elif not known and len(against) == n_pivots and _rare(word, lexicon, ctx):
        severity = Severity.MINOR  # a rare word (a term, slang) whose rendering nothing vouches for
    else:
        severity = Severity.INFO  # a second opinion, not evidence of an error
    logprob = _logprob(segment, span)
    if logprob is not None and severity is not Severity.INFO:
        if logprob > -1.0:
            severity = Severity.INFO  # the model finds the target's words likely there
        elif logprob < UNLIKELY and severity is Severity.MINOR:
            severity = Severity.MAJOR
    why = "a known translation" if known else "not a known translation of it"
    if severity is Severity.MINOR and not agree and not name:
        why = "a rare word, and not a known translation of it"
    return _found(segment, word, span, against, n_pivots, severity, why)


#: letters no transliteration of Russian gives (w, q, x, h after a vowel, th,
#: a doubled consonant, an accented letter): a foreign name's own spelling (Thaddeus, León)
_ORIGINAL = re.compile(r"[wqx]|[aeiou]h|th|([bdfgklmnprstvz])\1|[^\x00-\x7f]")



def _strong(word: Token, against, lexicon: Lexicon) -> bool:
    """Whether the pivots' word is the lexicon's usual translation of the source word (the one it links
    most often): "clouds" would not be for «клубы», "Saints" is for «святых» but "St" renders it too."""
    source_stem = stem(word.text)
    best = lexicon.best(source_stem)
    return any(lexicon.count(source_stem, stem(t.text)) >= max(best, 1) for t in against[0]) and best >= 20


#: a word form seen fewer than 10**RARE_NEWS times in navec's billion words of Russian news, and
#: linked at most RARE_LINKS times to any one English word in the lexicon, is rare: a term, slang
RARE_NEWS, RARE_LINKS = 3.5, 4


def _rare(word: Token, lexicon: Lexicon, ctx: CheckContext) -> bool:
    """Whether the source word is rare in news and in the lexicon's parallel text: the words an MT
    engine most often renders by a wrong sense («шайбу» as "washer", «запое» as "breath"), and
    where a retranslation that disagrees is evidence, not a second opinion."""
    return lexicon.best(stem(word.text)) <= RARE_LINKS and ctx.source.word_frequency(word.text) < RARE_NEWS


def _variant_of(rendering: Sequence[Token], theirs: Sequence[Token]) -> bool:
    """Capitalised words that begin alike, are as long and share most letters: spellings of one name
    (Pyotr / Petr; not Remyako / Remenyako, a syllable lost, nor Lavrov / Lazarev)."""
    from rapidfuzz.distance import Levenshtein

    return any(
        a.text[:1].isupper() and fold(a.text)[:1] == fold(b.text)[:1] and abs(len(a.text) - len(b.text)) <= 1
        and Levenshtein.normalized_similarity(fold(a.text), fold(b.text)) >= 0.6
        for a in rendering for b in theirs
    )  # fmt: skip


def _kin(word: Token, side: _Side, but: Token, ctx: CheckContext) -> bool:
    """Whether a text has, besides the token ``but``, the word's stem, a WordNet synonym ("start"
    for "begin"), or a derived form that begins alike (hot / heat; not all of WordNet's wider kin,
    which makes "expect" kin to "heavy")."""
    synonyms = set().union(*(ctx.target.synonyms(key, relatives=False) for key in word.keys))
    derived = set().union(*(ctx.target.derived_forms(key) for key in word.keys))
    start = fold(word.text)[:2]
    return any(
        t is not but
        and (stem(t.text) == stem(word.text) or t.keys & synonyms or (t.keys & derived and fold(t.text)[:2] == start))
        for t in side.tokens
    )


def _opposite(word: Token, rendering: Sequence[Token], against, lexicon: Lexicon, ctx: CheckContext) -> str | None:
    """A pivot's word of which the target's word is a WordNet antonym ("small" where the pivots have
    "large") and that the lexicon links to the source word more often (so not "night" for «сутки»
    where the target has "day"), or None."""
    source_stem = stem(word.text)
    for token in rendering:
        opposites = set().union(*(ctx.target.antonyms(key) for key in token.keys))
        for theirs in against:
            for other in theirs:
                if other.keys & opposites and lexicon.count(source_stem, stem(other.text)) >= lexicon.count(source_stem, stem(token.text)):
                    return other.text
    return None


def _vowels(word: str) -> str:
    return re.sub(r"[iyj]+", "i", fold(word))


def _found(segment, word: Token, span: Span, against, n_pivots: int, severity: Severity, why: str) -> Finding:
    suggestion = " ".join(t.text for t in against[0])
    theirs = f"{len(against)} of {n_pivots} retranslations" if n_pivots > 1 else "the retranslation"
    return Finding(
        severity=severity,
        source_span=Span(word.start, word.end),
        target_span=span,
        message=f"«{word.text}» is rendered \"{span.text(segment.target)}\" ({why}); "
        f"{theirs} {'have' if len(against) > 1 else 'has'} \"{suggestion}\"",
        suggestions=[Suggestion(text=suggestion, origin="pivot")],
    )


def _model_links(segment: Segment, source: list[Token], target: _Side) -> set[tuple[int, int]]:
    """The model's cross-attention links as word indices (empty without a model score)."""
    if segment.model is None or not segment.model.alignment:
        return set()
    out = set()
    for s_span, t_span in segment.model.alignment:
        i = _index_at(source, s_span)
        j = _index_at(target.tokens, t_span)
        if i is not None and j is not None:
            out.add((i, j))
    return out


def _index_at(tokens: list[Token], span: Span) -> int | None:
    for k, token in enumerate(tokens):
        if token.start < span.end and span.start < token.end:
            return k
    return None


def _logprob(segment: Segment, span: Span) -> float | None:
    """The model's mean log-probability of the target tokens inside ``span`` (None without a model)."""
    if segment.model is None or not segment.model.tokens:
        return None
    inside = [t.logprob for t in segment.model.tokens if t.span and t.span.start < span.end and span.start < t.span.end]
    return sum(inside) / len(inside) if inside else None

