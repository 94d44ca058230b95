"""Localization files: XLIFF 1.2 and 2.x, TMX and PO, read through translate-toolkit.

Each translation unit (each ``<segment>`` of an XLIFF 2 unit) becomes one
aligned row: source, target (empty when untranslated: an omission), and the
unit's id. PO headers and obsolete entries are skipped; a plural entry gives
its singular forms.

XML is parsed safely. Before translate-toolkit sees a file, defusedxml parses
it and refuses any entity declaration (billion laughs, external entities,
parameter entities): such a file is an :class:`InputError`, never expanded. A
bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` is allowed and never fetched.
translate-toolkit then parses with lxml's ``resolve_entities=False,
no_network=True`` parser (``translate.misc.xml_helpers``).
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from qa.errors import InputError
from qa.load.decode import DEFAULT_LIMITS, Limits, read_bytes
from qa.records import Bitext

XLIFF1 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_PREFIX = "urn:oasis:names:tc:xliff:document:2."


def load_xliff(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Bitext:
    """XLIFF 1.2 or 2.x, told apart by the root element's namespace (or version)."""
    path = Path(path)
    data = read_bytes(path, limits)
    root = refuse_unsafe_xml(data, path)
    namespace, _, local = root.tag.rpartition("}")
    if local != "xliff":
        raise InputError(f"{path}: not an XLIFF file (root element <{local}>)")
    version = root.get("version", "")
    if namespace.lstrip("{").startswith(XLIFF2_PREFIX) or version.startswith("2"):
        from translate.storage.xliff2 import Xliff2File as store_class
    else:
        from translate.storage.xliff import xlifffile as store_class
    store = _parse(store_class, data, path)
    numbers = Counter()

    def unit_id(unit) -> str:
        numbers["n"] += 1
        found = unit.getid()  # None for an XLIFF 2 <unit> without its (required) id
        return found.replace("\x04", ":") if found else str(numbers["n"])

    return _bitext(path, store, unit_id)


def load_tmx(
    path: str | Path, source_lang: str | None = None, target_lang: str | None = None, *, limits: Limits = DEFAULT_LIMITS
) -> Bitext:
    """TMX: the source language is the header's ``srclang`` unless given; the target, the other language."""
    path = Path(path)
    data = read_bytes(path, limits)
    root = refuse_unsafe_xml(data, path)
    if root.tag != "tmx":
        raise InputError(f"{path}: not a TMX file (root element <{root.tag}>)")
    from translate.storage.tmx import tmxfile

    languages = sorted({tuv.get("{http://www.w3.org/XML/1998/namespace}lang", tuv.get("lang", "")) for tuv in root.iter("tuv")})
    header = root.find("header")
    source = source_lang or (header.get("srclang") if header is not None else None)
    if not source or source == "*all*":
        raise InputError(f"{path}: the TMX header names no srclang; pass the source language")
    source = _pick(languages, source) or source
    target = _pick(languages, target_lang) if target_lang else None
    if target is None:
        others = [lang for lang in languages if lang and not _same_language(lang, source)]
        if len(others) != 1:
            raise InputError(f"{path}: cannot tell the target language among {', '.join(languages) or 'none'}; pass it")
        target = others[0]
    try:
        store = tmxfile(data, sourcelanguage=source, targetlanguage=target)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - translate-toolkit raises many kinds
        raise InputError(f"{path}: cannot read the TMX ({exc})") from None
    ids = Counter()

    def unit_id(unit) -> str:
        ids["n"] += 1
        return (unit.getid() or str(ids["n"])) if unit.xmlelement.get("tuid") else str(ids["n"])

    return _bitext(path, store, unit_id)


