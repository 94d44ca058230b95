"""How the model engines batch sentences: each sentence padded to a width of its own, each batch of
one width, each pivot capped at a length of its own, so that no result depends on its neighbours."""

from __future__ import annotations

from collections.abc import Sequence


def length_cap(source_length: int, max_length: int) -> int:
    """The most target tokens a pivot may have: twice the source plus ten, at most ``max_length``.

    A pivot longer than that is a decoding loop, not a translation; the cap is
    applied per sentence, so a sentence's pivot does not depend on its batch.
    """
    return max(1, min(max_length, 2 * source_length + 10))


#: the widths (in tokens) a sentence is padded to: the first that holds it, whatever else its batch
#: holds. Padding and decoding steps change a model's arithmetic in the last bits (bfloat16 and
#: float16 most): a pivot decoded beside a longer sentence could differ from the same sentence's
#: pivot alone. With every shape that touches a row a function of that row alone, a segment's
#: pivot and scores do not depend on its batch, on chunking, or on whether a terminal shows progress.
WIDTHS = (8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256)


def bucket_width(length: int) -> int:
    """The padded width of a sequence of ``length`` tokens (beyond the table: multiples of 64)."""
    for width in WIDTHS:
        if length <= width:
            return width
    return -(-length // 64) * 64


def length_batches(
    lengths: Sequence[int | tuple[int, ...]], batch_tokens: int, max_batch: int = 0, exact: bool = False
) -> list[list[int]]:
    """Indices grouped into batches whose members share their padded widths (:func:`bucket_width` of
    each length, or of each length of a (source, target) pair), widest first, each at most
    ``batch_tokens`` padded tokens and ``max_batch`` rows (0: no limit). Who shares a batch is then
    no matter: every row is padded and decoded as it would be alone.

    ``exact``: members share their lengths themselves, for a backend that pads a batch to its
    longest member whatever width it is asked for (CTranslate2): no row is padded at all."""
    sizes = [n if isinstance(n, tuple) else (n,) for n in lengths]
    groups: dict[tuple[int, ...], list[int]] = {}
    width = (lambda n: max(1, n)) if exact else (lambda n: bucket_width(max(1, n)))
    for index in sorted(range(len(sizes)), key=lambda i: (-max(sizes[i], default=0), i)):
        groups.setdefault(tuple(width(n) for n in sizes[index]), []).append(index)
    batches: list[list[int]] = []
    for key in sorted(groups, key=lambda k: (-max(k), k)):
        rows = max(1, batch_tokens // max(key))
        rows = min(rows, max_batch) if max_batch else rows
        members = groups[key]
        batches += [members[start : start + rows] for start in range(0, len(members), rows)]
    return batches
