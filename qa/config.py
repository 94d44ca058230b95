"""Configuration: ``[tool.mtqa]`` in pyproject.toml, or mtqa.toml, merged into :class:`~qa.settings.Settings`.

Flags beat the file and the file beats the defaults. Without ``--config PATH``
the file is found upward from the working directory: in each folder
``mtqa.toml`` first, then a ``pyproject.toml`` that has a ``[tool.mtqa]`` table;
the search stops at the root of the repository (a folder holding ``.git``).

Keys are the settings' names, written with hyphens or underscores
(``fail-on``, ``min-chrf-segment``), or the name of the matching flag
(``min-chrf``, ``glossary``). An unknown key is a :class:`ConfigError` naming the
nearest valid key, as are values of the wrong type or out of range. A mtqa.toml may
hold a ``[tool.mtqa]`` table, as pyproject.toml does.
Paths in a file (glossaries, cache, baseline, pivot file) are relative to the
file's folder.

    [tool.mtqa]
    engine = "ct2"
    fail-on = "major"
    min-chrf = 25
    glossaries = ["glossary/terms.tsv"]

    [tool.mtqa.max-findings]
    omission = 0
"""

from __future__ import annotations

import difflib
import math
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from qa.errors import ConfigError
from qa.records import Severity
from qa.settings import Settings, declared

CONFIG_NAMES = ("mtqa.toml", "pyproject.toml")

# derived from the declarations in qa.settings: the other keys each setting answers to, the
# settings that are paths, and the counts of at least 1 (other ints: at least 0)
ALIASES = {alias: f.name for f in declared() for alias in f.metadata["aliases"]}
PATH_KEYS = {f.name for f in declared() if f.metadata["path"]}
POSITIVE = {f.name for f in declared() if f.metadata["positive"]}
MOST = {f.name: f.metadata["most"] for f in declared() if f.metadata["most"] is not None}


@dataclass
class ConfigFile:
    """What one configuration file holds, validated: settings' field names to values."""

    path: Path | None
    values: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def find_config(start: str | Path | None = None) -> Path | None:
    """The nearest mtqa.toml, or pyproject.toml with a [tool.mtqa] table, from ``start`` upward."""
    folder = Path(start or Path.cwd()).resolve()
    for candidate in [folder, *folder.parents]:
        own = candidate / "mtqa.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file() and _has_mtqa_table(project):
            return project
        if (candidate / ".git").exists():
            break
    return None


def read_config(path: str | Path) -> ConfigFile:
    """Read and validate one configuration file (``[tool.mtqa]`` of a pyproject.toml, else the whole file)."""
    path = Path(path)
    document = _parse(path)
    if path.name == "pyproject.toml":
        table = _tool_table(document, path).get("mtqa")
        if table is None:
            raise ConfigError(f"{path}: no [tool.mtqa] table")
        where = f"{path}: [tool.mtqa]"
    elif set(document) == {"tool"} and isinstance(document["tool"], dict) and "mtqa" in document["tool"]:
        table = document["tool"]["mtqa"]  # the README's [tool.mtqa] example pasted into mtqa.toml
        where = f"{path}: [tool.mtqa]"
    else:
        table = document
        where = str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table of settings")
    config = ConfigFile(path=path)
    for key, value in table.items():
        name = _field_name(key)
        if name is None:
            option = _check_option(key)
            if option is not None:
                config.values.setdefault("check_options", {})[option.name] = _option_value(option, value, f"{where}: {key}")
                continue
            # an error, as ruff's: a misspelt "fail_onn" must not leave a gate at its default
            raise ConfigError(f"{where}: unknown key {key!r}{_did_you_mean(key)}")
        value = validate(name, value, f"{where}: {key}")
        if name in PATH_KEYS:
            value = _relative_to(value, path.parent)
        config.values[name] = value
    return config


def load_settings(
    flags: dict[str, Any] | None = None,
    config: str | Path | None = None,
    cwd: str | Path | None = None,
) -> tuple[Settings, ConfigFile]:
    """Defaults, then the configuration file (``config``, or the one found from ``cwd``), then flags.

    flags: settings' field names to the values given on the command line; None
    means "not given". Returns the settings and the file they came from (its
    warnings are for the caller to show).
    """
    if config is not None:
        if not Path(config).is_file():
            missing = not Path(config).exists()
            raise ConfigError(f"{config}: configuration file not found" if missing else f"{config}: not a regular file")
        file = read_config(config)
    else:
        found = find_config(cwd)
        file = read_config(found) if found else ConfigFile(path=None)
    values = dict(file.values)
    for name, value in (flags or {}).items():
        if value is None:
            continue
        if _field_name(name) != name:
            raise KeyError(name)
        if name == "check_options":  # the checks' settings given as flags, each over the file's
            value = {**values.get(name, {}), **value}
        values[name] = validate(name, value, "--" + name.replace("_", "-"))
    return Settings(**values), file


