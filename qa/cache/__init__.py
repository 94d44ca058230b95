"""Caches on disk: pivots and model scores keyed by the engine's signature and the text
(``results``, SQLite), finished documents keyed by everything that decides their findings
(``documents``, in the same file), and the library versions both keys name (``versions``)."""
