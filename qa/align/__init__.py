"""Alignment: sentences (splitting paragraphs, ``sentences``), sentence links between the source
and its translation (``links``: the search; ``costs``: what a link costs; ``similarity``: the
n-gram, anchor and cognate cues the costs read; ``sparse``: the sparse rows they are held in).

Nothing is imported here: ``links`` needs numpy, which a fully cached check never loads.
"""
