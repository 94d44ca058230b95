"""TBX glossaries: TBX-Basic and TBX v2 (``martif``/``termEntry``/``langSet``/``tig``) and TBX v3
core (``tbx``/``conceptEntry``/``langSec``/``termSec``), parsed with defusedxml's SAX parser
(entities and external references refused) so that every element keeps its line number.
"""

from __future__ import annotations

import xml.sax
from dataclasses import dataclass, field

from qa.lang.morphology import normalize_pos
from qa.terms.entries import Term
from qa.terms.readers import LintProblem

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: administrative statuses whose terms are forbidden renderings (TBX-Basic values and TBX v3 short forms)
FORBIDDEN_STATUSES = {
    "deprecatedterm-admn-sts",
    "supersededterm-admn-sts",
    "deprecated",
    "superseded",
    "notrecommended",
    "not recommended",
    "forbidden",
}

ENTRY = {"termEntry", "conceptEntry"}
LANG = {"langSet", "langSec"}
TERM_GROUP = {"tig", "ntig", "termSec"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def walk(self):
        """This element and its descendants, in document order (iteratively: no recursion limit)."""
        stack = [self]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed(element.children))

    def find_all(self, tags: set[str]) -> list[Element]:
        """Descendants with one of these tags, not descending into a match."""
        out = []
        stack = list(reversed(self.children))
        while stack:
            child = stack.pop()
            if child.tag in tags:
                out.append(child)
            else:
                stack.extend(reversed(child.children))
        return out


MAX_DEPTH = 256
"""Elements nested deeper than this are refused (a TBX file nests about ten deep)."""


class _TooDeep(Exception):
    pass


class _Builder(xml.sax.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.locator = None

    def setDocumentLocator(self, locator):  # noqa: N802 (SAX API)
        self.locator = locator

    def startElementNS(self, name, qname, attrs):  # noqa: N802
        uri, local = name
        values = {}
        for (auri, alocal), value in attrs.items():
            values[f"{{{auri}}}{alocal}" if auri else alocal] = value
        element = Element(local, values, self.locator.getLineNumber() if self.locator else 0)
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(element.line)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def endElementNS(self, name, qname):  # noqa: N802
        self.stack.pop()

    def characters(self, content):
        if self.stack:
            self.stack[-1].text += content


def parse_xml(data: bytes, name: str) -> tuple[Element | None, LintProblem | None]:
    """An element tree with line numbers, or the problem that stopped the parse."""
    import defusedxml.sax
    from defusedxml import DefusedXmlException

    builder = _Builder()
    parser = defusedxml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setContentHandler(builder)
    try:
        import io

        source = xml.sax.xmlreader.InputSource()
        source.setByteStream(io.BytesIO(data))
        parser.parse(source)
    except xml.sax.SAXParseException as exc:
        return None, LintProblem(name, exc.getLineNumber(), f"malformed XML: {exc.getMessage()}")
    except DefusedXmlException as exc:
        return None, LintProblem(name, None, f"refused XML: {exc} (entities and external references are not allowed)")
    except _TooDeep as exc:
        return None, LintProblem(name, exc.args[0] or None, f"refused XML: elements nested more than {MAX_DEPTH} deep")
    except LookupError as exc:  # <?xml encoding="..."?> naming no codec
        return None, LintProblem(name, 1, f"malformed XML: unknown encoding ({exc})")
    return builder.root, None


def _text(element: Element) -> str:
    return " ".join("".join(e.text for e in element.walk()).split())


def read_tbx(data: bytes, name: str, source_lang: str = "ru", target_lang: str = "en"):
    """Terms of a TBX file: each source-language term of an entry, with that entry's target terms."""
    root, problem = parse_xml(data, name)
    if problem is not None:
        return [], [problem]
    assert root is not None
    if root.tag not in ("martif", "tbx"):
        return [], [LintProblem(name, root.line, f"not a TBX file (root element <{root.tag}>)")]
    terms: list[Term] = []
    problems: list[LintProblem] = []
    entries = [e for e in root.walk() if e.tag in ENTRY]
    if not entries:
        problems.append(LintProblem(name, None, "no termEntry / conceptEntry in the file", "warning"))
    for entry in entries:
        note = _entry_note(entry)
        sources: list[tuple[str, int, str | None]] = []
        approved: list[str] = []
        forbidden: list[str] = []
        for lang_set in entry.find_all(LANG):
            lang = (lang_set.attrs.get(XML_LANG) or lang_set.attrs.get("lang") or "").lower().split("-")[0]
            if not lang:
                problems.append(LintProblem(name, lang_set.line, f"<{lang_set.tag}> without xml:lang"))
                continue
            groups = lang_set.find_all(TERM_GROUP)
            for group in groups:
                term_elements = [e for e in group.walk() if e.tag == "term"]
                if not term_elements or not _text(term_elements[0]):
                    problems.append(LintProblem(name, group.line, f"<{group.tag}> without a term"))
                    continue
                text = _text(term_elements[0])
                status, pos = _term_notes(group)
                if lang == source_lang:
                    sources.append((text, group.line, pos))
                elif lang == target_lang:
                    (forbidden if status in FORBIDDEN_STATUSES else approved).append(text)
        if not sources:
            continue
        if not approved:
            problems.append(LintProblem(name, entry.line, f"entry for {sources[0][0]!r} has no approved {target_lang} term"))
            continue
        for text, line, pos_text in sources:
            try:
                pos = normalize_pos(pos_text) if len(text.split()) == 1 else None
            except KeyError:
                problems.append(LintProblem(name, line, f"unknown part of speech {pos_text!r}; ignored", "warning"))
                pos = None
            terms.append(
                Term(
                    source=text,
                    approved=tuple(approved),
                    forbidden=tuple(forbidden),
                    note=note,
                    origin=f"{name}:{line}",
                    pos=pos,
                )
            )
    return terms, problems


def _entry_note(entry: Element) -> str | None:
    parts = []
    for e in entry.walk():
        if e.tag == "note" or (e.tag == "descrip" and e.attrs.get("type") in ("definition", "context", "note")):
            text = _text(e)
            if text:
                parts.append(text)
    return "; ".join(parts) or None


def _term_notes(group: Element) -> tuple[str, str | None]:
    status, pos = "", None
    for e in group.walk():
        kind = e.attrs.get("type", "")
        if e.tag in ("termNote", "administrativeStatus", "partOfSpeech"):
            if kind == "administrativeStatus" or e.tag == "administrativeStatus":
                status = _text(e).lower()
            elif kind == "partOfSpeech" or e.tag == "partOfSpeech":
                pos = _text(e)
    return status, pos
