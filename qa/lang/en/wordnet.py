"""English synonyms and antonyms from Princeton WordNet 3.0, as Debian's ``wordnet-base`` installs it.

WordNet's database files are read as they are (``index.<pos>`` for a lemma's synsets, the byte
offsets into ``data.<pos>`` for each synset's words and pointers); nothing is copied into mtqa
(WordNet's licence is permissive, but 30 MB would be a heavy wheel). Where the files are absent
(:data:`WORDNET` missing, other platforms), :func:`wordnet` returns None and the checks that ask
for synonyms fall back to lemmas alone; ``mtqa checks`` says so.

Install it with ``apt-get install wordnet-base``, or point ``MTQA_WORDNET`` at a folder holding
``index.noun``, ``data.noun`` and the other parts of speech.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

WORDNET = Path("/usr/share/wordnet")
POS = ("noun", "verb", "adj", "adv")


class WordNet:
    """Lemma → synsets, synset → words and antonyms, read lazily from one WordNet folder.

    A lemma is looked up in ``index.<pos>`` by binary search over its sorted lines (as WordNet's
    own library does), not by reading the index whole (0.3 s a run, for the few hundred lemmas a
    document asks about); each answer is kept for the run."""

    def __init__(self, root: Path):
        self.root = root
        self._index: dict[str, dict[str, tuple[int, ...]]] = {pos: {} for pos in POS}
        self._synsets: dict[tuple[str, int], tuple[tuple[str, ...], tuple[tuple[str, int, int], ...]]] = {}
        self._files: dict[str, object] = {}
        self._maps: dict[str, tuple[Any, int]] = {}
        self._answers: dict[tuple[str, str, frozenset[str] | None], frozenset[str]] = {}

    def _lemma_offsets(self, pos: str, key: str) -> tuple[int, ...]:
        """The synset offsets of ``key`` (a lemma, lower case, spaces as _) in ``index.<pos>``."""
        held = self._index[pos]
        offsets = held.get(key)
        if offsets is None:
            line = _index_line(*self._mapped(pos), key.encode("utf-8"))
            offsets = ()
            if line is not None:
                fields = line.decode("utf-8", "replace").split()
                n_synsets, n_pointers = int(fields[2]), int(fields[3])
                offsets = tuple(int(o) for o in fields[6 + n_pointers : 6 + n_pointers + n_synsets])
            held[key] = offsets
        return offsets

    def _mapped(self, pos: str) -> tuple[Any, int]:
        """``index.<pos>`` mapped into memory, and where its first lemma's line starts (after the licence)."""
        held = self._maps.get(pos)
        if held is None:
            import mmap

            with open(self.root / f"index.{pos}", "rb") as f:
                data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            start = 0
            while data[start : start + 1] == b" ":  # the licence header: lines that begin with a space
                start = data.find(b"\n", start) + 1
            held = self._maps[pos] = (data, start)
        return held

    def _synset(self, pos: str, offset: int):
        key = (pos, offset)
        held = self._synsets.get(key)
        if held is None:
            f = self._files.get(pos)
            if f is None:
                f = self._files[pos] = open(self.root / f"data.{pos}", "rb")  # noqa: SIM115 - kept open for seeks
            f.seek(offset)
            fields = f.readline().decode("utf-8", "replace").split()
            n_words = int(fields[3], 16)
            words = tuple(fields[4 + 2 * k].lower().split("(")[0] for k in range(n_words))
            at = 4 + 2 * n_words
            n_pointers = int(fields[at])
            pointers = []
            for k in range(n_pointers):
                symbol, target, target_pos, source_target = fields[at + 1 + 4 * k : at + 5 + 4 * k]
                if symbol in _KEPT:
                    pointers.append((symbol, _POS_OF[target_pos], int(target), int(source_target, 16)))
            held = self._synsets[key] = (words, tuple(pointers))
        return held

    def synsets(self, lemma: str) -> list[tuple[str, int]]:
        key = lemma.lower().replace(" ", "_")
        return [(pos, o) for pos in POS for o in self._lemma_offsets(pos, key)]

    def _answer(self, kind: str, lemma: str, relations: frozenset[str] | None, find) -> frozenset[str]:
        """``find()``, computed once a run for each (kind, lemma, relations)."""
        key = (kind, lemma, relations)
        held = self._answers.get(key)
        if held is None:
            held = self._answers[key] = find()
        return held

    def synonyms(self, lemma: str) -> frozenset[str]:
        """Every word sharing a synset with ``lemma`` (lower case, phrases with spaces), itself included."""
        return self._answer("synonyms", lemma, None, lambda: self._synonyms(lemma))

    def _synonyms(self, lemma: str) -> frozenset[str]:
        out = {lemma.lower()}
        for pos, offset in self.synsets(lemma):
            out.update(w.replace("_", " ") for w in self._synset(pos, offset)[0])
        return frozenset(out)

    def related(self, lemma: str, relations: frozenset[str] | None = None) -> frozenset[str]:
        """The synonyms, and the words one WordNet relation away from any sense of ``lemma``:
        similar adjectives (needed / necessary), derivations (arrest / arrested), participles,
        "also see", and the hypernyms of its senses (aircraft / airplane, detain / arrest); or only
        those of the ``relations`` given (pointer symbols: "+" for derivations)."""
        return self._answer("related", lemma, relations, lambda: self._related(lemma, relations))

    def _related(self, lemma: str, relations: frozenset[str] | None) -> frozenset[str]:
        relations = _KEPT if relations is None else relations
        out = set(self.synonyms(lemma))
        for pos, offset in self.synsets(lemma):
            for symbol, target_pos, target, _ in self._synset(pos, offset)[1]:
                if symbol in relations and symbol != "!":
                    out.update(w.replace("_", " ") for w in self._synset(target_pos, target)[0])
        return frozenset(out)

    def antonyms(self, lemma: str) -> frozenset[str]:
        """The words WordNet marks as antonyms of ``lemma`` in any of its senses."""
        return self._answer("antonyms", lemma, None, lambda: self._antonyms(lemma))

    def _antonyms(self, lemma: str) -> frozenset[str]:
        key = lemma.lower().replace(" ", "_")
        out = set()
        for pos, offset in self.synsets(lemma):
            words, pointers = self._synset(pos, offset)
            for symbol, target_pos, target, source_target in pointers:
                if symbol != "!":  # antonym: a lexical pointer, word to word
                    continue
                source_word, target_word = source_target >> 8, source_target & 0xFF
                if source_word and words[source_word - 1] != key:
                    continue
                target_words = self._synset(target_pos, target)[0]
                chosen = [target_words[target_word - 1]] if target_word else list(target_words)
                out.update(w.replace("_", " ") for w in chosen)
        return frozenset(out)


