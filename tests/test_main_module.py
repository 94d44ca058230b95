"""``python -m qa`` is the ``mtqa`` command (what benchmarks/speed.py and memory.py run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_python_dash_m_qa_runs_mtqa():
    done = subprocess.run([sys.executable, "-m", "qa", "checks"], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "mistranslation" in done.stdout and "names" in done.stdout
