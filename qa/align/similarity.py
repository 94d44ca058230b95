"""What the sentence aligner compares: character n-gram similarity of pivots (or anchors) with the
target, and cognates (transliterated word prefixes) near the same place on both sides."""

from __future__ import annotations

import re

import numpy as np

from qa.align.sparse import RecentRows, SparseRows

_HASH_DIM = 1 << 12
_MULTIPLIERS_3 = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9)
_MULTIPLIERS_4 = (0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB)

class Similarity:
    """One similarity channel: texts on the source side (pivots, or anchors) against texts on the
    target side, as weighted (1 - cosine) of character n-gram vectors, vectorised over targets.

    known[i] False: nothing is known of source i; links with it cost ``unknown``. When both sides
    of a link are empty texts (no anchors on either side), the link costs ``unknown`` too.

    The vectors are sparse (a sentence has a few hundred of the 4,096 hashed n-grams) and a
    source's dot products are computed for the band of targets the search asks for only, so memory
    grows with the length of the document, not with its square.
    """

    def __init__(
        self,
        left: list[str],
        right: list[str],
        known: np.ndarray,
        weight: float,
        unknown: float,
        part_weight: float,
        normalise: bool = False,
        typical: float = 0.9,
        reward: bool = False,
    ):
        vectors = _ngram_vectors(left + right)
        n = len(left)
        self.left_vectors = vectors.part(0, n)
        self.right_vectors = vectors.part(n, vectors.count)
        self.known = known
        self.weight = weight
        self.unknown = unknown
        self.part_weight = part_weight
        self.normalise = normalise
        self.reward = reward
        self.typical = typical
        p, t = self.left_vectors, self.right_vectors
        self.left_sq = p.squares()
        self.right_sq = t.squares()
        self.left_pair_sq = self.left_sq[:-1] + self.left_sq[1:] + 2 * p.next_dots()
        self.right_pair_sq = self.right_sq[:-1] + self.right_sq[1:] + 2 * t.next_dots()
        self._dot_cache = RecentRows()
        self.left_scale, self.right_scale = self._baselines()

    def _baselines(self) -> tuple[np.ndarray, np.ndarray]:
        """1 - mean cosine of each text with all texts on the other side (vecalign's
        normalisation: a generic sentence that resembles everything gains less). The mean of
        cosines is the cosine with the mean of unit vectors."""
        left_norm = np.sqrt(np.maximum(self.left_sq, 1e-12))
        right_norm = np.sqrt(np.maximum(self.right_sq, 1e-12))
        left_mean = self.left_vectors.column_sums(1.0 / left_norm) / max(len(left_norm), 1)
        right_mean = self.right_vectors.column_sums(1.0 / right_norm) / max(len(right_norm), 1)
        left = 1.0 - self.left_vectors.dots(right_mean) / left_norm
        right = 1.0 - self.right_vectors.dots(left_mean) / right_norm
        return np.maximum(left, 0.05), np.maximum(right, 0.05)

    def _dots(self, i: int, lo: int, hi: int) -> np.ndarray:
        """left[i] . right[j] for j in [lo, hi) (clipped to the document)."""
        lo, hi = max(lo, 0), min(hi, len(self.right_sq))
        cached = self._dot_cache.get(i, lo, hi)
        if cached is not None:
            return cached
        row = self.right_vectors.dots(self.left_vectors.dense(i), lo, hi)
        self._dot_cache.put(i, lo, row)
        return row

    def cost(self, sources: tuple[int, ...], j0: np.ndarray, span: int) -> np.ndarray:
        """Cost of linking ``sources`` with targets j0..j0+span-1, for each j0."""
        if not all(self.known[i] for i in sources):
            return np.full(len(j0), self.unknown)
        lo, hi = int(j0.min()), int(j0.max()) + span
        rows = [self._dots(i, lo, hi) for i in sources]
        parts = [row[j0 - lo + k] for row in rows for k in range(span)]
        dot = np.sum(parts, axis=0)
        psq = self.left_sq[sources[0]] if len(sources) == 1 else self.left_pair_sq[sources[0]]
        tsq = self.right_sq[j0] if span == 1 else self.right_pair_sq[j0]
        similarity = _cosine(dot, psq * tsq)
        if len(parts) > 1:
            # A merge must be supported by each of its parts, not only by the whole: a short
            # sentence absorbed into a merge lowers the whole's cosine only a little. A part's
            # support is its cosine with the other side, scaled up by the share it should have
            # of its own side (so that a part fully present scores like the whole).
            if len(sources) == 2:
                whole = np.sqrt(self.left_pair_sq[sources[0]])
                part_norms = [np.sqrt(self.left_sq[i]) for i in sources]
                part_cosines = [_cosine(parts[k], self.left_sq[i] * tsq) for k, i in enumerate(sources)]
            else:
                whole = np.sqrt(tsq)
                part_norms = [np.sqrt(self.right_sq[j0 + k]) for k in range(span)]
                part_cosines = [_cosine(parts[k], psq * self.right_sq[j0 + k]) for k in range(span)]
            # an empty part (no anchors in it) neither supports nor weakens the merge
            support = [
                np.where(
                    n > 0,
                    np.minimum(1.0, np.divide(c * whole, n, out=np.zeros_like(c), where=n > 0)),
                    similarity,
                )
                for c, n in zip(part_cosines, part_norms, strict=True)
            ]
            similarity = (1.0 - self.part_weight) * similarity + self.part_weight * np.minimum(*support)
        if self.reward:
            # anchors on one side only (names or numbers gone missing) cost ``unknown``
            return np.where(
                (psq == 0) | (tsq == 0),
                np.where((psq == 0) & (tsq == 0), 0.0, self.unknown),
                -self.weight * similarity,
            )
        cost = self.weight * (1.0 - similarity)
        if self.normalise:
            left = np.mean([self.left_scale[i] for i in sources])
            right = (
                self.right_scale[j0] if span == 1 else (self.right_scale[j0] + self.right_scale[j0 + 1]) / 2
            )
            cost = cost * (2.0 * self.typical / (left + right))
        return np.where((psq == 0) & (tsq == 0), self.unknown, cost)


