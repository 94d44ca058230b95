"""The on-disk cache: hits and misses, damaged and foreign files, two processes, no heavy imports when cached."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

from qa.cache.results import CachedEngine, CacheWarning, ResultCache, score_from_json, score_to_json
from qa.errors import ConfigError
from qa.records import ModelScore, Span, TokenScore

REPO_ROOT = Path(__file__).resolve().parents[1]


class CountingEngine:
    """Pivots are upper-cased sources; scores are minus the target's length. Counts what it computes."""

    name = "transformers"
    unit = "sentence"

    def __init__(self, beam_size: int = 1):
        self.beam_size = beam_size
        self.translated: list[str] = []
        self.scored: list[tuple[str, str]] = []

    def signature(self):
        return {"engine": self.name, "model": "counting", "beam_size": self.beam_size}

    def translate(self, sources, **options):
        self.translated.extend(sources)
        return [s.upper() for s in sources]

    def score(self, sources, targets):
        self.scored.extend(zip(sources, targets, strict=True))
        return [
            ModelScore(-float(len(t)), [TokenScore(t, Span(0, len(t)), -1.0)], [(Span(0, 1), Span(0, 1))])
            if t
            else None
            for t in targets
        ]


# (first run's sources, second run's sources, what the second run must compute)
TRANSLATE_RUNS = [
    (["a", "b"], ["a", "b"], []),
    (["a", "b"], ["b", "c", "c"], ["c"]),
    (["a", "a", "a"], ["a"], []),
    ([], ["x"], ["x"]),
]

# files mtqa cannot recognise as a cache of its own: never replaced
FOREIGN = [
    ("text", "Привет, мир.\n".encode() * 100),
    ("garbage", b"this is not a database at all" * 100),
    ("sqlite-header-only", b"SQLite format 3\x00" + b"\x00" * 84),
]


@pytest.mark.parametrize("first,second,computed", TRANSLATE_RUNS)
def test_translate_hits_and_misses(tmp_path, first, second, computed):
    path = tmp_path / "cache.sqlite3"
    CachedEngine(CountingEngine(), path).translate(first)
    engine = CountingEngine()
    assert CachedEngine(engine, path).translate(second) == [s.upper() for s in second]
    assert engine.translated == computed


def test_scores_round_trip_and_none_is_not_kept(tmp_path):
    path = tmp_path / "cache.sqlite3"
    first = CountingEngine()
    out1 = CachedEngine(first, path).score(["s1", "s2", "s1"], ["tt", "", "tt"])
    assert first.scored == [("s1", "tt"), ("s2", "")]
    second = CountingEngine()
    out2 = CachedEngine(second, path).score(["s1", "s2"], ["tt", ""])
    assert second.scored == [("s2", "")]
    assert out2[0] == out1[0] and out2[1] is None


def test_another_signature_misses(tmp_path):
    path = tmp_path / "cache.sqlite3"
    CachedEngine(CountingEngine(beam_size=1), path).translate(["a"])
    engine = CountingEngine(beam_size=4)
    CachedEngine(engine, path).translate(["a"])
    assert engine.translated == ["a"]


def test_score_json_round_trip():
    score = ModelScore(
        -1.25,
        [TokenScore("Мир", Span(0, 3), -0.5), TokenScore("</s>", None, -2.0)],
        [(Span(0, 3), Span(4, 9))],
    )
    assert score_from_json(score_to_json(score)) == score


