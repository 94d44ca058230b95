"""Scores: sacrebleu's metrics of each segment and document against the pivot (``metrics``), and the
combined, calibrated ``mtqa`` score that adds the model's log-probability and the findings
(``combined``, fitted by ``benchmarks/quality.py``)."""
