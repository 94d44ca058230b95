"""What a check is, and what it is given to run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from qa.records import Finding, Severity


@dataclass(frozen=True)
class Check:
    """A registered check: its id, default severity, scope and function."""

    id: str
    severity: Severity
    scope: Literal["segment", "document"]
    run: Callable[..., Iterable[Finding]]

    @property
    def title(self) -> str:
        doc = (self.run.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.id

    @property
    def description(self) -> str:
        return (self.run.__doc__ or "").strip()


def check(id: str, severity: Severity | str, scope: Literal["segment", "document"] = "segment"):
    """Declare a check; the function's docstring's first line is its title."""

    def wrap(fn: Callable[..., Iterable[Finding]]) -> Check:
        return Check(id=id, severity=Severity(severity), scope=scope, run=fn)

    return wrap


@dataclass
class CheckContext:
    """What a check may consult beyond its segment: settings, glossary, languages, shared resources.

    resources: lazily built, shared per run (morphology analysers, dictionaries);
    use :meth:`resource` so each is built once.
    """

    settings: Any
    source_lang: str = "ru"
    target_lang: str = "en"
    glossary: Any = None
    resources: dict[str, Any] = field(default_factory=dict)

    def resource(self, name: str, build: Callable[[], Any]) -> Any:
        if name not in self.resources:
            self.resources[name] = build()
        return self.resources[name]