NEARBY = 10
"""Cognates count for a link only when the other side has them within this many sentences of
the same relative position (so a long document's vocabulary does not penalise every link)."""


def _nearby(own: SparseRows, other: SparseRows) -> SparseRows:
    """The entries of ``own`` (one row per sentence of one side: 0/1 word presence) whose word the
    other side's sentences near the same relative position have (rows of ``other``)."""
    size, count = other.count, own.count
    centre = np.rint(np.arange(count) * size / max(count, 1)).astype(np.int64)
    lo = np.clip(centre - NEARBY, 0, size)
    hi = np.clip(centre + NEARBY + 1, 0, size)
    # every (word, sentence) of the other side as one sorted key; a window holds the word when a
    # key falls between (word, lo) and (word, hi)
    keys = np.sort(other.columns * (size + 1) + other.rows)
    rows, words = own.rows, own.columns
    found = np.searchsorted(keys, words * (size + 1) + hi[rows]) > np.searchsorted(keys, words * (size + 1) + lo[rows])
    return SparseRows(count, own.width, rows[found] * own.width + words[found], own.values[found])


class Cognates:
    """Cognates on both sides of a link, vectorised over targets.

    A sentence's cognates are its words (as keys, see ``_cognate_words``) that the other side has
    near the same relative position (within NEARBY sentences): words with no counterpart there
    (most non-cognates, function words) say nothing. A link gains ``reward`` for each cognate on
    both of its sides and pays ``miss`` for each one on one side only. Markers (None) have no words.
    Word presence is held in sparse rows, so memory grows with the document's length.
    """

    def __init__(self, left: list[list[str]], right: list[list[str]], reward: float, miss: float):
        shared = {w for words in left for w in words} & {w for words in right for w in words}
        vocabulary = {w: k for k, w in enumerate(sorted(shared))}

        width = max(len(vocabulary), 1)

        def presence(texts: list[list[str]]) -> SparseRows:
            keys = [row * width + vocabulary[w] for row, words in enumerate(texts) for w in words if w in vocabulary]
            unique = np.unique(np.array(keys, dtype=np.int64))
            return SparseRows(len(texts), width, unique, np.ones(len(unique), dtype=np.float32))

        left_words, right_words = presence(left), presence(right)
        left_words, right_words = _nearby(left_words, right_words), _nearby(right_words, left_words)
        # index 0: one sentence; index 1: a sentence and the next (the words of either)
        self.left = [left_words, left_words.with_next()]
        self.right = [right_words, right_words.with_next()]
        self.left_count = [words.sums() for words in self.left]
        self.right_count = [words.sums() for words in self.right]
        self.reward = reward
        self.miss = miss
        self._cache = {(ds, dt): RecentRows() for ds in (1, 2) for dt in (1, 2)}

    def _found(self, i: int, ds: int, dt: int, lo: int, hi: int) -> np.ndarray:
        """Cognates of sources i.. (ds of them) also in targets j.. (dt of them), for j in [lo, hi)."""
        right = self.right[dt - 1]
        lo, hi = max(lo, 0), min(hi, right.count)
        cache = self._cache[(ds, dt)]
        cached = cache.get(i, lo, hi)
        if cached is not None:
            return cached
        found = right.dots(self.left[ds - 1].dense(i), lo, hi)
        cache.put(i, lo, found)
        return found

    def cost(self, sources: tuple[int, ...], j0: np.ndarray, span: int) -> np.ndarray:
        """Cost of linking ``sources`` with targets j0..j0+span-1, for each j0."""
        i, ds = sources[0], len(sources)
        lo = int(j0.min())
        found = self._found(i, ds, span, lo, int(j0.max()) + 1)[j0 - lo]
        one_side = self.left_count[ds - 1][i] + self.right_count[span - 1][j0] - 2.0 * found
        return self.miss * one_side - self.reward * found


