"""The small chart of a document in the HTML report: one bar per segment, in order, as inline SVG.

A bar's height is the segment's calibrated ``mtqa`` score where the document has those (on a fixed
scale, -2 to +1, so that charts of two documents compare; a line marks 0, an average 2021 news MT
segment), else its chrF++ against the pivot (0 to 100); its colour is the worst severity of the
segment's findings (grey: none). A segment without a score is a stub at the bottom. Each bar links
to its segment's row and names it, its score and its findings in a tooltip. Without any score
(engine ``none``) the bars are all full height: a strip of the findings along the document. No
script, font or file is loaded: the SVG is part of the page, coloured by the page's stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable

from qa.records import Document, Segment

#: what a bar measures, by preference, with the scale it is drawn on
SCALES = (("mtqa", "mtqa", -2.0, 1.0), ("chrf", "chrF++", 0.0, 100.0))
WIDTH, HEIGHT, MIN_BAR = 240, 28, 2.0


def segment_chart(document: Document, row_id: Callable[[Segment], str], escape: Callable[[str], str]) -> str:
    """The SVG (empty for a document without segments)."""
    segments = document.segments
    if not segments:
        return ""
    scale = next((s for s in SCALES if any(s[0] in seg.scores for seg in segments)), None)
    step = WIDTH / len(segments)
    gap = 1.0 if step >= 4 else 0.0
    bars = []
    for i, segment in enumerate(segments):
        height, said = _height(segment, scale)
        severity = max((f.severity for f in segment.findings), default=None, key=lambda s: s.rank)
        name = severity.value if severity else "none"
        count = len(segment.findings)
        tip = f"§{segment.id}: {said}, {count} finding{'s' if count != 1 else ''}" + (f" (worst {name})" if severity else "")
        bars.append(
            f'<a href="#{row_id(segment)}"><rect class="bar sev-{name}" x="{i * step:.2f}" y="{HEIGHT - height:.2f}" '
            f'width="{max(step - gap, 0.5):.2f}" height="{height:.2f}"><title>{escape(tip)}</title></rect></a>'
        )
    if scale is None:
        what = f"findings of each of the {len(segments)} segments (no scores)"
        zero = ""
    else:
        key, label, low, high = scale
        what = f"{label} of each of the {len(segments)} segments, on a scale of {low:g} to {high:g}"
        zero = f'<line class="zero" x1="0" x2="{WIDTH}" y1="{_y(0.0, low, high):.2f}" y2="{_y(0.0, low, high):.2f}"/>' if low < 0 < high else ""
    return (
        f'<svg class="chart" role="img" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(what)}</title>{"".join(bars)}{zero}</svg>'
    )


def _height(segment: Segment, scale) -> tuple[float, str]:
    """A bar's height and what it stands for, in words."""
    if scale is None:
        return float(HEIGHT), "no score"
    key, label, low, high = scale
    value = segment.scores.get(key)
    if value is None:
        return MIN_BAR, f"no {label} score"
    return max(HEIGHT - _y(value, low, high), MIN_BAR), f"{label} {value:+.2f}" if key == "mtqa" else f"{label} {value:.1f}"


def _y(value: float, low: float, high: float) -> float:
    """The y of a value on the scale (clipped to it): 0 at the top (high), HEIGHT at the bottom (low)."""
    share = (min(max(value, low), high) - low) / (high - low)
    return HEIGHT * (1 - share)

