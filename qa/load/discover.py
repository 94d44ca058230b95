"""Find the documents of a batch: pairs by naming convention, aligned and localization files, manifests.

In a folder (searched recursively, hidden entries skipped):

- article pairs by a naming pattern relative to the folder, ``{name}.{lang}.txt``
  by default: ``report.ru.txt`` next to ``report.en.txt``. The pattern is
  configurable (``pair-pattern``), e.g. ``{lang}/{name}.md`` for one folder per
  language. A source named ``source`` pairs with ``target`` (the layout of
  corpora/: ``source.ru.txt`` and ``target.en.txt`` in a folder that names the
  document);
- localization files: ``.xlf``, ``.xliff``, ``.tmx``, ``.po``.

Aligned ``.tsv``/``.jsonl`` files are taken when named on the command line (in
a folder they may as well be manifests or data). A manifest (CSV with a header
row, or JSONL) lists ``source``, ``target`` (empty for a one-file format) and
an optional ``id``, with paths relative to the manifest.

A document may bring its own retranslations (pivots): files named by one or more pivot
patterns beside the pair pattern (``--pivot-pattern '{name}.pivot.{lang}.txt'``: ``report.pivot.en.txt``
beside ``report.ru.txt``; ``{lang}`` is the target language), or a manifest's ``pivot``
columns (``pivot``, ``pivot2``, ...; in JSONL a string or a list). A pivot file is laid out as
its source, a line a paragraph (or a row), and a document without one is an error.
"""

from __future__ import annotations

import csv
import io
import os
import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import ConfigError, InputError
from qa.load.aligned import json_lines
from qa.load.decode import read_text
from qa.load.localization import LOCALIZATION_LOADERS

DEFAULT_PATTERN = "{name}.{lang}.txt"
MANIFEST_SUFFIXES = (".csv",)  # a .jsonl named on the command line is an aligned file; use --manifest


@dataclass(frozen=True)
class Item:
    """One document of a batch: an article pair (source, target) or one aligned file (target None)."""

    source: Path
    target: Path | None = None
    id: str | None = None
    pivots: tuple[Path, ...] = ()  # the document's own retranslations


@dataclass
class Discovery:
    items: list[Item]
    warnings: list[str]
    #: (source, expected target) of each source found without its translation
    missing: list[tuple[str, str]] = field(default_factory=list)


def discover(
    paths: list[str | Path],
    source_lang: str = "ru",
    target_lang: str = "en",
    pattern: str = DEFAULT_PATTERN,
    manifests: list[str | Path] = (),
    follow_symlinks: bool = False,
    pivot_patterns: list[str] = (),
) -> Discovery:
    """The documents under ``paths`` (folders or files) and in ``manifests``, each once, in a stable order.

    In a folder, only regular files are taken, and a symbolic link to a file outside the folder
    is skipped with a warning (``follow_symlinks``: taken). ``pivot_patterns``: where each
    document found by name has its own pivot files (an InputError when one is missing)."""
    naming = Naming(pattern, source_lang, target_lang, pivot_patterns)
    found = Discovery(items=[], warnings=[])
    for manifest in manifests:
        found.items += read_manifest(manifest)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _scan(path, naming, found, follow_symlinks)
        elif path.is_file() and (unpaired := _unpaired(path, naming)):
            found.missing.append(unpaired)
        elif path.is_file():
            found.items.append(_file_item(path, naming))
        else:
            raise InputError(f"{path}: no such file or folder")
    seen: set[tuple[Path, Path | None]] = set()
    unique = []
    for item in found.items:
        key = (item.source.resolve(), item.target.resolve() if item.target else None)
        if key not in seen:
            seen.add(key)
            unique.append(item)
    found.items = unique
    if not found.items and not found.missing:
        skipped = f"; {len(found.warnings)} skipped, the first: {found.warnings[0]}" if found.warnings else ""
        raise InputError(
            f"no documents found in {', '.join(str(p) for p in [*paths, *manifests])} "
            f"(pairs named {naming.example()}, or {', '.join(sorted(LOCALIZATION_LOADERS))} files){skipped}"
        )
    return found


