"""Loading: encodings, formats, and bad input (exit-2 errors naming the file and line)."""

from __future__ import annotations

import codecs
import json

import pytest

from qa.errors import InputError
from qa.load import load
from qa.load.decode import decode

RUSSIAN = "Россия и США поддерживают регулярный контакт. Переговоры идут.\nВторой абзац: «слоны» и «ослы».\n"

# (encoding the bytes are written in, bytes transform, encoding the report must name)
ENCODINGS = [
    ("utf-8", lambda t: t.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), "utf-8-sig"),
    ("utf-16 LE with BOM", lambda t: t.encode("utf-16"), "utf-16"),
    ("utf-16 BE with BOM", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "utf-16"),
    ("cp1251", lambda t: t.encode("cp1251"), "cp1251"),
    ("koi8-r", lambda t: t.replace("«", "\"").replace("»", "\"").encode("koi8_r"), "koi8-r"),
]

BAD_INPUT = [
    # (name, file bytes or None for "does not exist", message fragment)
    ("missing", None, "no such file"),
    ("empty", b"", "file is empty"),
    ("blank", b"  \n\n", "file is empty"),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    ("nul in text", "текст\x00текст".encode(), "binary"),
    ("undecodable", b"\x98\x98\x98 abc \x98", "cannot decode"),
    ("mixed garbage", bytes(range(128, 256)) * 3, "cannot decode"),
]


@pytest.mark.parametrize("name,encode,expected", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_decodes_and_names_the_encoding(tmp_path, name, encode, expected):
    path = tmp_path / "a.ru.txt"
    path.write_bytes(encode(RUSSIAN))
    text, encoding = decode(path.read_bytes(), path)
    assert text.replace("«", '"').replace("»", '"') == RUSSIAN.replace("«", '"').replace("»", '"')
    assert encoding == expected


def test_crlf_is_normalised(tmp_path):
    text, _ = decode("один\r\nдва\r\n".encode(), tmp_path / "x")
    assert text == "один\nдва\n"


@pytest.mark.parametrize("name,data,fragment", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_an_input_error_naming_the_file(tmp_path, name, data, fragment):
    path = tmp_path / f"{name}.ru.txt"
    if data is not None:
        path.write_bytes(data)
    target = tmp_path / "t.en.txt"
    target.write_text("Hello.\n", encoding="utf-8")
    with pytest.raises(InputError) as excinfo:
        load(path, target)
    assert str(path) in str(excinfo.value)
    assert fragment in str(excinfo.value)


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        load(tmp_path, tmp_path / "x.en.txt")


def test_article_pair_keeps_markdown_and_skips_blank_lines(tmp_path):
    source = tmp_path / "a.ru.txt"
    target = tmp_path / "a.en.txt"
    source.write_text("# Заголовок\n\n- пункт списка\nАбзац.\n", encoding="utf-8")
    target.write_text("# Heading\n- list item\n\nParagraph.", encoding="utf-8")
    bitext = load(source, target)
    assert bitext.sources == ["# Заголовок", "- пункт списка", "Абзац."]
    assert bitext.targets == ["# Heading", "- list item", "Paragraph."]
    assert not bitext.aligned
    assert bitext.id == "a"
    assert bitext.encodings == {"source": "utf-8", "target": "utf-8"}


TSV_CASES = [
    # (file text, expected (sources, targets, ids) or error fragment)
    ("source\ttarget\tid\nДа.\tYes.\tx1\nНет.\tNo.\tx2\n", (["Да.", "Нет."], ["Yes.", "No."], ["x1", "x2"])),
    ("Да.\tYes.\nНет.\tNo.\n", (["Да.", "Нет."], ["Yes.", "No."], ["1", "2"])),
    ("Да.\tYes.\nНет.\n", ":2: expected 2 or 3 tab-separated columns"),
    ("Да.\tYes.\ta\tb\n", ":1: expected 2 or 3"),
    ("Да.\tYes.\tx\nНет.\tNo.\tx\n", "duplicate segment id 'x'"),
]


@pytest.mark.parametrize("text,expected", TSV_CASES)
def test_tsv(tmp_path, text, expected):
    path = tmp_path / "rows.tsv"
    path.write_text(text, encoding="utf-8")
    if isinstance(expected, str):
        with pytest.raises(InputError, match=expected):
            load(path)
        return
    bitext = load(path)
    assert (bitext.sources, bitext.targets, bitext.ids) == expected
    assert bitext.aligned


JSONL_CASES = [
    ([{"source": "Да.", "target": "Yes.", "id": 7}, {"source": "Нет.", "target": "No."}], (["Да.", "Нет."], ["Yes.", "No."], ["7", "2"])),
    (['{"source": "Да."', None], ":1: not valid JSON"),
    ([{"source": "Да."}], ':1: expected an object with string "source" and "target"'),
]


@pytest.mark.parametrize("rows,expected", JSONL_CASES)
def test_jsonl(tmp_path, rows, expected):
    path = tmp_path / "rows.jsonl"
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows if r is not None]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if isinstance(expected, str):
        with pytest.raises(InputError, match=expected):
            load(path)
        return
    bitext = load(path)
    assert (bitext.sources, bitext.targets, bitext.ids) == expected


def test_unknown_single_file_format(tmp_path):
    path = tmp_path / "rows.docx"
    path.write_bytes(b"PK")
    with pytest.raises(InputError, match="give a source and a target file"):
        load(path)


def test_seed_pair_loads():
    bitext = load("corpora/izvestia-ru-us-2025/source.ru.txt", "corpora/izvestia-ru-us-2025/target.en.txt")
    assert len(bitext.sources) == 29
    assert len(bitext.targets) == 30
    assert bitext.targets[-1] == "Переведено сервисом «Яндекс Переводчик»"
    assert bitext.id == "izvestia-ru-us-2025"
