"""The gate: thresholds and a baseline of accepted findings decide pass or fail, once, as a
:class:`GateResult`; exit codes are decided here only (0 pass, 1 gate failed, 2 usage, input,
configuration or model unavailable, 3 internal error)."""
