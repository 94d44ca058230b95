"""mtqa: machine-translation quality checks against an open retranslation.

    import qa

    report = qa.run([("source.ru.txt", "target.en.txt")], qa.Settings(engine="none"))
    report.gate.passed, [f.message for f in report.findings]

``run`` checks documents (paths, pairs of paths or :func:`load`-ed bitexts) with the CLI's
defaults unless ``Settings`` say otherwise, and returns a :class:`Report` with the gate decided.
"""

__version__ = "0.1.0"

# the library's face, imported on first use: `mtqa --help` and a cached check import no more than they need
# (load is bound here, eagerly: the name would otherwise be the qa.load package)
from qa.load import load  # noqa: E402

_EXPORTS = {"run": "qa.pipeline", "Report": "qa.records", "Settings": "qa.settings"}


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'qa' has no attribute {name!r}")


__all__ = ["Report", "Settings", "__version__", "load", "run"]
