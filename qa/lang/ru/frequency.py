"""How common Russian words are in news: counts from the vocabulary of natasha's news embedding.

natasha (already the names check's NER) ships navec's news embedding, whose
vocabulary holds the 250,000 most frequent lower-cased word forms of about a
billion words of Russian news, each with its count. The embedding is loaded
once per process and shared with the names check's NER.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

CYRILLIC_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*", re.IGNORECASE)
#: log10(1 + count) of a source without Russian words: about the mean of WMT21 news sources (5.07)
NO_WORDS = 5.0


@lru_cache(maxsize=1)
def news_embedding() -> Any:
    """natasha's news embedding (navec), loaded once: the NER's input and the word counts."""
    from natasha import NewsEmbedding

    return NewsEmbedding()


@lru_cache(maxsize=1)
def news_counts() -> dict[str, int]:
    """Lower-cased word form -> its count in navec's Russian news corpus."""
    vocab = news_embedding().vocab
    return dict(zip(vocab.words, vocab.counts, strict=True))


def mean_log_frequency(text: str) -> float:
    """Mean log10(1 + news count) of the Russian words of a text (a word outside the 250,000: 0).

    Low for a source full of rare words (terms, rare names, slang), which people score lower
    translations of; ``NO_WORDS`` for a text without Russian words.
    """
    words = [w.lower() for w in CYRILLIC_WORD.findall(text)]
    if not words:
        return NO_WORDS
    counts = news_counts()
    return sum(math.log10(1 + counts.get(w, 0)) for w in words) / len(words)


__all__ = ["NO_WORDS", "mean_log_frequency", "news_counts", "news_embedding"]
