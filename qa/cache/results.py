"""A persistent cache of pivots and scores: an engine wrapper over one SQLite file.

Entries are keyed by a hash of the engine's signature (model, revision,
backend, compute type, decoding settings, cache format) and the exact text, so
a changed model or setting never reads stale results. The wrapped engine loads
its model only on a miss: a fully cached run imports neither torch nor
ctranslate2.

Two processes may share the file (WAL journal, busy timeout). The file is never replaced unless
it is recognisably an mtqa cache: any other file (a text, another program's SQLite database, bytes
SQLite cannot read) is refused with a ConfigError (exit 2) and left as it is (:func:`inspect_cache`).
A read-only cache is left alone too: the run goes on without it and says so. A damaged mtqa cache
is reported once and rebuilt; a stored row that cannot be read back is dropped and recomputed; a
cache that cannot be written at all is reported and skipped. None of these stops a check.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from qa.errors import ConfigError
from qa.outputs import meant_writable
from qa.records import LazyAlignment, ModelScore, Span, TokenScore

SCHEMA = "mtqa-cache/1"
SQLITE_HEADER = b"SQLite format 3\x00"
# bump when the engines' output for the same signature changes (decoding rules, score layout)
FORMAT = 3  # 2: batches of one padded width, decoded for the steps of that width (qa.engine.batches); 3: ct2 scores by exact length

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pivots (
    engine TEXT NOT NULL, source TEXT NOT NULL, pivot TEXT NOT NULL, PRIMARY KEY (engine, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents (key TEXT PRIMARY KEY, document TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scores (
    engine TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL, score TEXT NOT NULL,
    PRIMARY KEY (engine, source, target)
) WITHOUT ROWID;
"""


class CacheWarning(UserWarning):
    """The cache file was damaged (and rebuilt), or could not be used (and the run went on without it)."""


class _Foreign(sqlite3.DatabaseError):
    """The file opened is some other program's database."""


