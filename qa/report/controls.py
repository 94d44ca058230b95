"""Text from the documents made safe to show: control characters and bidi controls made visible.

A source, target or pivot may hold escape sequences (clear the screen, set the title, hide text,
print a green "gate: passed" inside a failing report), other C0 and C1 controls, and the Unicode
controls that reorder text (bidi embeddings, overrides, isolates and marks: a "Trojan Source"
line reads one way and is another). The terminal, Markdown and HTML reports show each of them as
its escape, ``\\x1b`` or ``\\u202e``, never the character itself; the JSON, SARIF, JUnit and CSV
reports keep the text exact (their readers escape what they show). Tabs are kept.
"""

from __future__ import annotations

import re

#: bidi controls: ALM, LRM, RLM, embeddings and overrides (LRE RLE PDF LRO RLO), isolates (LRI RLI FSI PDI)
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_SHOWN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f" + BIDI_CONTROLS + "]")


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character (but the tab) and bidi control written as its escape."""
    if not text or not _SHOWN.search(text):
        return text
    return _SHOWN.sub(lambda m: _escape(m.group()), text)


def visible_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`visible` and where each offset of ``text`` lands in it (``len(text) + 1`` entries), so
    that a finding's span still covers its characters once they are escaped."""
    if not text or not _SHOWN.search(text):
        return text, list(range(len(text) + 1))
    out: list[str] = []
    offsets: list[int] = []
    at = 0
    for char in text:
        offsets.append(at)
        shown = _escape(char) if _SHOWN.fullmatch(char) else char
        out.append(shown)
        at += len(shown)
    offsets.append(at)
    return "".join(out), offsets
