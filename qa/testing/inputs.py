"""Odd and hostile inputs for every reader, as hypothesis strategies, and :func:`feed`, which hands
one to mtqa the way a user would and says whether it was read or refused.

Each strategy of :data:`STRATEGIES` draws the files of one input kind (an article pair, TSV,
JSONL, XLIFF, TMX, PO, a glossary in TSV, CSV or TBX, a configuration file, a baseline): a
well-formed file built around odd text (control and bidi characters, Tangut, NUL, huge numbers,
markup, lone surrogate escapes in JSON), sometimes encoded in another codec, sometimes mutated
byte by byte (cut, spliced, bytes inserted). :func:`feed` writes the files to a folder and reads
them through the library's own entry points. Reading must end in a value or a
:class:`~qa.errors.QAError` (exit 2); anything else is a crash, which ``feed`` lets through.

hypothesis is a development dependency (the ``dev`` extra): import this module from tests and
benchmarks only (tests/test_fuzz.py, benchmarks/fuzz.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from hypothesis import strategies as st

from qa.errors import QAError

#: text that once crashed a reader or a check, or that a reader must refuse (issue 14)
ODD_TEXT = (
    "\U00017000\U00017001",  # Tangut: no name in Python's Unicode database (pymorphy3 raised)
    "\U0001b170",  # Nüshu
    "9" * 320,  # beyond float range
    "1" * 5000,
    "\x00",
    "\x1b[2J\x1b]0;title\x07",  # terminal escapes
    "\u202e\u2066\u200f",  # bidi controls
    "\ufeff",
    "\r\n",
    "\r",
    "\t",
    "&amp; &#x0; <b>",
    "{name} {lang} {{",
    "%s %(name)s {0}",
    "Ёё",
    "—«»„“",
    "1 000 000,5",
    "₽ $ € %",
    "\u0301",  # a lone combining accent
    "ﬁ",
    "İ",
)

CYRILLIC = st.text(alphabet=st.characters(min_codepoint=0x400, max_codepoint=0x4FF), max_size=12)
LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?-'\"()", max_size=20)
ANY_TEXT = st.text(max_size=30)  # any code point but surrogates: controls, NUL, private use, unassigned
WORDS = st.lists(st.one_of(CYRILLIC, CYRILLIC, LATIN, LATIN, ANY_TEXT, st.sampled_from(ODD_TEXT)), max_size=6).map(" ".join)
# what XML can hold (no C0 controls but tab and newline, no U+FFFE/FFFF): odd, still well-formed
XML_TEXT = WORDS.map(lambda text: "".join(ch for ch in text if ch in "\t\n" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff")))
CODECS = ("utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1251", "koi8-r", "latin-1")


@st.composite
def _encoded(draw, text: str) -> bytes:
    codec = draw(st.sampled_from(CODECS))
    return text.encode(codec, errors="replace")


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data``, or ``data`` with a few random edits: a slice cut, bytes inserted, a slice doubled."""
    edits = draw(st.integers(0, 3))
    for _ in range(edits):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(("cut", "insert", "double", "truncate")))
        if kind == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 8)) :]
        elif kind == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=6)) + data[at:]
        elif kind == "double":
            data = data[:at] + data[max(0, at - 16) : at] + data[at:]
        else:
            data = data[:at]
    return data


def _file(text_strategy) -> st.SearchStrategy[bytes]:
    """A file: mostly the text in UTF-8; else in another codec, mutated, or random bytes."""
    clean = text_strategy.map(lambda text: text.encode("utf-8", errors="surrogatepass"))
    return st.one_of(
        clean,
        clean,
        clean,
        text_strategy.flatmap(_encoded),
        clean.flatmap(mutated),
        st.binary(max_size=200),
    )


_LINES = st.lists(WORDS, min_size=0, max_size=5)
_ARTICLE = _LINES.map("\n".join)


def _tsv_text(rows) -> str:
    return "\n".join("\t".join(row) for row in rows)


_TSV = st.tuples(st.booleans(), st.lists(st.one_of(st.lists(WORDS, min_size=2, max_size=3), st.lists(WORDS, min_size=2, max_size=3), st.lists(WORDS, min_size=1, max_size=4)), max_size=5)).map(
    lambda t: ("source\ttarget\n" if t[0] else "") + _tsv_text(t[1])
)

_JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), WORDS),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.sampled_from(("source", "target", "id", "x")), children, max_size=4)),
    max_leaves=8,
)
_GOOD_ROW = st.fixed_dictionaries({"source": WORDS, "target": WORDS}, optional={"id": st.one_of(WORDS, st.integers(), _JSON_VALUES)}).map(
    lambda row: json.dumps(row, ensure_ascii=False)
)
_JSON_ROW = st.one_of(
    _GOOD_ROW,
    _GOOD_ROW,
    _GOOD_ROW,
    _GOOD_ROW,
    _JSON_VALUES.map(json.dumps),
    st.sampled_from(
        (
            '{"source": "a\\ud800", "target": "b"}',
            '{"source": "\\u0000", "target": "b"}',
            '{"source": "a", "target": "b", "id": ' + "1" * 4400 + "}",
            '{"source": "a", "target": ' + "[" * 1200 + "]" * 1200 + "}",
            '{"source": "", "target": ""}',
            "{",
        )
    ),
)
_JSONL = st.one_of(st.lists(_GOOD_ROW, min_size=1, max_size=4), st.lists(_JSON_ROW, max_size=4)).map("\n".join)