def validate(name: str, value: Any, where: str) -> Any:
    """``value`` checked (and converted) for the settings field ``name``; ``where`` names it in errors."""
    kind = _FIELD_TYPES[name]
    if kind == "Severity":
        if isinstance(value, Severity):
            return value
        try:
            return Severity(str(value).lower())
        except ValueError:
            raise ConfigError(f"{where}: must be one of info, minor, major, critical, not {_shown(value)}") from None
    if kind == "dict[str, int]":
        return _max_findings(value, where)
    if kind == "dict[str, Any]":  # check_options: the checks' own settings, by name
        from qa.checks import check_options

        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a table of the checks' settings, not {_shown(value)}")
        known = check_options()
        for key in value:
            if key.replace("-", "_") not in known:
                raise ConfigError(f"{where}: unknown check setting {key!r}; `mtqa checks` lists them")
        return {key.replace("-", "_"): _option_value(known[key.replace("-", "_")], v, f"{where}: {key}") for key, v in value.items()}
    if kind == "int | str":  # jobs: a count, or "auto"
        if value == "auto":
            return value
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 20:
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{where}: expected auto or a whole number of at least 1, not {_shown(value)}")
        if name in MOST and value > MOST[name]:
            raise ConfigError(f"{where}: must be at most {MOST[name]:,}, not {_shown(value)}")
        return value
    optional = kind.endswith("| None")
    base = kind.removesuffix("| None").strip()
    if value is None and optional:
        return None
    if base == "bool":
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, not {_shown(value)}")
        return value
    if base == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected a whole number, not {_shown(value)}")
        least = 1 if name in POSITIVE else 0
        if value < least:
            raise ConfigError(f"{where}: must be at least {least}, not {_shown(value)}")
        if name in MOST and value > MOST[name]:
            raise ConfigError(f"{where}: must be at most {MOST[name]:,}, not {_shown(value)}")
        return value
    if base == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, not {_shown(value)}")
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an int of hundreds of digits
            finite = False
        if not finite:
            raise ConfigError(f"{where}: expected a finite number, not {_shown(value)}")
        if name == "max_file_mb" and value <= 0:
            raise ConfigError(f"{where}: must be above 0, not {_shown(value)}")
        return float(value)
    if base == "str":
        if not isinstance(value, (str, Path)):
            raise ConfigError(f"{where}: expected a string, not {_shown(value)}")
        value = str(value)
        if name == "pair_pattern":
            from qa.load.discover import pattern_problem

            problem = pattern_problem(value)
            if problem:
                raise ConfigError(f"{where}: {value!r}: {problem}")
        return value
    if base == "list[str]":
        items = [value] if isinstance(value, (str, Path)) else value
        if not isinstance(items, (list, tuple)) or not all(isinstance(v, (str, Path)) for v in items):
            raise ConfigError(f"{where}: expected a list of strings, not {_shown(value)}")
        items = [str(v) for v in items]
        if name in ("checks", "disable"):
            for item in items:
                _known_check(item, where)
        return items
    return value


def _max_findings(value: Any, where: str) -> dict[str, int]:
    """A table {check = N}, or strings "check=N" (one, or a list: the flag's form)."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, (list, tuple)):
        table: dict[str, Any] = {}
        for item in value:
            check_id, sep, number = str(item).partition("=")
            if not sep or not number.strip().isdigit() or len(number.strip()) > 18:
                raise ConfigError(f"{where}: expected CHECK=N (as in omission=0), not {_shown(item)}")
            table[check_id.strip()] = int(number)
        value = table
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table of check = maximum count, not {_shown(value)}")
    result = {}
    for check_id, limit in value.items():
        _known_check(check_id, where)
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise ConfigError(f"{where}: {check_id}: expected a count of at least 0, not {_shown(limit)}")
        result[check_id] = limit
    return result


def _shown(value: Any) -> str:
    """A value for an error message, cut short (a number of 5,000 digits is no message, and
    Python refuses to write one of more than 4,300)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10**15:
        return f"{value:,}"
    try:
        text = repr(value)
    except ValueError:
        return "a number of more than 4,300 digits"
    return text if len(text) <= 80 else text[:77] + "..."


def _known_check(check_id: str, where: str) -> None:
    from qa.checks import CHECKS

    if check_id not in CHECKS:
        near = difflib.get_close_matches(check_id, list(CHECKS), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else "; `mtqa checks` lists them"
        raise ConfigError(f"{where}: unknown check {check_id!r}{hint}")


def _parse(path: Path) -> dict[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 (TOML files are UTF-8; invalid byte at offset {exc.start})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not usable TOML (nested too deep)") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ConfigError(f"{path}: not usable TOML ({str(exc).split(';')[0]})") from None


def _tool_table(document: dict[str, Any], path: Path) -> Any:
    """The document's [tool] table (empty when there is none); a ConfigError when it is not a table."""
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: 'tool' must be a table ([tool.mtqa]), not {tool!r}")
    return tool


def _has_mtqa_table(path: Path) -> bool:
    try:
        return "mtqa" in _tool_table(_parse(path), path)
    except ConfigError:
        return True  # let read_config report what is wrong with it


def _field_name(key: str) -> str | None:
    name = key.replace("-", "_")
    name = ALIASES.get(name, name)
    return name if name in _FIELD_TYPES else None


def _check_option(key: str):
    """The check's own setting that ``key`` names (``unsupported-logprob``), or None."""
    from qa.checks import check_options

    return check_options().get(key.replace("-", "_"))


def _option_value(option, value: Any, where: str) -> Any:
    """A check's setting checked against its declared type."""
    if option.kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if option.kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if option.kind is bool and isinstance(value, bool):
        return value
    if option.kind is str and isinstance(value, str):
        return value
    raise ConfigError(f"{where}: expected {option.kind.__name__}, not {_shown(value)}")


def _did_you_mean(key: str) -> str:
    from qa.checks import check_options

    valid = sorted({n.replace("_", "-") for n in _FIELD_TYPES} | {a.replace("_", "-") for a in ALIASES} | {o.replace("_", "-") for o in check_options()})
    near = difflib.get_close_matches(key.replace("_", "-"), valid, n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


def _relative_to(value: Any, folder: Path) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [_relative_to(v, folder) for v in value]
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else folder / path)


_FIELD_TYPES: dict[str, str] = {
    f.name: (f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type)))
    for f in fields(Settings)
    if f.default is not MISSING or f.default_factory is not MISSING
}

__all__ = ["ConfigFile", "find_config", "load_settings", "read_config", "validate"]
