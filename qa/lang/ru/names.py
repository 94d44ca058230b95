"""Names in a Russian source and their spellings in English text.

Three parts, each usable alone:

- :func:`transliterations` and :func:`similarity`: a Russian word spelled in
  Latin letters by several schemes (iuliia's Wikipedia, BGN/PCGN, ICAO,
  Yandex Maps, ALA-LC, Moscow metro; cyrtranslit; and an English-habit
  variant: дж → j, ай → i, уи → wi...) and a normalised edit distance, so that
  Рябков ≈ Ryabkov, Асатрян ≈ Asatryan, Уиткофф ≈ Witkoff.
- :class:`Countries`: the country table (qa/data/countries-en-ru.tsv) indexed by
  the lemmas of each Russian name (pymorphy3), so «России», «Соединённых Штатов
  Америки» and «США» are found, with the English forms that render them.
- :class:`NameFinder`: person, organisation and place names of a Russian text
  (natasha's NER) plus the country names, each with the words to look for.

natasha and pymorphy3 are imported when a NameFinder is first used; build one
per run (the check keeps it in ``CheckContext.resource``).
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from qa.errors import InputError
from qa.records import Span

COUNTRIES_PATH = Path(__file__).resolve().parents[2] / "data" / "countries-en-ru.tsv"

# iuliia schemes tried for every word, then cyrtranslit and the English-habit variant.
SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "ICAO_DOC_9303", "YANDEX_MAPS", "ALA_LC", "MOSMETRO", "SCIENTIFIC")

# How English usually respells Russian renderings of foreign and Russian names.
_ENGLISH_HABITS = [
    (r"^уи", "wi"), (r"^уо", "wo"), (r"дж", "j"), (r"кс", "x"), (r"([аеиоу])й$", r"\1y"), (r"ай", "i"),
    (r"эй", "ay"), (r"ью", "ew"), (r"^э", "e"), (r"х", "h"), (r"ий$", "y"), (r"ый$", "y"), (r"ц", "ts"),
    (r"ё", "yo"), (r"ъ|ь", ""),
]

_CONVENTIONAL = [
    (r"кс", "x"), (r"ндр$", "nder"), (r"ей$", "ei"), (r"ий$", "i"), (r"ь(?=[аеиоуяю])", "i"), (r"^е", "e"),
    (r"ью", "iu"), (r"ья", "ia"), (r"ье", "ie"), (r"ия$", "ia"), (r"ф", "ph"), (r"ъ|ь", ""),
]
# English names of places that transliteration does not reach (lemma -> English forms).
EXONYMS = {
    "москва": ("Moscow",), "петербург": ("Petersburg",), "санкт-петербург": ("Petersburg",),
    "киев": ("Kyiv", "Kiev"), "варшава": ("Warsaw",), "прага": ("Prague",), "вена": ("Vienna",),
    "рим": ("Rome",), "пекин": ("Beijing", "Peking"), "брюссель": ("Brussels",), "женева": ("Geneva",),
    "стамбул": ("Istanbul",), "афины": ("Athens",), "гаага": ("Hague",), "мюнхен": ("Munich",),
    "кельн": ("Cologne",), "неаполь": ("Naples",), "флоренция": ("Florence",), "венеция": ("Venice",),
    "лиссабон": ("Lisbon",), "копенгаген": ("Copenhagen",), "бухарест": ("Bucharest",),
    "белград": ("Belgrade",), "кишинев": ("Chisinau", "Kishinev"), "тбилиси": ("Tbilisi",),
    "дамаск": ("Damascus",), "иерусалим": ("Jerusalem",), "мекка": ("Mecca",), "каир": ("Cairo",),
}

# Russian abbreviations and short forms of country names, by cca3.
RU_ALIASES = {
    "США": "USA", "Америка": "USA", "РФ": "RUS", "Российская Федерация": "RUS",
    "КНР": "CHN", "ФРГ": "DEU", "ОАЭ": "ARE", "КНДР": "PRK", "ЮАР": "ZAF", "Британия": "GBR",
    "Англия": "GBR", "Соединенное Королевство": "GBR", "Белоруссия": "BLR", "Молдова": "MDA",
    "Кыргызстан": "KGZ", "Чешская Республика": "CZE", "Македония": "MKD", "Голландия": "NLD",
}
# English forms accepted for a country besides its common and official names, demonym and capital.
EN_ALIASES = {
    "USA": ["US", "U.S.", "USA", "U.S.A.", "America", "Americans", "United States", "States"],
    "RUS": ["RF", "Russians", "Kremlin"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "England", "English", "Britons"],
    "CHN": ["PRC", "Chinese"], "DEU": ["FRG", "Germans"], "ARE": ["UAE", "Emirates"],
    "PRK": ["DPRK", "Korea", "Korean"], "KOR": ["Korea", "Korean"], "ZAF": ["SA"],
    "UKR": ["Kiev", "Ukrainians"], "BLR": ["Belorussia", "Byelorussia", "Belarusians"],
    "MDA": ["Moldavia"], "CZE": ["Czech Republic", "Czechs"], "NLD": ["Holland", "Dutch"],
    "KGZ": ["Kyrgyz"], "TUR": ["Turkiye", "Türkiye", "Turks"], "IRN": ["Iranians"],
    "MKD": ["Macedonia"], "SYR": ["Syrians"], "SAU": ["Saudi", "Saudis"], "ISR": ["Israelis"], "FRA": ["French"],
}


# ---------------------------------------------------------------- transliteration


def _fold(text: str) -> str:
    """Lowercase ASCII letters only: 'Ri͡abkov' -> 'riabkov', 'Merkel'' -> 'merkel'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if "a" <= ch <= "z")


