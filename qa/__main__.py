"""``python -m qa``: the ``mtqa`` command (what the benchmarks and the speed figures run)."""

from qa.cli import main

main()
