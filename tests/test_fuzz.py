"""Fuzzing every reader (issue 14): hypothesis draws odd and broken files of each input kind
(qa.testing.inputs.STRATEGIES) and each must be read or refused with one line (a QAError, exit
2), never crash. A few hundred examples run here; benchmarks/fuzz.py runs tens of thousands.
Odd text is also checked end to end: no check may raise on it (the runner would contain it)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from qa.checks.runner import NOT_CHECKED
from qa.testing.inputs import CHECKED, STRATEGIES, check_odd_text, feed

FAST = settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("kind", sorted(STRATEGIES))
def test_every_reader_reads_or_refuses_with_one_line(kind):
    seen = {"read": 0, "refused": 0}

    @FAST
    @given(files=STRATEGIES[kind])
    def read(files):
        with tempfile.TemporaryDirectory() as folder:
            outcome = feed(kind, files, Path(folder))
        seen[outcome.split(":")[0]] += 1

    read()
    assert seen["read"] + seen["refused"] >= 30


def test_odd_text_is_checked_without_a_check_raising():
    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=CHECKED)
    def check(case):
        pairs, as_article = case
        with tempfile.TemporaryDirectory() as folder:
            report = check_odd_text(pairs, as_article, Path(folder))
        if report is not None:
            raised = [f.message for f in report.findings if f.note == NOT_CHECKED]
            assert not raised, raised

    check()
