"""Turn the bytes of an input file into text, carefully.

Only regular files are read (a FIFO, a device or a socket is refused before it is opened: a
FIFO would block, ``/dev/zero`` never ends), and no more than :class:`Limits` allow (per file,
and per line once decoded). UTF-8 (with or without BOM), UTF-16 and UTF-32 with BOM are
recognised exactly. A file that is UTF-8 but for a few bad bytes is reported as such, with the
line number, never re-guessed. Any other file is handed to charset-normalizer, restricted to the
Cyrillic legacy encodings a newsroom meets (cp1251, koi8-r). Binary and undecodable files, NUL
characters and files with nothing but a BOM and whitespace are an :class:`~qa.errors.InputError`
naming the file.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from qa.errors import InputError

LEGACY_ENCODINGS = ("cp1251", "koi8_r")
# longest first: the UTF-32-LE BOM begins with the UTF-16-LE one
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Limits:
    """How much one input may hold: bytes per file, characters per line (a policy, not a crash:
    past either, the file is an InputError that names the setting to raise)."""

    max_file_bytes: int = 50_000_000
    max_line_chars: int = 100_000

    @classmethod
    def from_settings(cls, settings) -> Limits:
        return cls(
            max_file_bytes=int(settings.max_file_mb * 1_000_000),
            max_line_chars=settings.max_line_chars,
        )


DEFAULT_LIMITS = Limits()
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")


def require_regular(path: str | Path) -> Path:
    """``path`` when it names a regular file (following symlinks); InputError otherwise."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path}: is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file"
        raise InputError(f"{path}: is {kind}, not a regular file; mtqa reads regular files only")
    return path


def read_bytes(path: str | Path, limits: Limits = DEFAULT_LIMITS, *, allow_empty: bool = False) -> bytes:
    """The bytes of a regular file of at most ``limits.max_file_bytes``."""
    path = require_regular(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > limits.max_file_bytes:
        raise InputError(
            f"{path}: larger than the limit of {limits.max_file_bytes / 1e6:g} MB (max-file-mb); split it or raise the limit"
        )
    if not allow_empty and not data.strip():
        raise InputError(f"{path}: file is empty")
    return data


def decode(data: bytes, path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    """Text and the name of the encoding it was decoded from."""
    text, encoding = _decode(data, path)
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    check_text(text, path, limits)
    return text, encoding


def _decode(data: bytes, path: str | Path) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}: not valid {encoding} at byte {exc.start}") from None
            return _normalise(text.removeprefix("\ufeff")), encoding
    if b"\x00" in data:
        raise InputError(f"{path}: looks like a binary file (NUL bytes), not text")
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    bad = _mostly_utf8(data)
    if bad is not None:
        line = data[:bad].count(b"\n") + 1
        column = bad - (data.rfind(b"\n", 0, bad) + 1) + 1
        raise InputError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[bad]:02x} at byte {column} of the line);"
            " the rest of the file is UTF-8: fix that line"
        )
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None or best.encoding not in LEGACY_ENCODINGS:
        raise InputError(
            f"{path}: cannot decode: not UTF-8 (invalid byte at offset {utf8_error}), UTF-16 or UTF-32 with BOM, cp1251 or koi8-r"
        )
    text = str(best)
    if _control_share(text) > 0.01:
        raise InputError(f"{path}: looks like a binary file, not text")
    return _normalise(text), best.encoding.replace("_", "-")


def _mostly_utf8(data: bytes) -> int | None:
    """The offset of the first bad byte of a file that is UTF-8 but for a few bad bytes; None for a
    file that is not UTF-8 at all. In a cp1251 or koi8-r text nearly every Cyrillic letter is an
    invalid UTF-8 byte and valid multibyte sequences are rare accidents; in a UTF-8 file with a bad
    line the valid multibyte sequences outnumber the bad bytes."""
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED.findall(text))
    valid = len(_NON_ASCII.findall(text)) - invalid
    if valid <= invalid:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def check_text(text: str, where: str | Path, limits: Limits = DEFAULT_LIMITS, *, line: int | None = None) -> None:
    """InputError for text mtqa must not take: NUL characters, lone surrogates (from a JSON escape
    such as ``\\ud800``: no file can hold them), lines longer than the limit. The error names
    ``where`` and the line: ``line`` when given (one field of a row), else the line of the text."""

    def at(offset: int) -> str:
        return f"{where}:{line if line is not None else text.count(chr(10), 0, offset) + 1}"

    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"{at(nul)}: holds a NUL character; mtqa does not read binary data")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{at(exc.start)}: holds a lone surrogate (U+{ord(text[exc.start]):04X}), which no text can hold") from None
    if len(text) > limits.max_line_chars:
        offset = 0
        for piece in text.split("\n"):
            if len(piece) > limits.max_line_chars:
                raise InputError(
                    f"{at(offset)}: a line of {len(piece):,} characters, over the limit of {limits.max_line_chars:,} (max-line-chars)"
                )
            offset += len(piece) + 1


def read_text(path: str | Path, limits: Limits = DEFAULT_LIMITS) -> tuple[str, str]:
    return decode(read_bytes(path, limits), path, limits)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls / max(1, len(text))