_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )
)
_WORD = re.compile(r"\w+|[?!:;()\"«»“”„%$€]")
# punctuation that a translation tends to keep, under one name per kind
_PUNCTUATION = {
    "?": "qmark",
    "!": "xmark",
    ":": "colon",
    ";": "semicolon",
    "(": "paren",
    ")": "paren",
    "%": "percent",
    "$": "dollar",
    "€": "euro",
} | dict.fromkeys('"«»“”„', "quote")


def source_anchors(text: str) -> str:
    """Numbers, punctuation, capitalised words (not the first) and Latin-script words of a source
    sentence, transliterated to Latin."""
    out = []
    for k, word in enumerate(_WORD.findall(text)):
        if word in _PUNCTUATION:
            out.append(_PUNCTUATION[word])
        elif any(ch.isdigit() for ch in word):
            out.append("".join(ch for ch in word if ch.isdigit()))
        elif (k > 0 and word[0].isupper()) or word.isascii():
            out.append("".join(_TRANSLIT.get(ch, ch) for ch in word.lower()).replace("_", ""))
    return " ".join(out)


def target_anchors(text: str) -> str:
    """Numbers, punctuation and capitalised words (not the first) of a target sentence."""
    out = []
    for k, word in enumerate(_WORD.findall(text)):
        if word in _PUNCTUATION:
            out.append(_PUNCTUATION[word])
        elif any(ch.isdigit() for ch in word):
            out.append("".join(ch for ch in word if ch.isdigit()))
        elif k > 0 and word[0].isupper():
            out.append(word.lower())
    return " ".join(out)


# Latin spellings that transliteration and English disagree on, folded alike (prezident /
# president, khokkei / hockey: kh and h are dropped)
_COGNATE_FOLD = str.maketrans(
    {"z": "s", "c": "k", "q": "k", "w": "v", "x": "ks", "y": "i", "j": "i", "f": "p", "h": ""}
)
_COGNATE_LETTERS = 4


def _cognate_words(latin: str) -> list[str]:
    """Cognate keys of a Latin-script text: its words of three letters or more (after folding) cut
    to their first four letters, and its numbers."""
    return [
        word[:_COGNATE_LETTERS]
        for word in re.findall(r"\w+", latin.replace("kh", "").translate(_COGNATE_FOLD))
        if len(word) >= 3 or word.isdigit()
    ]


def source_cognates(text: str) -> list[str]:
    """Words of a source sentence as cognate keys (transliterated)."""
    return _cognate_words("".join(_TRANSLIT.get(ch, ch) for ch in text.lower()).replace("_", ""))


def target_cognates(text: str) -> list[str]:
    """Words of a target sentence as cognate keys."""
    return _cognate_words(text.lower())




def _cosine(dot: np.ndarray, squared_norms: np.ndarray) -> np.ndarray:
    denominator = np.sqrt(squared_norms)
    return np.divide(dot, denominator, out=np.zeros_like(dot), where=denominator > 0)




def _ngram_vectors(texts: list[str], chunk: int = 4096):
    """TF-IDF weighted, hashed character 3- and 4-gram counts, one row per text (sparse rows of
    float32; texts are hashed a chunk at a time, so memory follows the document).

    The hash is computed with numpy over code points, so it is the same in
    every process (Python's own string hash is salted per process).
    """
    rows, columns, tallies = [], [], []
    for first in range(0, len(texts), chunk):
        row, column, tally = _ngram_counts(texts[first : first + chunk])
        rows.append(row + first)
        columns.append(column)
        tallies.append(tally)
    row = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    column = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
    tally = np.concatenate(tallies) if tallies else np.zeros(0, dtype=np.float32)
    df = np.bincount(column, minlength=_HASH_DIM)  # each (text, n-gram) pair is counted once
    idf = np.log((len(texts) + 1) / (df + 1)).astype(np.float32) + 1.0
    values = np.sqrt(tally) * idf[column]
    return SparseRows(len(texts), _HASH_DIM, row * _HASH_DIM + column, values.astype(np.float32, copy=False))


def _ngram_counts(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(text, hashed n-gram, count) of the n-grams of some texts, each pair once."""
    padded = [f" {' '.join(t.lower().split())} \x00" for t in texts]
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(texts)), [len(p) for p in padded])
    keys = []
    for size, multipliers in ((3, _MULTIPLIERS_3), (4, _MULTIPLIERS_4)):
        if len(codes) < size:
            continue
        count = len(codes) - size + 1
        h = np.zeros(count, dtype=np.uint64)
        for k, factor in enumerate(multipliers):
            h += codes[k : k + count] * np.uint64(factor)
        valid = (owner[:count] == owner[size - 1 :]) & (codes[size - 1 :] != 0)
        bucket = (h[valid] >> np.uint64(29)) % np.uint64(_HASH_DIM)
        keys.append(owner[:count][valid].astype(np.int64) * _HASH_DIM + bucket.astype(np.int64))
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    unique, tally = np.unique(np.concatenate(keys), return_counts=True)
    return unique // _HASH_DIM, unique % _HASH_DIM, tally.astype(np.float32)