@lru_cache(maxsize=1)
def _schemes():
    import iuliia

    return [getattr(iuliia, name) for name in SCHEMES]


@lru_cache(maxsize=4096)
def transliterations(word: str) -> frozenset[str]:
    """Latin spellings of a Russian word by several schemes, folded to lowercase ASCII."""
    import cyrtranslit

    lower = word.lower()
    spellings = {scheme.translate(lower) for scheme in _schemes()}
    spellings.add(cyrtranslit.to_latin(lower, "ru"))
    habit = lower
    for pattern, replacement in _ENGLISH_HABITS:
        habit = re.sub(pattern, replacement, habit)
    spellings.add(_schemes()[0].translate(habit))
    # Tinkoff, Smirnoff, Witkoff: -ов/-ев written the old way
    spellings.add(_schemes()[0].translate(re.sub(r"([ое])в$", r"\1ff", habit)))
    # the conventional English spellings of common Russian names: Alexander, Alexei, Dmitri, Vasiliev
    conventional = lower
    for pattern, replacement in _CONVENTIONAL:
        conventional = re.sub(pattern, replacement, conventional)
    spellings.add(_schemes()[0].translate(conventional))
    spellings.add(_schemes()[0].translate(conventional.replace("ph", "ф")))  # Sofia as well as Sophia
    return frozenset(f for f in (_fold(s) for s in spellings) if f)


def similarity(a: str, b: str) -> float:
    """1 - edit distance / length of the longer string, on folded strings (1.0: equal)."""
    a, b = _fold(a), _fold(b)
    if not a or not b:
        return 0.0
    return Levenshtein.normalized_similarity(a, b)


@dataclass(frozen=True)
class Word:
    """A Latin word of an English text, with its span ("Ryabkov's" is the word "Ryabkov")."""

    text: str
    span: Span


_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?")


def latin_words(text: str) -> list[Word]:
    out = []
    for m in _LATIN_WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group())
        out.append(Word(word, Span(m.start(), m.start() + len(word))))
    return out


def best_match(variants: frozenset[str], words: list[Word]) -> tuple[Word | None, float]:
    """The word most similar to any of the variants, and its similarity."""
    best: Word | None = None
    score = 0.0
    for word in words:
        folded = _fold(word.text)
        if not folded:
            continue
        for variant in variants:
            if abs(len(variant) - len(folded)) > max(len(variant), len(folded)) * (1 - score):
                continue  # cannot beat the best so far
            s = Levenshtein.normalized_similarity(variant, folded)
            if s > score:
                best, score = word, s
    return best, score


# ---------------------------------------------------------------- countries


@dataclass(frozen=True)
class Country:
    cca3: str
    english: str  # common English name, for suggestions
    forms: tuple[str, ...]  # English forms accepted in a target

    @property
    def pattern(self) -> re.Pattern:
        return _forms_pattern(self.forms)