class Naming:
    """The pairing pattern: which file is a source, and where its target is."""

    def __init__(self, pattern: str, source_lang: str, target_lang: str, pivot_patterns: list[str] = ()):
        problem = pattern_problem(pattern)
        if problem:
            raise InputError(f"pair pattern {pattern!r}: {problem}")
        for pivot_pattern in pivot_patterns:
            problem = pattern_problem(pivot_pattern, lang_needed=False)
            if problem:
                raise InputError(f"pivot pattern {pivot_pattern!r}: {problem}")
        self.pattern = pattern
        self.pivot_patterns = tuple(pivot_patterns)
        self.source_lang = source_lang
        self.target_lang = target_lang
        self.source_re = self._regex(source_lang)
        self.target_re = self._regex(target_lang)

    def _regex(self, lang: str) -> re.Pattern:
        parts = re.split(r"(\{name\}|\{lang\})", self.pattern)
        regex = "".join("(?P<name>.+?)" if p == "{name}" else re.escape(lang) if p == "{lang}" else re.escape(p) for p in parts)
        return re.compile(regex + r"\Z")

    def path(self, root: Path, name: str, lang: str) -> Path:
        return root / self.pattern.format(name=name, lang=lang)

    def example(self) -> str:
        return f"{self.path(Path(), 'NAME', self.source_lang).as_posix()} + {self.path(Path(), 'NAME', self.target_lang).as_posix()}"

    def pair(self, root: Path, relative: str) -> tuple[Path, Path, str] | None:
        """(source, target, name) when ``relative`` (a path under root) names a source or a target file."""
        for regex, other in ((self.source_re, self.target_lang), (self.target_re, self.source_lang)):
            match = regex.match(relative)
            if not match:
                continue
            name = match.group("name")
            here = root / relative
            for other_name in _partner_names(name, regex is self.source_re):
                there = self.path(root, other_name, other)
                if there.is_file():
                    source, target = (here, there) if regex is self.source_re else (there, here)
                    return source, target, name if regex is self.source_re else other_name
            return None
        return None

    def expected(self, root: Path, name: str) -> str:
        """Where the translation of source ``name`` would be."""
        return " or ".join(self.path(root, n, self.target_lang).as_posix() for n in _partner_names(name, True))

    def is_source(self, relative: str) -> bool:
        return bool(self.source_re.match(relative))

    def pivots(self, root: Path, name: str, source: Path) -> tuple[Path, ...]:
        """The document's own pivot files (each pivot pattern's), which must exist."""
        found = []
        for pattern in self.pivot_patterns:
            path = root / pattern.format(name=name, lang=self.target_lang)
            if not path.is_file():
                raise InputError(f"{source}: no pivot file {path} (--pivot-pattern {pattern!r})")
            found.append(path)
        return tuple(found)