@pytest.mark.parametrize("label,content", FOREIGN)
def test_a_file_that_is_not_an_mtqa_cache_is_refused_and_left_as_it_is(tmp_path, label, content):
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="not an mtqa cache; mtqa never replaces such a file"):
        CachedEngine(CountingEngine(), path).translate(["a"])
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused_and_kept(tmp_path):
    path = tmp_path / "photos.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER)")
        conn.execute("INSERT INTO photos VALUES (7)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ConfigError, match=r"another program's SQLite database \(tables: photos\)"):
        CachedEngine(CountingEngine(), path).translate(["a"])
    assert path.read_bytes() == before


def _filled_cache(path: Path, rows: int = 3000) -> None:
    cache = ResultCache(path)
    cache.put_pivots("k", {f"source {n} " + "x" * 50: f"pivot {n}" for n in range(rows)})
    cache.close()


def test_a_damaged_mtqa_cache_is_reported_once_and_rebuilt(tmp_path):
    path = tmp_path / "cache.sqlite3"
    _filled_cache(path)
    size = path.stat().st_size
    with path.open("r+b") as handle:  # the schema pages stay; the pivots' pages become garbage
        handle.seek(size // 2)
        handle.write(b"\xff" * (size - size // 2))
    engine = CountingEngine()
    cached = CachedEngine(engine, path)
    with pytest.warns(CacheWarning, match="damaged") as record:
        assert cached.translate(["a", "b"]) == ["A", "B"]
        assert cached.translate(["a"]) == ["A"]
    assert len(record) == 1
    assert engine.translated == ["a", "b"]  # the second call was served from the rebuilt cache


# (what a stored row was damaged into): read back as a miss, recomputed and replaced, never a crash
DAMAGED_ROWS = [
    ("pivots", "pivot", b"\x00\xff"),
    ("scores", "score", "{not json"),
    ("scores", "score", '{"logprob": "high", "tokens": [], "alignment": []}'),
    ("scores", "score", '{"logprob": -1.0, "tokens": [["a", 5, 2, -1.0]], "alignment": []}'),
    ("scores", "score", '{"logprob": -1.0, "tokens": [["a", 0]], "alignment": []}'),
    ("scores", "score", '{"tokens": []}'),
]


@pytest.mark.parametrize("table,column,value", DAMAGED_ROWS)
def test_a_damaged_row_is_dropped_and_recomputed(tmp_path, table, column, value):
    path = tmp_path / "cache.sqlite3"
    CachedEngine(CountingEngine(), path).translate(["a"])
    CachedEngine(CountingEngine(), path).score(["a"], ["tt"])
    with sqlite3.connect(path) as conn:
        conn.execute(f"UPDATE {table} SET {column} = ?", (value,))
    conn.close()
    engine = CountingEngine()
    cached = CachedEngine(engine, path)
    assert cached.translate(["a"]) == ["A"]
    assert cached.score(["a"], ["tt"])[0].logprob == -2.0
    assert (engine.translated, engine.scored) == ((["a"], []) if table == "pivots" else ([], [("a", "tt")]))
    again = CountingEngine()  # the recomputed row replaced the damaged one
    CachedEngine(again, path).translate(["a"]), CachedEngine(again, path).score(["a"], ["tt"])
    assert (again.translated, again.scored) == ([], [])


def test_a_read_only_cache_is_left_alone_and_the_run_goes_on_without_it(tmp_path):
    path = tmp_path / "cache.sqlite3"
    CachedEngine(CountingEngine(), path).translate(["a"])
    path.chmod(0o444)
    before = (path.stat().st_ino, path.read_bytes())
    engine = CountingEngine()
    with pytest.warns(CacheWarning, match=r"cannot use the cache \(the cache file is read-only\); running without it"):
        assert CachedEngine(engine, path).translate(["a", "b"]) == ["A", "B"]
    assert engine.translated == ["a", "b"]
    assert (path.stat().st_ino, path.read_bytes()) == before


def test_unusable_location_runs_uncached(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    engine = CountingEngine()
    cached = CachedEngine(engine, blocker / "cache.sqlite3")
    with pytest.warns(CacheWarning, match="running without it"):
        assert cached.translate(["a"]) == ["A"]
    assert cached.translate(["a"]) == ["A"]
    assert engine.translated == ["a", "a"]


WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    sys.path.insert(0, {tests!r})
    from test_engine_cache import CountingEngine
    from qa.cache.results import CachedEngine
    engine = CachedEngine(CountingEngine(), {path!r})
    for start in range(0, 400, 20):
        batch = [f"{{sys.argv[1]}}-{{i}}" for i in range(start, start + 20)] + [f"shared-{{i}}" for i in range(start, start + 20)]
        assert engine.translate(batch) == [s.upper() for s in batch]
    """
)


def test_two_processes_share_the_cache(tmp_path):
    path = tmp_path / "cache.sqlite3"
    script = WRITER.format(root=str(REPO_ROOT), tests=str(REPO_ROOT / "tests"), path=str(path))
    procs = [
        subprocess.Popen(
            [sys.executable, "-W", "error::UserWarning", "-c", script, name], stderr=subprocess.PIPE
        )
        for name in ("p", "q")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM pivots").fetchone()[0] == 400 + 400 + 400


RECHECK = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, {root!r})
    from qa.engine import build_engine
    from qa.settings import Settings
    engine = build_engine(Settings(model={model!r}, cache={cache!r}, device="cpu", engine={engine!r}))
    sources = {sources!r}
    pivots = engine.translate(sources)
    scores = engine.score(sources, pivots)
    heavy = sorted(m for m in ("torch", "transformers", "ctranslate2", "sentencepiece") if m in sys.modules)
    print(json.dumps({{"pivots": pivots, "logprobs": [s.logprob if s else None for s in scores], "heavy": heavy}}))
    """
)


def run_check(model: Path, cache: Path, engine: str = "transformers") -> dict:
    sources = ["Два раунда консультаций прошли более полугода назад.", "Контакты носят регулярный характер."]
    script = RECHECK.format(
        root=str(REPO_ROOT), model=str(model), cache=str(cache), engine=engine, sources=sources
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_cached_recheck_imports_no_model_library(tiny_model, tmp_path):
    cache = tmp_path / "cache.sqlite3"
    cold = run_check(tiny_model, cache)
    assert "torch" in cold["heavy"]  # the first run really used the model
    warm = run_check(tiny_model, cache)
    assert warm["heavy"] == []
    assert (warm["pivots"], warm["logprobs"]) == (cold["pivots"], cold["logprobs"])


def test_no_cache_setting_builds_a_plain_engine(tiny_model, tmp_path):
    from qa.engine import build_engine
    from qa.settings import Settings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        engine = build_engine(Settings(model=str(tiny_model), use_cache=False))
    assert not isinstance(engine, CachedEngine)
    assert isinstance(
        build_engine(Settings(model=str(tiny_model), cache=str(tmp_path / "c.db"))), CachedEngine
    )


def test_result_cache_reads_what_another_instance_wrote(tmp_path):
    path = tmp_path / "c.sqlite3"
    ResultCache(path).put_pivots("k", {"a": "A"})
    assert ResultCache(path).get_pivots("k", ["a", "b"]) == {"a": "A"}
