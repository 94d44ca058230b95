"""Turn the bytes of an input file into text, carefully.

UTF-8 (with or without BOM) and UTF-16 with BOM are recognised exactly; any
other file is handed to charset-normalizer, restricted to the Cyrillic legacy
encodings a newsroom meets (cp1251, koi8-r). Binary and undecodable files are
an :class:`~qa.errors.InputError` naming the file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from qa.errors import InputError

LEGACY_ENCODINGS = ("cp1251", "koi8_r")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: str | Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a directory, not a file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{path}: file is empty")
    return data


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Text and the name of the encoding it was decoded from."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding)), encoding
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not valid {encoding} at byte {exc.start}") from None
    if b"\x00" in data:
        raise InputError(f"{path}: looks like a binary file (NUL bytes), not text")
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None or best.encoding not in LEGACY_ENCODINGS:
        raise InputError(
            f"{path}: cannot decode: not UTF-8 (invalid byte at offset {utf8_error}), UTF-16 with BOM, cp1251 or koi8-r"
        )
    text = str(best)
    if _control_share(text) > 0.01:
        raise InputError(f"{path}: looks like a binary file, not text")
    return _normalise(text), best.encoding.replace("_", "-")


def read_text(path: str | Path) -> tuple[str, str]:
    return decode(read_bytes(path), path)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(1, len(text))
