"""Terminology: glossaries (``glossary``: loading and merging; ``readers`` and ``tbx``: TSV, CSV
and TBX files; ``entries``: terms; ``lint``), the index of a run's terms (``index``, with
``matching`` and ``plural``), the bilingual dictionary of literal senses (``dictionary``), and
glossary candidates mined from reports (``mining``)."""
