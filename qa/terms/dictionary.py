"""A Russian→English dictionary of literal equivalents, for the figurative check and for suggestions.

Two sources, merged:

- ``qa/data/dictionary-ru-en.tsv``: a small list written for mtqa (Apache-2.0)
  of words Russian news uses figuratively («слоны», «раздражители», «кнут и
  пряник», ...) and of common political terms, with their literal renderings.
- optionally, FreeDict English–Russian (GPL-2.0-or-later, ~1,700 headwords),
  reversed, read at run time from Debian's ``dict-freedict-eng-rus`` package
  (``load_dictionary(freedict=FREEDICT)``; it is not copied into mtqa, whose
  licence differs). It is off by default: on WMT21 news ru-en (5 Online
  systems, 5,000 segments) its senses made the figurative check fire 30 times,
  all false alarms (ship names such as «Минск», «да», «братьев»). Its entries
  are kept apart (``general``) and only used when asked for. When asked for
  and absent, :attr:`BilingualDictionary.notes` says so.

Lookups go through lemmas (:mod:`qa.lang.morphology`), so any inflection of a
headword finds it.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path

from qa.lang.morphology import WORD, Morphology
from qa.terms.matching import Pattern, find_all, pattern

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "dictionary-ru-en.tsv"
FREEDICT = Path("/usr/share/dictd/freedict-eng-rus.dict.dz")


@dataclass
class BilingualDictionary:
    """Source phrases (citation form) and their literal target equivalents, most literal first."""

    entries: dict[str, list[str]] = field(default_factory=dict)
    general: dict[str, list[str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _patterns: dict[bool, list[tuple[tuple[bool, str], Pattern]]] = field(default_factory=dict)
    _cache: dict[tuple[str, bool], list[str]] = field(default_factory=dict)

    def add(self, source: str, renderings: list[str], general: bool = False) -> None:
        """Add renderings of a source phrase; ``general``: from a general dictionary (FreeDict)."""
        known = (self.general if general else self.entries).setdefault(source, [])
        for rendering in renderings:
            if rendering and rendering not in known:
                known.append(rendering)

    def equivalents(self, phrase: str, morphology: Morphology, general: bool = True) -> list[str]:
        """Literal renderings of a whole phrase (any inflection), or [] if the dictionary lacks it.

        general: include the general dictionary's senses (FreeDict); False keeps to mtqa's own list,
        whose entries are chosen so that a listed rendering is a real alternative in news text.
        """
        if (phrase, general) in self._cache:
            return self._cache[phrase, general]
        tokens = morphology.tokens(phrase)
        out: list[str] = []
        if tokens:
            if general not in self._patterns:
                tables = [(False, self.entries)] + ([(True, self.general)] if general else [])
                self._patterns[general] = [
                    ((is_general, src), p)
                    for is_general, table in tables
                    for src in table
                    if (p := pattern(src, morphology)) is not None
                ]
            for match in find_all(phrase, tokens, self._patterns[general]):
                if match.first == 0 and match.last == len(tokens):
                    is_general, src = match.item
                    for rendering in (self.general if is_general else self.entries)[src]:
                        if rendering not in out:
                            out.append(rendering)
        self._cache[phrase, general] = out
        return out


def read_tsv(path: Path, dictionary: BilingualDictionary) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, _, renderings = line.partition("\t")
        if source == "source":
            continue
        dictionary.add(source.strip(), [r.strip() for r in renderings.split("|")])


_HEADWORD = re.compile(r"^(?P<head>[^\s/][^/]*?)\s*/[^/]*/\s*$")
_NUMBERED = re.compile(r"^\s*\d+\.\s*")


def read_freedict(path: Path, dictionary: BilingualDictionary) -> int:
    """Reverse a FreeDict eng-rus dictd database into Russian → English entries; returns entries read."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    lines = text.splitlines()
    count = 0
    head: str | None = None
    for line in lines:
        m = _HEADWORD.match(line)
        if m and not any("а" <= c.lower() <= "я" for c in line):
            head = m.group("head").strip()
            continue
        if head is None or not line.strip() or not any("а" <= c.lower() <= "я" for c in line):
            continue
        for part in re.split(r"[,;]", _NUMBERED.sub("", line)):
            russian = " ".join(part.split()).strip(" .")
            if russian and WORD.search(russian) and len(russian.split()) <= 3:
                dictionary.add(russian.lower() if not russian[:1].isupper() else russian, [head], general=True)
                count += 1
    return count


def load_dictionary(shipped: Path | None = SHIPPED, freedict: Path | None = None) -> BilingualDictionary:
    """The shipped list, plus FreeDict when ``freedict`` names its database (e.g. :data:`FREEDICT`)."""
    dictionary = BilingualDictionary()
    if shipped is not None and shipped.is_file():
        read_tsv(shipped, dictionary)
        dictionary.sources.append(f"mtqa:{shipped.name}")
    if freedict is not None:
        if freedict.is_file():
            read_freedict(freedict, dictionary)
            dictionary.sources.append("freedict-eng-rus (GPL-2.0-or-later), reversed")
        else:
            dictionary.notes.append(
                f"{freedict} not found: literal equivalents come from mtqa's own list only "
                "(apt-get install dict-freedict-eng-rus adds FreeDict's)"
            )
    return dictionary