def _wal(conn: sqlite3.Connection, timeout_s: float) -> None:
    """Switch to WAL; a second process creating the file at the same moment can make the switch
    report "database is locked" without waiting (SQLite calls no busy handler there), so retry."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _refuse(path: Path, why: str) -> ConfigError:
    return ConfigError(
        f"{path}: {why}, not an mtqa cache; mtqa never replaces such a file: give --cache another path, or --no-cache"
    )


def inspect_cache(path: str | Path) -> str | None:
    """Whether ``path`` may serve as the cache: None when it may (missing, empty, an mtqa cache),
    the reason when it must be left alone and the run go on without it (read-only). A ConfigError
    when it is some other file: a folder, a text, another program's SQLite database, bytes that do
    not read as SQLite (mtqa cannot tell a damaged cache of its own from someone else's file)."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; give --cache a file name")
    if not path.exists():
        return None if not path.parent.exists() or meant_writable(path.parent) else "its folder is read-only"
    if not path.is_file():
        raise _refuse(path, "not a regular file")
    if not meant_writable(path):
        return "the cache file is read-only"  # even to root: its permissions say leave it
    if not meant_writable(path.parent):
        return "its folder is read-only (SQLite's journal could not be written)"
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if not head:
        return None  # an empty file: nothing in it to lose
    if head != SQLITE_HEADER:
        raise _refuse(path, "not an SQLite database")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            schema = None
            if "meta" in tables:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                schema = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _refuse(path, f"an SQLite file that cannot be read ({exc})") from None
    if tables and not (isinstance(schema, str) and schema.startswith("mtqa-cache/")):
        shown = ", ".join(sorted(tables)[:5])
        raise _refuse(path, f"another program's SQLite database (tables: {shown})")
    return None


def signature_key(signature: dict[str, Any]) -> str:
    text = json.dumps({"signature": signature, "format": FORMAT}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class ResultCache:
    """The SQLite file; every method degrades to a miss when the file cannot be used."""

    def __init__(self, path: str | Path, busy_timeout_s: float = 30.0):
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        # one connection for the threads of a run (the engine's, translating the next documents,
        # and the checks'), used by one at a time
        self._lock = threading.RLock()

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        try:
            problem = inspect_cache(self.path)  # a ConfigError for a file that is not ours: left alone
        except OSError as exc:
            problem = str(exc.strerror or exc)
        if problem is not None:
            self._give_up(problem)
            return None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._open()
        except _Foreign as exc:  # changed under us since inspect_cache looked
            raise _refuse(self.path, str(exc)) from None
        except sqlite3.DatabaseError as exc:  # ours (inspect_cache recognised it), yet unusable: damaged
            warnings.warn(
                f"{self.path}: the mtqa cache is damaged ({exc}); rebuilding it", CacheWarning, stacklevel=3
            )
            try:
                self._remove()
                self._conn = self._open()
            except (OSError, sqlite3.Error) as again:
                self._give_up(again)
        except OSError as exc:
            self._give_up(exc)
        return self._conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_s, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "meta" not in tables:
                raise _Foreign(f"another program's SQLite database (tables: {', '.join(sorted(tables)[:5])})")
            if "meta" in tables:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None or not isinstance(row[0], str) or not row[0].startswith("mtqa-cache/"):
                    raise _Foreign("an SQLite database with a meta table of another program")
                if row[0] != SCHEMA:  # an older mtqa's cache: rebuilt
                    raise sqlite3.DatabaseError(f"schema {row[0]!r}, not {SCHEMA!r}")
            _wal(conn, self.busy_timeout_s)
            conn.execute("PRAGMA synchronous = NORMAL")
            # one transaction: a process opening the file meanwhile never sees meta without its schema
            conn.executescript(f"BEGIN IMMEDIATE;{_TABLES}INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', '{SCHEMA}');COMMIT;")
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def _give_up(self, exc: Exception | str) -> None:
        warnings.warn(
            f"{self.path}: cannot use the cache ({exc}); running without it", CacheWarning, stacklevel=4
        )
        self._disabled = True
        self._conn = None

    def _run(self, action, default):
        with self._lock:
            return self._run_locked(action, default)

    def _run_locked(self, action, default):
        conn = self._connect()
        if conn is None:
            return default
        try:
            return action(conn)
        except sqlite3.OperationalError as exc:  # locked past the timeout, disk full, read-only
            self._give_up(exc)
        except sqlite3.DatabaseError as exc:  # damaged: report once, rebuild, carry on
            warnings.warn(
                f"{self.path}: the cache is damaged ({exc}); rebuilding it", CacheWarning, stacklevel=3
            )
            self.close()
            try:
                self._remove()
                self._conn = self._open()
            except (OSError, sqlite3.Error) as again:
                self._give_up(again)
        return default

    def get_pivots(self, engine: str, sources: list[str]) -> dict[str, str]:
        """Stored pivots; a row whose value is not text (damaged) is left out, so it is recomputed
        and replaced."""

        def read(conn):
            found = {}
            for chunk in _chunks(sources, 500):
                marks = ",".join("?" * len(chunk))
                rows = conn.execute(
                    f"SELECT source, pivot FROM pivots WHERE engine = ? AND source IN ({marks})",
                    (engine, *chunk),
                ).fetchall()
                found.update((s, p) for s, p in rows if isinstance(p, str))
            return found

        return self._run(read, {})

    def put_pivots(self, engine: str, pivots: dict[str, str]) -> None:
        def write(conn):
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    "INSERT OR REPLACE INTO pivots (engine, source, pivot) VALUES (?, ?, ?)",
                    [(engine, s, p) for s, p in pivots.items()],
                )

        self._run(write, None)

    def get_document(self, key: str) -> str | None:
        """The finished document (JSON) stored under ``key`` (qa/document_cache.py), or None."""

        def read(conn):
            row = conn.execute("SELECT document FROM documents WHERE key = ?", (key,)).fetchone()
            return row[0] if row else None

        return self._run(read, None)

    def put_document(self, key: str, document: str) -> None:
        def write(conn):
            conn.execute("INSERT OR REPLACE INTO documents (key, document) VALUES (?, ?)", (key, document))

        self._run(write, None)

    def get_scores(
        self, engine: str, pairs: list[tuple[str, str]], owner: Any = None
    ) -> dict[tuple[str, str], ModelScore]:
        """Stored scores; a deferred alignment among them is computed on first use by ``owner``."""

        def read(conn):
            found = {}
            for source, target in pairs:
                row = conn.execute(
                    "SELECT score FROM scores WHERE engine = ? AND source = ? AND target = ?",
                    (engine, source, target),
                ).fetchone()
                if row is None:
                    continue
                try:
                    found[(source, target)] = score_from_json(row[0], owner, (source, target))
                except (ValueError, TypeError, KeyError, IndexError):  # a damaged row: recomputed, replaced
                    continue
            return found

        return self._run(read, {})

    def put_scores(self, engine: str, scores: dict[tuple[str, str], ModelScore]) -> None:
        def write(conn):
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany(
                    "INSERT OR REPLACE INTO scores (engine, source, target, score) VALUES (?, ?, ?, ?)",
                    [(engine, s, t, score_to_json(v)) for (s, t), v in scores.items()],
                )

        self._run(write, None)

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def score_to_json(score: ModelScore) -> str:
    return json.dumps(
        {
            "logprob": score.logprob,
            "tokens": [
                [t.text, t.span.start if t.span else None, t.span.end if t.span else None, t.logprob]
                for t in score.tokens
            ],
            # null: deferred and not computed yet (a LazyAlignment no check has read)
            "alignment": None
            if isinstance(score.alignment, LazyAlignment) and not score.alignment.resolved
            else [[s.start, s.end, t.start, t.end] for s, t in score.alignment],
        },
        ensure_ascii=False,
    )


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise ValueError(f"not a log-probability: {value!r}")
    return float(value)


def _offset(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"not an offset: {value!r}")
    return value


def _span(start: Any, end: Any) -> Span:
    start, end = _offset(start), _offset(end)
    if end < start:
        raise ValueError(f"not a span: [{start}, {end})")
    return Span(start, end)


def score_from_json(text: str, owner: Any = None, pair: tuple[str, str] | None = None) -> ModelScore:
    """The stored score; a deferred alignment becomes a LazyAlignment of ``owner`` (or none).
    A value of the wrong shape (a damaged row) is a ValueError, TypeError or KeyError."""
    data = json.loads(text)
    tokens = []
    for t, a, b, lp in data["tokens"]:
        if not isinstance(t, str):
            raise TypeError(f"not a token: {t!r}")
        tokens.append(TokenScore(text=t, span=_span(a, b) if a is not None else None, logprob=_number(lp)))
    if data["alignment"] is None:
        alignment: Any = LazyAlignment(owner, *pair) if owner is not None and pair is not None else []
    else:
        alignment = [(_span(a, b), _span(c, d)) for a, b, c, d in data["alignment"]]
    return ModelScore(logprob=_number(data["logprob"]), tokens=tokens, alignment=alignment)


class CachedEngine:
    """Any engine, with its pivots and scores kept in a :class:`ResultCache`."""

    def __init__(self, engine: Any, path: str | Path):
        self.engine = engine
        self.name = engine.name
        self.cache = ResultCache(path)
        self._key = signature_key(engine.signature())
        self._scored: dict[tuple[str, str], ModelScore] = {}

    def __getattr__(self, attr: str) -> Any:  # unit, location, vocab...: the wrapped engine's
        return getattr(self.engine, attr)

    def signature(self) -> dict[str, Any]:
        return self.engine.signature()

    def translate(self, sources: list[str], **options: Any) -> list[str | None]:
        if options:  # forced lengths and the like are measurements, not results to keep
            return self.engine.translate(sources, **options)
        unique = list(dict.fromkeys(sources))
        found = self.cache.get_pivots(self._key, unique)
        missing = [s for s in unique if s not in found]
        if missing:
            new = dict(zip(missing, self.engine.translate(missing), strict=True))
            self.cache.put_pivots(self._key, {s: p for s, p in new.items() if p is not None})
            found.update(new)
        return [found[s] for s in sources]

    def score(self, sources: list[str], targets: list[str]) -> list[ModelScore | None]:
        pairs = list(dict.fromkeys(zip(sources, targets, strict=True)))
        found: dict[tuple[str, str], ModelScore | None] = dict(self.cache.get_scores(self._key, pairs, owner=self))
        missing = [p for p in pairs if p not in found]
        if missing:
            new = dict(
                zip(missing, self.engine.score([s for s, _ in missing], [t for _, t in missing]), strict=True)
            )
            self.cache.put_scores(self._key, {p: v for p, v in new.items() if v is not None})
            for pair, value in new.items():  # deferred alignments: computed through here, then stored
                if value is not None and isinstance(value.alignment, LazyAlignment):
                    value.alignment = LazyAlignment(self, *pair)
            found.update(new)
        self._scored.update({p: v for p, v in found.items() if v is not None})
        return [found[p] for p in zip(sources, targets, strict=True)]

    def alignments_for(self, pairs: list[tuple[str, str]]) -> list[list[tuple[Span, Span]]]:
        """Deferred alignments from the engine (the model loads only now), kept with their scores."""
        links = self.engine.alignments_for(pairs)
        done = {}
        for pair, pair_links in zip(pairs, links, strict=True):
            score = self._scored.get(pair)
            if score is not None:
                done[pair] = ModelScore(logprob=score.logprob, tokens=score.tokens, alignment=pair_links)
        if done:
            self.cache.put_scores(self._key, done)
        return links
