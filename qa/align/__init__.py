"""Alignment: sentences (splitting paragraphs, ``sentences``), sentence links between the source
and its translation (``links``, with what they compare in ``similarity``).

Nothing is imported here: ``links`` needs numpy, which a fully cached check never loads.
"""