def pattern_problem(pattern: str, lang_needed: bool = True) -> str | None:
    """What is wrong with a pair pattern, or None: it must hold {name} and {lang} (each once, with
    no format spec), no other field, and stay inside the folder (relative, no '..'). A pivot
    pattern (``lang_needed`` False) may leave out {lang}."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(pattern) if name is not None]
    except ValueError as exc:
        return f"not a valid pattern ({exc}); write literal braces as {{{{ and }}}}"
    names = [name for name, _, _ in fields]
    unknown = [name for name in names if name not in ("name", "lang")]
    if unknown:
        return f"unknown field {{{unknown[0]}}} (only {{name}} and {{lang}})"
    if any(spec or conversion for _, spec, conversion in fields):
        return "{name} and {lang} take no format spec or conversion"
    if lang_needed and sorted(names) != ["lang", "name"]:
        return "must contain {name} and {lang} once each, as in '{name}.{lang}.txt'"
    if not lang_needed and (names.count("name") != 1 or names.count("lang") > 1):
        return "must contain {name} once (and {lang} at most once), as in '{name}.pivot.{lang}.txt'"
    if pattern.startswith(("/", "\\")) or ".." in Path(pattern).parts:
        return "must be relative to the folder, without '..'"
    return None


def _partner_names(name: str, from_source: bool) -> list[str]:
    """The name of the other side: the same, or source <-> target (the corpora/ layout)."""
    head, _, last = name.rpartition("/")
    swap = {"source": "target"} if from_source else {"target": "source"}
    names = [name]
    if last in swap:
        names.append(f"{head}/{swap[last]}" if head else swap[last])
    return names


def _document_id(root: Path, name: str) -> str:
    head, _, last = name.rpartition("/")
    if last in ("source", "target"):
        return head or root.resolve().name
    return name


def _scan(root: Path, naming: Naming, found: Discovery, follow_symlinks: bool = False) -> None:
    inside = root.resolve()
    files = []
    for p in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in p.relative_to(root).parts):
            continue
        target = Path(os.path.realpath(p))  # a link itself, or a link in a folder on the way
        if p.is_symlink() and p.is_dir():  # rglob does not descend into linked folders
            if not target.is_relative_to(inside):
                found.warnings.append(f"{p}: a symbolic link to a folder out of {root} (to {target}), not searched; name it instead")
            continue
        if not follow_symlinks and not target.is_relative_to(inside):
            found.warnings.append(f"{p}: a symbolic link out of {root} (to {target}), skipped; --follow-symlinks takes it")
            continue
        if p.is_dir():
            continue
        if not p.is_file():  # a FIFO, a device, a socket, a dangling link
            if p.suffix.lower() in LOCALIZATION_LOADERS or naming.is_source(p.relative_to(root).as_posix()):
                found.warnings.append(f"{p}: not a regular file, skipped")
            continue
        files.append(p)
    paired: set[Path] = set()
    for path in files:
        relative = path.relative_to(root).as_posix()
        if not naming.is_source(relative):
            continue
        pair = naming.pair(root, relative)
        if pair is None:
            name = naming.source_re.match(relative).group("name")
            found.missing.append((str(path), naming.expected(root, name)))
            continue
        source, target, name = pair
        paired.update({source, target})
        found.items.append(Item(source, target, _document_id(root, name), naming.pivots(root, name, source)))
    for path in files:
        if path.suffix.lower() in LOCALIZATION_LOADERS and path not in paired:
            name = path.relative_to(root).with_suffix("").as_posix()
            found.items.append(Item(path, None, name, naming.pivots(root, name, path)))


def _unpaired(path: Path, naming: Naming) -> tuple[str, str] | None:
    """(source, expected target) when ``path``, named on the command line, is a source whose
    translation is not there (a pre-commit hook given a new source alone)."""
    for root in list(path.parents)[: naming.pattern.count("/") + 1]:
        relative = path.relative_to(root).as_posix()
        if naming.is_source(relative):
            if naming.pair(root, relative) is not None:
                return None
            return str(path), naming.expected(root, naming.source_re.match(relative).group("name"))
    return None


def _file_item(path: Path, naming: Naming) -> Item:
    from qa.load import ALIGNED_LOADERS

    if path.suffix.lower() in MANIFEST_SUFFIXES:
        raise InputError(f"{path}: a manifest? pass it with --manifest")
    if path.suffix.lower() in ALIGNED_LOADERS:
        return Item(path, None, path.stem, naming.pivots(path.parent, path.stem, path))
    for root in list(path.parents)[: naming.pattern.count("/") + 1]:  # {lang}/{name}.txt: one folder up
        pair = naming.pair(root, path.relative_to(root).as_posix())
        if pair is not None:
            source, target, name = pair
            return Item(source, target, _document_id(root, name), naming.pivots(root, name, source))
    raise InputError(
        f"{path}: neither one side of a pair named {naming.example()} (with its other side present) "
        f"nor an aligned file ({', '.join(sorted(ALIGNED_LOADERS))})"
    )


def read_manifest(path: str | Path) -> list[Item]:
    """A CSV (header row: source, target, id, pivot...) or JSONL (objects) manifest; paths relative to the manifest."""
    path = Path(path)
    text, _ = read_text(path)
    rows: list[tuple[int, dict]] = []
    if path.suffix.lower() == ".jsonl":
        for number, row in json_lines(text, path):
            if not isinstance(row, dict):
                raise InputError(f'{path}:{number}: expected an object with "source" (and "target", "id")')
            rows.append((number, row))
    elif path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        header = [h.strip().lower() for h in reader.fieldnames or []]
        if "source" not in header:
            raise InputError(f"{path}:1: the manifest needs a header row with source, target and (optionally) id")
        reader.fieldnames = header
        for row in reader:
            rows.append((reader.line_num, row))
    else:
        raise InputError(f"{path}: a manifest is a .csv or .jsonl file")
    items = []
    folder = path.parent
    for number, row in rows:
        unknown = {k for k in set(row) - {"source", "target", "id"} if k is not None and not _PIVOT_COLUMN.fullmatch(k)}
        if unknown:
            raise InputError(f"{path}:{number}: unknown column {sorted(unknown)[0]!r} (source, target, id, pivot)")
        source = _cell(row.get("source"))
        if not source:
            raise InputError(f"{path}:{number}: no source")
        target = _cell(row.get("target"))
        source_path = folder / source
        target_path = folder / target if target else None
        pivots = tuple(folder / cell for cell in _pivot_cells(row, path, number))
        for side in (source_path, target_path, *pivots):
            if side is not None and not side.is_file():
                raise InputError(f"{path}:{number}: {side}: file not found")
        items.append(Item(source_path, target_path, _cell(row.get("id")) or None, pivots))
    if not items:
        raise InputError(f"{path}: the manifest lists no documents")
    return items


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


_PIVOT_COLUMN = re.compile(r"pivot[\w-]*")


def _pivot_cells(row: dict, path: Path, number: int) -> list[str]:
    """The row's pivot files, in column order: pivot, pivot2, ... (a JSONL value may be a list)."""
    cells = []
    for key, value in row.items():
        if key is None or not _PIVOT_COLUMN.fullmatch(key):
            continue
        values = value if isinstance(value, list) else [value]
        if not all(v is None or isinstance(v, str) for v in values):
            raise InputError(f"{path}:{number}: {key}: expected a file name or a list of them")
        cells += [c for c in (_cell(v) for v in values) if c]
    return cells




