"""--jobs: how a batch lays out the checks (processes for the file and none engines; a model's run
in sequence: translating the next documents in a thread while this process checked ran at 0.52 x the
sequence, benchmarks/results/speed-pipeline.txt, and was removed)."""

from __future__ import annotations

import threading

import pytest
from typer.testing import CliRunner

import qa.checks.runner
import qa.pipeline
from qa.checks.runner import layout
from qa.cli import app
from qa.config import validate
from qa.errors import ConfigError
from qa.records import Bitext

SOURCES = [
    ["Работа по «раздражителям» идёт. Встреча прошла 27 февраля.", "Это обычная практика."],
    ["Контакты носят регулярный характер.", "В Москве прошли консультации 12 марта."],
    ["Два раунда консультаций прошли более полугода назад."],
]
TARGETS = [
    ["Work on irritants is under way. The meeting took place on February 28.", "Это обычная практика."],
    ["The contacts are regular.", "Consultations were held in Moscow on March 13."],
    ["Two rounds of consultations took place more than six months ago."],
]


def _bitexts(copies: int = 1) -> list[Bitext]:
    return [
        Bitext(id=f"d{n}-{k}", source_path=None, target_path=None, sources=list(s), targets=list(t))
        for k in range(copies)
        for n, (s, t) in enumerate(zip(SOURCES, TARGETS, strict=True))
    ]


class _ThreadEngine:
    """A model-like engine (unit: sentence) recording the thread each call runs in."""

    name = "recording"
    unit = "sentence"
    cacheable = True

    def __init__(self):
        self.threads: list[str] = []

    def signature(self):
        return {"engine": self.name}

    def translate(self, sources):
        self.threads.append(threading.current_thread().name)
        return [f"Pivot for: {s}" for s in sources]

    def score(self, sources, targets):
        self.threads.append(threading.current_thread().name)
        return [None] * len(sources)


class _File(_ThreadEngine):
    name = "file"
    unit = "paragraph"


class _NoModel(_ThreadEngine):
    name = "none"


# (--jobs, engine, documents, cores, load average) -> check processes
LAYOUTS = [
    (1, _ThreadEngine, 500, 2, 0.0, 1),
    (2, _ThreadEngine, 500, 2, 0.0, 2),
    (2, _ThreadEngine, 1, 2, 0.0, 1),  # one document: nothing to share out
    ("auto", _ThreadEngine, 500, 2, 0.0, 1),  # a model: its threads, in sequence (overlap measured slower)
    ("auto", _ThreadEngine, 500, 1, 0.0, 1),  # one core: nothing to overlap with
    ("auto", _File, 500, 2, 0.0, 2),
    ("auto", _File, 10, 2, 0.0, 1),  # too few documents to pay for starting processes
    ("auto", _NoModel, 500, 4, 0.3, 4),
    ("auto", _NoModel, 500, 4, 1.8, 2),  # the cores other processes leave idle
    ("auto", _NoModel, 500, 2, 1.2, 1),
    ("auto", _File, 500, 2, 18.0, 1),  # a busy shared machine: one process
    ("auto", _NoModel, 500, 1, 0.0, 1),
]


@pytest.mark.parametrize("jobs,engine,documents,cores,load,expected", LAYOUTS)
def test_layout(monkeypatch, jobs, engine, documents, cores, load, expected):
    monkeypatch.setattr(qa.checks.runner.os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    monkeypatch.setattr(qa.checks.runner.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(qa.checks.runner.os, "getloadavg", lambda: (load, load, load))
    assert layout(jobs, engine(), documents) == expected


# (value, expected) for the jobs setting; None: an error
JOBS = [("auto", "auto"), (3, 3), ("2", 2), ("0", None), (0, None), ("fast", None), (True, None)]


@pytest.mark.parametrize("value,expected", JOBS)
def test_jobs_setting(value, expected):
    if expected is None:
        with pytest.raises(ConfigError, match="auto or a whole number"):
            validate("jobs", value, "--jobs")
    else:
        assert validate("jobs", value, "--jobs") == expected


def test_bad_jobs_flag_is_a_usage_error(tmp_path):
    (tmp_path / "a.ru.txt").write_text("Привет.\n", encoding="utf-8")
    (tmp_path / "a.en.txt").write_text("Hello.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(tmp_path), "--engine", "none", "--no-cache", "--jobs", "fast"])
    assert result.exit_code == 2
    assert "auto or a whole number" in result.output and "Traceback" not in result.output


def test_jobs_auto_batch_runs(tmp_path):
    for n in range(3):
        (tmp_path / f"a{n}.ru.txt").write_text(SOURCES[n][0] + "\n", encoding="utf-8")
        (tmp_path / f"a{n}.en.txt").write_text(TARGETS[n][0] + "\n", encoding="utf-8")
    args = ["batch", str(tmp_path), "--engine", "none", "--no-cache", "--no-progress", "-f", "json"]
    auto = CliRunner().invoke(app, [*args, "--jobs", "auto"])
    one = CliRunner().invoke(app, [*args, "--jobs", "1"])
    assert auto.exit_code == one.exit_code
    assert auto.exit_code in (0, 1), auto.output
    assert auto.stdout == one.stdout
