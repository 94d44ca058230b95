"""The WMT-style folder the check benchmarks read: the source and every system's output, line by
line, and which output serves a system as its pivot (another system's: Online-B, Online-W for
Online-B itself). The text stays in the folder given; nothing of it is copied."""

from __future__ import annotations

from pathlib import Path

PIVOT, PIVOT_OF_PIVOT = "Online-B", "Online-W"


def read_systems(dataset: Path) -> tuple[list[str], dict[str, list[str]]]:
    """The source lines (newstest*.src.ru) and each system's output lines, by system name."""
    source = next(dataset.glob("newstest*.src.ru")).read_text(encoding="utf-8").splitlines()
    outputs = {
        path.name.split(".hyp.")[1][: -len(".en")]: path.read_text(encoding="utf-8").splitlines()
        for path in sorted((dataset / "system-outputs").glob("*.hyp.*.en"))
    }
    return source, outputs


def pivot_for(system: str, outputs: dict[str, list[str]], pivot: str = PIVOT) -> list[str]:
    """The output that is ``system``'s pivot: ``pivot``'s, or Online-W's for ``pivot`` itself."""
    return outputs[PIVOT_OF_PIVOT if system == pivot else pivot]