def _index_line(data: Any, start: int, key: bytes) -> bytes | None:
    """The line of ``data`` (from ``start`` on, lines sorted by their first word, byte by byte) whose
    first word is ``key``, or None: a binary search over lines."""
    lo, hi = start, len(data)
    while lo < hi:  # lo and hi are where lines start
        mid = (lo + hi) // 2
        newline = data.rfind(b"\n", lo, mid)
        begin = lo if newline < 0 else newline + 1
        end = data.find(b"\n", begin)
        end = len(data) if end < 0 else end
        space = data.find(b" ", begin, end)
        word = data[begin : end if space < 0 else space]
        if word == key:
            return data[begin:end]
        if word < key:
            lo = end + 1
        else:
            hi = begin
    return None


#: the pointers kept: antonym, similar to, derivation, participle, also see, hypernym, instance hypernym
_KEPT = frozenset({"!", "&", "+", "<", "^", "@", "@i"})
_POS_OF = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


@lru_cache(maxsize=1)
def wordnet() -> WordNet | None:
    """The installed WordNet (``MTQA_WORDNET`` or Debian's folder), or None where there is none."""
    root = Path(os.environ.get("MTQA_WORDNET") or WORDNET)
    if all((root / f"index.{pos}").is_file() and (root / f"data.{pos}").is_file() for pos in POS):
        return WordNet(root)
    return None
