"""mtqa: machine-translation quality checks against an open retranslation."""

__version__ = "0.1.0"
