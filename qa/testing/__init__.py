"""Helpers for tests and offline demos: a tiny MarianMT built locally (``qa.testing.tiny_marian``)."""
