"""Typed errors. The CLI prints them as one line and exits 2; anything else is an internal error (exit 3)."""

from __future__ import annotations


class QAError(Exception):
    """An error meant for the user: bad input, configuration, glossary or a model that is unavailable."""


class InputError(QAError):
    """An input file is missing, unreadable, undecodable or malformed."""


class GlossaryError(QAError):
    """A glossary file is missing or malformed."""


class ConfigError(QAError):
    """The configuration (flags, [tool.mtqa], mtqa.toml) is invalid."""


class OutputError(QAError):
    """A report, baseline or candidate file cannot be written (a full disk, a folder gone read-only)."""


class ModelError(QAError):
    """A model cannot be loaded (not cached, no network, wrong format)."""


class CheckFailure(Exception):
    """A check raised: a bug in mtqa, not in the input (exit 3). The message names the check and
    the segment (or document) it failed on, as translate-toolkit's checker does."""

    def __init__(self, check: str, where: str, error: BaseException):
        super().__init__(f"internal error in check {check} on {where}: {type(error).__name__}: {error}")
        self.check = check
        self.where = where
