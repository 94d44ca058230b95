"""XLIFF 1.2 / 2.0, TMX and PO through translate-toolkit, with XML that declares entities refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.errors import InputError
from qa.load import load
from qa.load.localization import load_tmx

DATA = Path(__file__).parent / "data" / "localization"

# file, ids, sources, targets
CASES = [
    (
        "article-1.2.xlf",
        ["article.txt:p1", "article.txt:p2", "article.txt:p3"],
        ["Москва & Кремль заявили.", "Второй.", "Третий абзац."],
        ["Moscow & the Kremlin said.", "", "Third paragraph."],
    ),
    (
        "units-2.0.xliff",
        ["u1::s1", "u1::s2", "u2"],
        ["Москва заявила.", "Второе <предложение>.", "Без перевода."],
        ["Moscow said.", "Second sentence.", ""],
    ),
    ("pair.tmx", ["t1", "2"], ["Привет, мир.", "Второе."], ["Hello, world.", "Second."]),
    (
        "messages.po",
        ["article.txt:1", "2", "3"],
        ["Москва заявила.", "Файл", "Одно яблоко"],
        ["Moscow said.", "", "One apple"],
    ),
]


@pytest.mark.parametrize("name, ids, sources, targets", CASES)
def test_units(name, ids, sources, targets):
    bitext = load(DATA / name)
    assert bitext.aligned
    assert (bitext.ids, bitext.sources, bitext.targets) == (ids, sources, targets)
    assert bitext.source_path == bitext.target_path == str(DATA / name)


def test_tmx_languages_chosen_among_three():
    bitext = load_tmx(DATA / "three-languages.tmx", "ru", "en")
    assert bitext.sources == ["Привет, мир.", "Второе."]
    assert bitext.targets == ["Hello, world.", "Second."]
    bitext = load_tmx(DATA / "three-languages.tmx", "ru", "de")
    assert bitext.targets[0] == "Hallo Welt."
    with pytest.raises(InputError, match="cannot tell the target language among de, en-US, ru"):
        load(DATA / "three-languages.tmx")


def test_billion_laughs_is_refused():
    with pytest.raises(InputError, match=r"billion-laughs.xlf: refused: the XML declares entities"):
        load(DATA / "billion-laughs.xlf")


ENTITY_FILES = [
    # an external entity naming a local file
    '<!DOCTYPE xliff [ <!ENTITY secret SYSTEM "file://{secret}"> ]>',
    # a parameter entity pulling an external DTD from the network
    '<!DOCTYPE xliff [ <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote; ]>',
    # an internal entity
    '<!DOCTYPE xliff [ <!ENTITY secret "expanded"> ]>',
]


@pytest.mark.parametrize("doctype", ENTITY_FILES)
@pytest.mark.parametrize("suffix", [".xlf", ".tmx"])
def test_entity_declarations_are_refused(tmp_path, doctype, suffix):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    if suffix == ".xlf":
        body = (
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" '
            'source-language="ru" target-language="en" datatype="plaintext"><body><trans-unit id="1">'
            "<source>Секрет: &secret;</source><target>x</target></trans-unit></body></file></xliff>"
        )
    else:
        body = '<tmx version="1.4"><header srclang="ru"/><body><tu><tuv xml:lang="ru"><seg>&secret;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>'
    path = tmp_path / f"evil{suffix}"
    path.write_text('<?xml version="1.0"?>\n' + doctype.replace("{secret}", str(secret)).replace("xliff", "tmx" if suffix == ".tmx" else "xliff", 1) + "\n" + body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(path)
    assert "refused" in str(caught.value) and str(path) in str(caught.value)
    assert "TOP-SECRET" not in str(caught.value)


def test_plain_doctype_without_declarations_is_read():
    # three-languages.tmx has <!DOCTYPE tmx SYSTEM "tmx14.dtd">, which is never fetched
    assert "DOCTYPE" in (DATA / "three-languages.tmx").read_text(encoding="utf-8")
    assert load_tmx(DATA / "three-languages.tmx", "ru", "en").ids == ["t1", "2"]


BROKEN = [
    ("broken.xlf", b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n</xliff>', r"broken.xlf:4: not well-formed XML"),
    ("other.xlf", b'<?xml version="1.0"?><html/>', r"other.xlf: not an XLIFF file \(root element <html>\)"),
    ("empty.po", b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', r"empty.po: no translation units"),
    ("nolang.tmx", b'<tmx version="1.4"><header/><body/></tmx>', r"nolang.tmx: the TMX header names no srclang"),
]


@pytest.mark.parametrize("name, data, message", BROKEN)
def test_broken_files_are_input_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        load(path)


def test_input_files_are_not_written(tmp_path):
    path = tmp_path / "article.xlf"
    path.write_bytes((DATA / "article-1.2.xlf").read_bytes())
    before = path.stat().st_mtime_ns, path.read_bytes()
    load(path)
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before