def _xml_units(pairs, template: str) -> str:
    return "".join(template.format(n=n, id=quoteattr(str(n)), s=escape(s), t=escape(t)) for n, (s, t) in enumerate(pairs))


_PAIRS = st.lists(st.tuples(XML_TEXT, XML_TEXT), max_size=4)
_XML_DECLARATION = st.sampled_from(
    ('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>', "", "", '<?xml version="1.0" encoding="nonsense"?>', '<?xml version="1.0" encoding="UTF-16"?>')
)
_XLIFF1 = st.tuples(_XML_DECLARATION, _PAIRS).map(
    lambda t: t[0] + '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>'
    + _xml_units(t[1], "<trans-unit id={id}><source>{s}</source><target>{t}</target></trans-unit>")
    + "</body></file></xliff>"
)
_XLIFF2 = st.tuples(_XML_DECLARATION, _PAIRS, st.booleans()).map(
    lambda t: t[0] + '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru" trgLang="en"><file id="f">'
    + _xml_units(t[1], ("<unit id={id}>" if t[2] else "<unit>") + "<segment><source>{s}</source><target>{t}</target></segment></unit>")
    + "</file></xliff>"
)
_TMX = st.tuples(_XML_DECLARATION, _PAIRS).map(
    lambda t: t[0] + '<tmx version="1.4"><header srclang="ru" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
    + _xml_units(t[1], '<tu tuid={id}><tuv xml:lang="ru"><seg>{s}</seg></tuv><tuv xml:lang="en"><seg>{t}</seg></tuv></tu>')
    + "</body></tmx>"
)


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


_PO = st.tuples(st.sampled_from(("UTF-8", "CP1251", "KOI8-R", "CHARSET", "nonsense", "UTF-16")), _PAIRS, st.booleans()).map(
    lambda t: f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={t[0]}\\n"\n\n'
    + "".join(f"{'#, fuzzy' + chr(10) if t[2] else ''}msgid {_po_string(s)}\nmsgstr {_po_string(g)}\n\n" for s, g in t[1])
)
_GLOSSARY_TSV = st.tuples(st.booleans(), st.lists(st.lists(WORDS, min_size=1, max_size=7), max_size=5)).map(
    lambda t: ("source\tapproved\tforbidden\tnote\tkind\tseverity\n" if t[0] else "") + _tsv_text(t[1])
)
_GLOSSARY_CSV = _GLOSSARY_TSV.map(lambda text: text.replace("\t", ","))
_TBX = st.tuples(_XML_DECLARATION, _PAIRS, st.one_of(st.just(0), st.just(0), st.integers(250, 260), st.integers(0, 1200))).map(
    lambda t: t[0] + '<martif type="TBX"><text><body>'
    + _xml_units(t[1], '<termEntry id={id}><langSet xml:lang="ru"><tig><term>{s}</term></tig></langSet><langSet xml:lang="en"><tig><term>{t}</term></tig></langSet></termEntry>')
    + "<x>" * t[2] + "</x>" * t[2]
    + "</body></text></martif>"
)

_CONFIG_KEYS = st.sampled_from(
    ("engine", "beam-size", "max-length", "fail-on", "min-chrf", "glossary", "jobs", "pair-pattern", "max-findings", "tool", "threads", "max-file-mb", "max-line-chars", "disable", "follow-symlinks", "fail_onn", "unsupported-logprob")
)
_TOML_VALUES = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True).map(lambda f: {float("inf"): "inf", float("-inf"): "-inf"}.get(f, "nan" if f != f else repr(f))),
    st.booleans().map(lambda b: "true" if b else "false"),
    WORDS.map(json.dumps),
    st.lists(WORDS, max_size=3).map(json.dumps),
    st.sampled_from(('{ omission = 0 }', '{ x = "y" }', "[1, 2]", '"{name}.{lang}.txt{"', '"{name}/{lang}.md"', "9" * 400, "-" + "9" * 30, "9" * 4400, "{ omission = " + "9" * 400 + " }")),
)
_CONFIG = st.tuples(st.booleans(), st.lists(st.tuples(_CONFIG_KEYS, _TOML_VALUES), max_size=4)).map(
    lambda t: ("[tool.mtqa]\n" if t[0] else "") + "".join(f"{key} = {value}\n" for key, value in t[1])
)
_BASELINE_ENTRY = st.one_of(
    st.fixed_dictionaries(
        {"fingerprint": st.one_of(WORDS, _JSON_VALUES), "check": st.one_of(st.sampled_from(("names", "numbers")), _JSON_VALUES), "severity": st.one_of(st.sampled_from(("minor", "major", "nope")), _JSON_VALUES)},
        optional={"count": _JSON_VALUES, "span": _JSON_VALUES, "document": _JSON_VALUES},
    ),
    _JSON_VALUES,
)
_BASELINE = st.one_of(
    st.lists(_BASELINE_ENTRY, max_size=3).map(lambda entries: json.dumps({"schema": "mtqa-baseline/1", "signature": "", "entries": entries}, ensure_ascii=False)),
    _JSON_VALUES.map(json.dumps),
)