def load_po(path: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> Bitext:
    """Gettext PO: msgid is the source, msgstr the target; the id is the entry's first location, or its number.

    The header's charset is honoured: a file in another encoding (CP1251, KOI8-R) is decoded with
    it and handed to translate-toolkit as UTF-8 (its parser reads the strings of such a file as
    Latin-1)."""
    path = Path(path)
    data = read_bytes(path, limits)
    from translate.storage.pypo import pofile

    data, charset = _po_as_utf8(data, path)
    store = _parse(pofile, data, path)
    if charset:
        store.encoding = charset
    numbers = Counter()

    def unit_id(unit) -> str:
        numbers["n"] += 1
        locations = unit.getlocations()
        return locations[0] if locations else str(numbers["n"])

    return _bitext(path, store, unit_id, fuzzy=True)


_PO_CHARSET = re.compile(rb"charset=[ \t]*([A-Za-z0-9_.:+-]+)")


def _po_as_utf8(data: bytes, path: Path) -> tuple[bytes, str | None]:
    """A PO file's bytes in UTF-8, and the charset its header declared (None: UTF-8 or none)."""
    if data.startswith(codecs.BOM_UTF8):
        return data, None
    found = _PO_CHARSET.search(data[:4096])
    if found is None:
        return data, None
    declared = found.group(1).decode("ascii")
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        if declared.upper() == "CHARSET":  # the template's placeholder: UTF-8 by convention
            return data, None
        raise InputError(f"{path}: the header declares charset {declared!r}, which is not a known encoding") from None
    if codec in ("utf-8", "ascii"):
        return data, None
    if codec.startswith(("utf-16", "utf-32")):
        raise InputError(f"{path}: the header declares charset {declared}; save the PO file as UTF-8")
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: not valid {declared}, the charset its header declares") from None
    text = re.sub(r"charset=[ \t]*[A-Za-z0-9_.:+-]+", "charset=UTF-8", text, count=1)
    return text.encode("utf-8"), declared


def refuse_unsafe_xml(data: bytes, path: Path) -> ET.Element:
    """Parse with defusedxml, refusing entity declarations and external references; the root element."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(f"{path}: refused: the XML declares entities or external references ({type(exc).__name__}); remove the DOCTYPE's declarations") from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(f"{path}:{line}: not well-formed XML (column {column + 1})") from None
    except LookupError as exc:  # <?xml encoding="..."?> naming no codec
        raise InputError(f"{path}: the XML declaration names an unknown encoding ({exc})") from None
    except RecursionError:
        raise InputError(f"{path}: the XML is nested too deep") from None


def _parse(store_class, data: bytes, path: Path):
    try:
        return store_class.parsestring(data)
    except Exception as exc:  # noqa: BLE001 - translate-toolkit raises many kinds
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(f"{path}: cannot read as {store_class.__name__} ({message})") from None


def _bitext(path: Path, store, unit_id, fuzzy: bool = False) -> Bitext:
    """The units of a translate-toolkit store; ``fuzzy``: read the "#, fuzzy" flag (PO; XLIFF's
    own isfuzzy means "not approved", which most files never say, so it is not read)."""
    sources, targets, ids, marked = [], [], [], []
    for unit in store.units:
        if unit.isheader() or (hasattr(unit, "isobsolete") and unit.isobsolete()):
            continue
        source = _text(unit.source)
        if not source.strip():
            continue
        sources.append(source.strip())
        targets.append(_text(unit.target).strip())
        ids.append(unit_id(unit))
        if fuzzy and unit.isfuzzy() and _text(unit.target).strip():
            marked.append(len(ids) - 1)
    if not sources:
        raise InputError(f"{path}: no translation units")
    seen: Counter = Counter()
    unique = []
    for segment_id in ids:
        seen[segment_id] += 1
        unique.append(segment_id if seen[segment_id] == 1 else f"{segment_id}#{seen[segment_id]}")
    return Bitext(
        id=path.stem,
        source_path=str(path),
        target_path=str(path),
        sources=sources,
        targets=targets,
        aligned=True,
        ids=unique,
        fuzzy=[unique[n] for n in marked],
        encodings={"source": getattr(store, "encoding", None) or "utf-8", "target": getattr(store, "encoding", None) or "utf-8"},
    )


def _text(value) -> str:
    if value is None:
        return ""
    strings = getattr(value, "strings", None)  # a plural: its first (singular) form
    return str(strings[0] if strings else value)


def _same_language(a: str, b: str) -> bool:
    return a.lower().split("-")[0].split("_")[0] == b.lower().split("-")[0].split("_")[0]


def _pick(languages: list[str], wanted: str | None) -> str | None:
    """The file's spelling of a language: exact, else the first with the same primary subtag."""
    if not wanted:
        return None
    for lang in languages:
        if lang.lower() == wanted.lower():
            return lang
    for lang in languages:
        if _same_language(lang, wanted):
            return lang
    return None


LOCALIZATION_LOADERS = {
    ".xlf": load_xliff,
    ".xliff": load_xliff,
    ".tmx": load_tmx,
    ".po": load_po,
}



def is_localization(document) -> bool:
    """Whether a document was read from a localization file (a suffix of LOCALIZATION_LOADERS)."""
    return bool(document.source_path) and Path(document.source_path).suffix.lower() in LOCALIZATION_LOADERS


__all__ = ["LOCALIZATION_LOADERS", "is_localization", "load_po", "load_tmx", "load_xliff", "refuse_unsafe_xml"]