@lru_cache(maxsize=512)
def _forms_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """Any of the forms as a word; case matters only for short ones ("US" is not "us"; "lithuania" is Lithuania)."""
    alternatives = "|".join(
        re.escape(f) if len(f) <= 3 else f"(?i:{re.escape(f)})" for f in sorted(forms, key=len, reverse=True)
    )
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?:['’]s|s)?(?![A-Za-z])")


class Countries:
    """Country names: Russian names by their lemmas, English forms by country."""

    def __init__(self, lemmatise, path: Path = COUNTRIES_PATH):
        self._lemmatise = lemmatise
        self.by_cca3: dict[str, Country] = {}
        self.index: dict[tuple[str, ...], str] = {}
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle, delimiter="\t"))
        except OSError as error:
            raise InputError(f"{path}: cannot read the country table ({error.strerror})") from error
        for line, row in enumerate(rows, 2):
            try:
                cca3 = row["cca3"]
                forms = {row["en_common"], row["en_official"], row["demonym_en_m"]}
                forms |= {c.strip() for c in row["capital_en"].split(";") if c.strip()}
                forms |= set(EN_ALIASES.get(cca3, []))
                # «Россия 1» may stay "Rossiya 1": the Russian name transliterated
                forms |= {scheme.translate(row["ru_common"]) for scheme in _schemes()[:2]}
                self.by_cca3[cca3] = Country(cca3, row["en_common"], tuple(sorted(f for f in forms if f)))
                for russian in {row["ru_common"], row["ru_official"]}:
                    self._add(russian, cca3)
            except (KeyError, AttributeError) as error:
                raise InputError(f"{path}:{line}: malformed country row") from error
        for russian, cca3 in RU_ALIASES.items():
            self._add(russian, cca3)
        self.longest = max(len(k) for k in self.index)
        # every word of every English form: "Armenia", "Armenian", "United", ...
        self.words = frozenset(w for c in self.by_cca3.values() for f in c.forms for w in re.findall(r"[^\W\d_]+", f))

    def _add(self, russian: str, cca3: str) -> None:
        words = re.findall(r"\w+", russian)
        if words:
            self.index.setdefault(tuple(self._lemmatise(w)[0] for w in words), cca3)


# ---------------------------------------------------------------- names in a Russian text


@dataclass
class Name:
    """A name found in the source.

    kind: "person", "place", "organisation" or "country".
    words: the words to look for in the target, each (text, span, lemmas);
    for a person the last one is the surname.
    """

    kind: str
    text: str
    span: Span
    words: list[tuple[str, Span, tuple[str, ...]]] = field(default_factory=list)
    country: Country | None = None

    @property
    def key(self) -> str:
        if self.country is not None:
            return self.country.cca3
        return " ".join(w[2][0] for w in self.words) if self.words else self.text.lower()


_NER_KINDS = {"PER": "person", "LOC": "place", "ORG": "organisation"}
# Endings of Russian, Ukrainian, Belarusian, Armenian and Georgian surnames, in any case.
_SURNAME = re.compile(
    r"(?:[оеё]в|[иы]н|[сц]к|енк|[ую]к|[ое]вич|ян|швил|дз)(?:а|у|ым|ом|е|ой|ую|ого|ому|ий|ая|им|их|ы|о|и)?$"
)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class _Entity:
    """One NER span of a text: offsets into that text, natasha's type (PER, LOC, ORG)."""

    start: int
    stop: int
    type: str
    text: str


