"""A persistent cache of pivots and scores: an engine wrapper over one SQLite file.

Entries are keyed by a hash of the engine's signature (model, revision,
backend, compute type, decoding settings, cache format) and the exact text, so
a changed model or setting never reads stale results. The wrapped engine loads
its model only on a miss: a fully cached run imports neither torch nor
ctranslate2.

Two processes may share the file (WAL journal, busy timeout). A file that is
not an mtqa cache, or is damaged, is reported once with a warning and rebuilt;
a cache that cannot be written at all is reported and skipped. Neither stops a
check.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import warnings
from pathlib import Path
from typing import Any

from qa.records import LazyAlignment, ModelScore, Span, TokenScore

SCHEMA = "mtqa-cache/1"
# bump when the engines' output for the same signature changes (decoding rules, score layout)
FORMAT = 1

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
    """The cache file was damaged or foreign (and rebuilt), or could not be used."""


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
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = self._open()
        except sqlite3.DatabaseError as exc:
            warnings.warn(
                f"{self.path}: not a usable mtqa cache ({exc}); rebuilding it", CacheWarning, stacklevel=3
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
                raise sqlite3.DatabaseError("it holds other tables")
            if "meta" in tables:
                row = conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                if row is None or row[0] != SCHEMA:
                    raise sqlite3.DatabaseError(f"schema {row[0] if row else 'unknown'!r}, not {SCHEMA!r}")
            _wal(conn, self.busy_timeout_s)
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.executescript(_TABLES)
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA,))
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _remove(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(self.path) + suffix).unlink(missing_ok=True)

    def _give_up(self, exc: Exception) -> None:
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
        def read(conn):
            found = {}
            for chunk in _chunks(sources, 500):
                marks = ",".join("?" * len(chunk))
                found.update(
                    conn.execute(
                        f"SELECT source, pivot FROM pivots WHERE engine = ? AND source IN ({marks})",
                        (engine, *chunk),
                    ).fetchall()
                )
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
                if row is not None:
                    found[(source, target)] = score_from_json(row[0], owner, (source, target))
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


def score_from_json(text: str, owner: Any = None, pair: tuple[str, str] | None = None) -> ModelScore:
    """The stored score; a deferred alignment becomes a LazyAlignment of ``owner`` (or none)."""
    data = json.loads(text)
    tokens = [
        TokenScore(text=t, span=Span(a, b) if a is not None else None, logprob=lp) for t, a, b, lp in data["tokens"]
    ]
    if data["alignment"] is None:
        alignment: Any = LazyAlignment(owner, *pair) if owner is not None and pair is not None else []
    else:
        alignment = [(Span(a, b), Span(c, d)) for a, b, c, d in data["alignment"]]
    return ModelScore(logprob=data["logprob"], tokens=tokens, alignment=alignment)


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