#: input kind -> strategy of {file name: bytes} (an article pair is two files)
STRATEGIES: dict[str, st.SearchStrategy[dict[str, bytes]]] = {
    "article": st.tuples(_file(_ARTICLE), _file(_ARTICLE)).map(lambda t: {"a.ru.txt": t[0], "a.en.txt": t[1]}),
    "tsv": _file(_TSV).map(lambda data: {"d.tsv": data}),
    "jsonl": _file(_JSONL).map(lambda data: {"d.jsonl": data}),
    "xliff": _file(st.one_of(_XLIFF1, _XLIFF2)).map(lambda data: {"d.xlf": data}),
    "tmx": _file(_TMX).map(lambda data: {"d.tmx": data}),
    "po": _file(_PO).map(lambda data: {"d.po": data}),
    "glossary-tsv": _file(_GLOSSARY_TSV).map(lambda data: {"g.tsv": data}),
    "glossary-csv": _file(_GLOSSARY_CSV).map(lambda data: {"g.csv": data}),
    "glossary-tbx": _file(_TBX).map(lambda data: {"g.tbx": data}),
    "config": _file(_CONFIG).map(lambda data: {"mtqa.toml": data}),
    "baseline": _file(_BASELINE).map(lambda data: {"b.json": data}),
}


#: odd text checked end to end: segments of an aligned file and paragraphs of an article pair
CHECKED = st.tuples(st.lists(st.tuples(WORDS, WORDS), min_size=1, max_size=4), st.booleans())


def check_odd_text(pairs: list[tuple[str, str]], as_article: bool, folder: Path):
    """Check ``pairs`` with every check and no model (an article pair, or a TSV): the report, or
    None when the loader refused the text (a NUL, say). A crash propagates; a check that raised is
    contained by the runner as a finding noted ``NOT_CHECKED``, which the caller looks for."""
    import qa

    settings = qa.Settings(engine="none", use_cache=False)
    clean = [(s.replace("\t", " ").replace("\n", " "), t.replace("\t", " ").replace("\n", " ")) for s, t in pairs]
    if as_article:
        (folder / "a.ru.txt").write_text("\n".join(s for s, _ in clean) + "\n", encoding="utf-8", errors="surrogatepass")
        (folder / "a.en.txt").write_text("\n".join(t for _, t in clean) + "\n", encoding="utf-8", errors="surrogatepass")
        inputs = (folder / "a.ru.txt", folder / "a.en.txt")
    else:
        (folder / "d.tsv").write_text("".join(f"{s}\t{t}\n" for s, t in clean), encoding="utf-8", errors="surrogatepass")
        inputs = folder / "d.tsv"
    try:
        return qa.run(inputs, settings)
    except QAError:
        return None


def feed(kind: str, files: dict[str, bytes], folder: Path) -> str:
    """Write ``files`` into ``folder`` and read them as mtqa does for ``kind``: "read" or
    "refused: <the one-line message>". Any other exception (a crash) propagates."""
    for name, data in files.items():
        (folder / name).write_bytes(data)
    try:
        _read(kind, folder)
    except QAError as error:
        message = str(error)
        if "\n" in message.strip():
            raise AssertionError(f"a refusal of more than one line: {message!r}") from error
        return f"refused: {message}"
    return "read"


def _read(kind: str, folder: Path) -> None:
    from qa.load import load

    if kind == "article":
        load(folder / "a.ru.txt", folder / "a.en.txt")
    elif kind in ("tsv", "jsonl", "xliff", "tmx", "po"):
        (path,) = [p for p in folder.iterdir() if p.stem == "d"]
        load(path)
    elif kind.startswith("glossary"):
        from qa.terms.glossary import load_glossary

        (path,) = [p for p in folder.iterdir() if p.stem == "g"]
        load_glossary(path)
    elif kind == "config":
        from qa.config import load_settings

        load_settings({}, config=folder / "mtqa.toml")
    elif kind == "baseline":
        from qa.gate.baseline import Baseline

        Baseline.read(folder / "b.json")
    else:
        raise KeyError(kind)


__all__ = ["CHECKED", "ODD_TEXT", "STRATEGIES", "check_odd_text", "feed", "mutated"]