def discover_batch(paths, manifests, settings, outputs=(), config=None):
    """A batch's documents as (source, target, id, own pivot files), what discovery warns of, and the (source,
    expected target) of each source without its translation (a warning instead with
    ``allow_missing``), once :func:`qa.outputs.refuse_overwriting` has found no output among the files read."""
    from qa.outputs import refuse_overwriting

    if not paths and not manifests:
        raise ConfigError("give folders or files to check, or --manifest FILE")
    found = discover(
        paths, settings.source_lang, settings.target_lang, settings.pair_pattern, manifests, settings.follow_symlinks,
        settings.pivot_pattern,
    )
    items = [(item.source, item.target, item.id, item.pivots) for item in found.items]
    inputs = [p for item in found.items for p in (item.source, item.target, *item.pivots) if p is not None]
    refuse_overwriting(outputs, settings, inputs, config, manifests)
    if not settings.allow_missing:
        return items, list(found.warnings), list(found.missing)
    if not items:  # nothing left to check
        raise InputError(f"no documents to check: every source lacks its translation, the first: {found.missing[0][0]}")
    return items, [*found.warnings, *(f"{source}: no translation found (expected {there})" for source, there in found.missing)], []


__all__ = ["DEFAULT_PATTERN", "Discovery", "Item", "Naming", "discover", "discover_batch", "read_manifest"]
