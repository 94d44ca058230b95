"""Where mtqa writes: every output path checked before any work, and every file replaced whole.

A run reads inputs, glossaries, pivot files, a baseline, a manifest and a configuration file,
and writes reports, a baseline and its cache. :func:`refuse_overwrite` refuses (exit 2) an output
that is one of the files read, by identity (``os.path.samefile``: a hard link or a symlink of an
input is that input), and two outputs that are one file. :func:`writable` refuses a folder, a
folder that cannot be made and a read-only place. :func:`write_atomically` writes a temporary file
beside the old one and renames it into place, so a failure half way (a full disk) leaves the old
file as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from qa.errors import ConfigError, OutputError

#: (what it is, path): "report", Path("out.json"); "the glossary", Path("terms.tsv")
Named = tuple[str, "str | Path | None"]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): it cannot be the other
        return False


def refuse_overwrite(outputs: Iterable[Named], read: Iterable[Named]) -> None:
    """A ConfigError (exit 2) when an output is a file the run reads, or another output.

    outputs: (what, path) of each file the run writes ("report", "cache", "baseline"), None for
    stdout; read: (what, path) of each file it reads ("an input file", "the glossary", ...)."""
    outputs = [(what, Path(path)) for what, path in outputs if path is not None]
    read = [(what, Path(path)) for what, path in read if path is not None]
    for number, (what, path) in enumerate(outputs):
        for kind, other in read:
            if _same(path, other):
                raise ConfigError(f"{path}: the {what} would overwrite {kind} ({other}); give it another path")
        for later, other in outputs[number + 1 :]:
            if path == other or _same(path, other):
                raise ConfigError(f"{path}: named as the {what} and as the {later}; give each its own file")


def writable(path: Path | None) -> None:
    """An output path that can be written: not a folder, its folder made (as ``mkdir -p``) and
    writable, the file itself writable when it exists; a ConfigError (exit 2) otherwise."""
    if path is None:
        return
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; give the output a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot make its folder ({exc.strerror or exc})") from None
    if path.exists() and not path.is_file():
        raise ConfigError(f"{path}: not a regular file; give the output a file name")
    if not meant_writable(path.parent) or (path.exists() and not meant_writable(path)):
        raise ConfigError(f"{path}: not writable")


def meant_writable(path: Path) -> bool:
    """Writable, and meant to be: a file or folder without any write permission bit is read-only,
    even to root (whom os.access lets write anything)."""
    return os.access(path, os.W_OK) and bool(path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _beside(path: str | Path):
    """A temporary file's descriptor in the folder of ``path`` (its real path: a symlink keeps
    pointing at the file it names), for the caller to write and close; renamed into place, with
    the old file's permissions, when the block ends; removed when it fails. An OSError is an
    OutputError (exit 2) and the old file is untouched."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    try:
        fd, temporary = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        yield fd
        mode = stat.S_IMODE(real.stat().st_mode) if real.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        kept = "; the old file is left as it was" if real.exists() else ""
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc}){kept}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder, then rename it
    into place: readers see the old file or the new one, never a part. A symlink keeps pointing at
    the file it names, which is the one replaced. The old file's permissions are kept. An OSError
    (a full disk, a folder gone read-only) is an OutputError (exit 2) and the old file is untouched."""
    data = text.encode("utf-8")
    with _beside(path) as fd:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def open_atomically(path: str | Path):
    """A text file (UTF-8) to write ``path`` with, as :func:`write_atomically` does, for output too
    large to hold (a streamed batch's JSON report): renamed into place when the block ends, removed
    when it fails, so the old file stays whole."""
    with _beside(path) as fd, os.fdopen(fd, "w", encoding="utf-8") as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


def files_read(settings) -> list[tuple[str, Path]]:
    """(what, path) of every file the settings make a run read besides its inputs: glossaries,
    pivot files and the baseline (what no output may overwrite)."""
    named = [("the glossary", g) for g in settings.glossaries]
    named += [("the pivot file", p) for p in settings.pivot_files]
    if settings.baseline:
        named.append(("the baseline", settings.baseline))
    return [(what, Path(path)) for what, path in named]


def refuse_overwriting(outputs, settings, inputs, config=None, manifests=()) -> None:
    """Before any work: a ConfigError (exit 2) when an output (a report, the baseline written, the
    cache) cannot be written (:func:`qa.outputs.writable`), or is a file the run reads (an input, a
    manifest, a glossary, pivot file, baseline, the configuration file), a hard link or symlink of
    one, or another output."""
    for _, path in outputs:
        writable(path)
    read = [("an input file", p) for p in inputs] + [("the manifest", m) for m in manifests]
    read += [*files_read(settings), ("the configuration file", config)]
    refuse_overwrite([*outputs, ("cache", settings.cache_path)], read)
