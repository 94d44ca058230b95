"""The documents' table of the terminal summary, laid out to the console's width.

Numbers are never cut: each column is as wide as its widest value. The table takes the first
layout that fits: full headers with the document name in the first column; abbreviated headers
(explained by a legend under the table); abbreviated headers with each document's name on a line
of its own above its numbers (at 80 columns, the numbers of every score fit). A console narrower
than the numbers themselves folds the lines (no value is replaced by an ellipsis).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

GAP = 2  # spaces between columns


@dataclass(frozen=True)
class Column:
    full: str
    short: str


@dataclass
class Row:
    name: str
    cells: list[Text]


def show_table(title: str, name_header: str, columns: list[Column], rows: list[Row], console: Console, legend: str) -> None:
    """Print the table in the first layout that fits ``console.width``, and ``legend`` if abbreviated."""
    width = console.width
    console.print(Text(title, style="italic"))
    name_width = max([len(name_header), *(len(row.name) for row in rows)])
    for short, inline in ((False, True), (True, True), (True, False)):
        headers = [c.short if short else c.full for c in columns]
        widths = [max([len(h), *(len(row.cells[i]) for row in rows)]) for i, h in enumerate(headers)]
        numbers = sum(widths) + GAP * (len(widths) - 1)
        if not inline or name_width + GAP + numbers <= width:
            break
    lead = name_width + GAP if inline else max(0, min(width, numbers + GAP) - numbers)
    head = Text((name_header if inline else "").ljust(lead), style="bold")
    head.append(_joined([Text(h, style="bold") for h in headers], widths))
    console.print(head, overflow="fold")
    console.print(Text("─" * min(width, lead + numbers), style="dim"))
    for row in rows:
        line = Text(row.name.ljust(lead) if inline else " " * lead)
        if not inline:
            console.print(Text(row.name, style="bold"), overflow="fold")
        line.append(_joined(row.cells, widths))
        console.print(line, overflow="fold")
    if short:
        console.print(Text(legend, style="dim"))


def _joined(cells: list[Text], widths: list[int]) -> Text:
    out = Text()
    for n, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        if n:
            out.append(" " * GAP)
        out.append(" " * (width - len(cell)))
        out.append(cell)
    return out