class NameFinder:
    """Finds names in Russian text: natasha NER for persons, places and organisations, the table for countries."""

    def __init__(self, countries_path: Path = COUNTRIES_PATH):
        from natasha import Doc, NewsNERTagger, Segmenter

        from qa.lang.ru.frequency import news_embedding
        from qa.lang.ru.morphology import shared_analyzer

        self._morph = shared_analyzer()
        self._segmenter = Segmenter()
        self._ner = NewsNERTagger(news_embedding())
        self._doc = Doc
        self._entities: dict[str, list[_Entity]] = {}
        self.countries = Countries(self.lemmas, countries_path)

    @lru_cache(maxsize=8192)  # noqa: B019 - one finder per run, words repeat
    def lemmas(self, word: str) -> tuple[str, ...]:
        """Normal forms of a word, most likely first, ё as е ("России" -> ("россия",))."""
        out: list[str] = []
        for parse in self._morph.parse(word)[:4]:
            lemma = parse.normal_form.replace("ё", "е")
            if lemma not in out:
                out.append(lemma)
        lower = word.lower().replace("ё", "е")
        if lower not in out:
            out.append(lower)
        return tuple(out)

    def _is_geographic(self, word: str) -> bool:
        """Some likely reading of the word is a place name (pymorphy3's Geox)."""
        parses = self._morph.parse(word)
        return any("Geox" in p.tag for p in parses if p.score >= parses[0].score / 4)

    def is_proper(self, word: str) -> bool:
        """Read as a proper name (a place, name, organisation) or unknown to the dictionary, not a common word.

        «Стрижи», «верфь», «Центр» inside an organisation's name are common words that English translates.
        """
        parses = self._morph.parse(word)
        if not self._morph.word_is_known(word):
            return True
        return any(tag in parses[0].tag for tag in ("Geox", "Name", "Surn", "Patr", "Orgn", "Trad"))

    def is_surname(self, word: str) -> bool:
        """A Russian-pattern surname (Рябков, Мясникова, Асатряну) or one pymorphy3 knows: transliterated predictably."""
        return bool(_SURNAME.search(word.lower())) or any("Surn" in p.tag for p in self._morph.parse(word)[:4])

    def tag(self, texts: list[str]) -> None:
        """Run NER once over many texts (ten times faster than text by text); find() then reuses it."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._entities]
        if not todo:
            return
        doc = self._doc("\n".join(todo))
        doc.segment(self._segmenter)
        doc.tag_ner(self._ner)
        starts, offset = [], 0
        for text in todo:
            starts.append(offset)
            self._entities[text] = []
            offset += len(text) + 1
        for span in doc.spans:
            i = bisect.bisect_right(starts, span.start) - 1
            base = starts[i]
            if span.stop - base <= len(todo[i]):
                self._entities[todo[i]].append(_Entity(span.start - base, span.stop - base, span.type, span.text))

    def find(self, text: str) -> list[Name]:
        self.tag([text])
        entities = self._entities[text]
        persons = [Span(e.start, e.stop) for e in entities if e.type == "PER"]
        # «Доминик Рааб» is a person, not Dominica
        countries = [c for c in self._countries(text) if not any(_overlap(c.span, p) for p in persons)]
        taken = [n.span for n in countries]
        names: list[Name] = list(countries)
        for span in entities:
            where = Span(span.start, span.stop)
            if any(where.start < t.end and t.start < where.end for t in taken):
                continue
            kind = _NER_KINDS.get(span.type)
            if kind is None:
                continue
            words = [
                (m.group(), Span(span.start + m.start(), span.start + m.end()), self.lemmas(m.group()))
                for m in re.finditer(r"[А-ЯЁA-Z][а-яёa-zА-ЯЁA-Z]*", span.text)
            ]
            if kind == "person" and len(words) == 3 and "Patr" in self._morph.parse(words[1][0])[0].tag:
                del words[1]  # «Сергей Алексеевич Рябков»: the patronymic is usually dropped in English
            if words:
                names.append(Name(kind, span.text, where, words))
        return sorted(names, key=lambda n: n.span)

    def _countries(self, text: str) -> list[Name]:
        tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\w+", text)]
        out: list[Name] = []
        i = 0
        while i < len(tokens):
            found = None
            for length in range(min(self.countries.longest, len(tokens) - i), 0, -1):
                window = tokens[i : i + length]
                if not window[0][0][:1].isupper():
                    break
                key = self._match(window)
                if key is not None:
                    found = (length, key)
                    break
            if found is None:
                i += 1
                continue
            length, cca3 = found
            first, last = tokens[i], tokens[i + length - 1]
            if length == 1 and not first[0].isupper() and not self._is_geographic(first[0]):
                i += 1  # «Того же мнения...», «Доминик»: a one-word name that is not read as a place here
                continue
            span = Span(first[1], last[2])
            country = self.countries.by_cca3.get(cca3)
            if country is not None:
                out.append(Name("country", span.text(text), span, [], country))
            i += length
        return out

    def _match(self, window: list[tuple[str, int, int]]) -> str | None:
        """The country whose Russian name these words are, in any case."""
        index = self.countries.index
        options = [self.lemmas(w) for w, _, _ in window]
        # try the most likely lemma of every word, then each word's other lemmas one at a time
        key = tuple(o[0] for o in options)
        if key in index:
            return index[key]
        for position, lemmas in enumerate(options):
            for lemma in lemmas[1:]:
                candidate = key[:position] + (lemma,) + key[position + 1 :]
                if candidate in index:
                    return index[candidate]
        return None
