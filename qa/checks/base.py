"""What a check is, and what it is given to run."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from qa.records import Finding, Severity
from qa.settings import Option

if TYPE_CHECKING:
    from qa.lang import Language
    from qa.terms.dictionary import BilingualDictionary
    from qa.terms.index import TermIndex


@dataclass(frozen=True)
class Check:
    """A registered check: its id, default severity, scope, function, and what it needs of the
    source's and the target's language packs (capabilities of :mod:`qa.lang`)."""

    id: str
    severity: Severity
    scope: Literal["segment", "document"]
    run: Callable[..., Iterable[Finding]]
    source_needs: tuple[str, ...] = ()
    target_needs: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()  # the check's own settings (configuration keys)
    #: what it reads of every segment's model score beyond the log-probabilities: "alignment" has the
    #: engine compute the word alignments in one batch before the check runs, not one at a time
    reads: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        doc = (self.run.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else self.id

    @property
    def description(self) -> str:
        return (self.run.__doc__ or "").strip()

    def __call__(self, item: Any, ctx: CheckContext, where: str | None = None) -> list[Finding]:
        """The findings on a segment (or a document), with this check's id, its default severity
        and, for a segment check, the segment filled in; a check that raises is a
        :class:`~qa.errors.CheckFailure` naming the check and ``where`` it failed."""
        from qa.errors import CheckFailure

        segment = item.id if self.scope == "segment" else None
        try:
            found = list(self.run(item, ctx))
        except Exception as error:  # noqa: BLE001 - a check's bug is reported as such, with where it happened
            raise CheckFailure(self.id, where or f"{self.scope} {item.id}", error) from error
        return [
            replace(
                f,
                check=f.check or self.id,
                severity=f.severity or self.severity,
                segment=f.segment if f.segment is not None else segment,
            )
            for f in found
        ]

    def unserved(self, source_lang: str, target_lang: str) -> str | None:
        """Why this check cannot serve the pair (None: it can)."""
        from qa.lang import unserved

        return unserved({"source": self.source_needs, "target": self.target_needs}, source_lang, target_lang)


def check(
    id: str,
    severity: Severity | str,
    scope: Literal["segment", "document"] = "segment",
    *,
    source: tuple[str, ...] = (),
    target: tuple[str, ...] = (),
    options: tuple[Option, ...] = (),
    reads: tuple[str, ...] = (),
):
    """Declare a check; the function's docstring's first line is its title. ``source`` and
    ``target``: the capabilities it needs of each side's language pack (``qa.lang.CAPABILITIES``);
    ``options``: its own settings (:class:`qa.settings.Option`), read with ``ctx.option(name)``;
    ``reads``: ``("alignment",)`` for a check that reads every segment's word alignment.

    The function yields findings; the runner (:mod:`qa.checks.runner`) fills in the check id,
    the default severity and, for a segment check, the segment."""

    def wrap(fn: Callable[..., Iterable[Finding]]) -> Check:
        return Check(
            id=id, severity=Severity(severity), scope=scope, run=fn,
            source_needs=tuple(source), target_needs=tuple(target), options=tuple(options),
            reads=tuple(reads),
        )  # fmt: skip

    return wrap


@dataclass
class CheckContext:
    """What a check may consult beyond its segment: the settings, the languages' packs
    (:meth:`lang`, :attr:`source`, :attr:`target`), the glossary and its term index, the
    bilingual dictionary. Each is built once per run, on first use."""

    settings: Any
    source_lang: str = "ru"
    target_lang: str = "en"
    glossary: Any = None
    #: the document being checked (set by the runner): what a segment check may ask of its file
    document: Any = field(default=None, repr=False, compare=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def lang(self, code: str) -> Language:
        """The language pack for a code (:func:`qa.lang.get_language`)."""
        from qa.lang import get_language

        return get_language(code)

    @property
    def source(self) -> Language:
        return self.lang(self.source_lang)

    @property
    def target(self) -> Language:
        return self.lang(self.target_lang)

    @cached_property
    def dictionary(self) -> BilingualDictionary:
        """The bilingual dictionary of literal senses (the shipped one)."""
        from qa.terms.dictionary import load_dictionary

        return load_dictionary()

    @cached_property
    def term_index(self) -> TermIndex | None:
        """The run's term index for :attr:`glossary` (None when there is no glossary or it is empty)."""
        if not self.glossary:
            return None
        from qa.terms.index import TermIndex

        cache = getattr(self.settings, "cache_path", None)  # the term index is kept beside the results
        store = cache.parent / "term-index" if cache is not None else None
        return TermIndex(self.glossary, self.source.morphology, self.target.morphology, store=store)

    def option(self, name: str) -> Any:
        """A check's own setting: the configured value, else its declared default."""
        configured = getattr(self.settings, "check_options", None) or {}
        if name in configured:
            return configured[name]
        from qa.checks import check_options

        return check_options()[name].default

    @property
    def localization(self) -> bool:
        """Whether the document being checked comes from a localization file (XLIFF, PO, TMX)."""
        from qa.load.localization import is_localization

        return self.document is not None and is_localization(self.document)

    def memo(self, key: Any, build: Callable[[], Any], owner: Any = None) -> Any:
        """A value a check derives once per run (``key`` names it within the check), or once per
        ``owner`` (a document: the value is rebuilt when the key is asked for another one; an
        id() would be reused once a document is gone)."""
        held = self._memo.get(key)
        if held is None or held[0] is not owner:
            held = self._memo[key] = (owner, build())
        return held[1]
