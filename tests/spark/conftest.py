"""Fixtures for the Apache Spark parity test (`make test-spark`, its own virtual environment).

Not collected by `make test` (pytest's testpaths is tests/python): pyspark is large and every
dbt command on Spark starts a JVM. Spark runs in-process (dbt-spark's session method) with its
warehouse directory and embedded Derby metastore under a temporary SUPPORTMETRICS_SPARK_DIR, so
the loader, dbt and the fetcher below share the same tables. Derby admits one JVM at a time:
the loader and dbt run as subprocesses, one after the other, and the fetcher's SparkSession is
started only after the last dbt command has exited.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import time
from collections.abc import Callable
from typing import Any

import pytest

# Spark hands timestamps to Python in the process's local time zone; the warehouse is UTC.
os.environ["TZ"] = "UTC"
time.tzset()


# Seconds per build step (generate, loads, dbt builds), filled by the `built` fixture and printed
# in the terminal summary: a fixture's print() is captured and only shown when a test fails.
TIMINGS = pytest.StashKey[dict[str, float]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "spark: needs pyspark, dbt-spark and Java (make test-spark)")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    timings = config.stash.get(TIMINGS, None)
    if timings:
        terminalreporter.write_sep("-", "Spark parity build steps")
        for step, seconds in timings.items():
            terminalreporter.write_line(f"{seconds:7.1f} s  {step}")


def spark_unavailable() -> str | None:
    """Why Spark cannot run here, or None."""
    missing = [m for m in ("pyspark", "dbt.adapters.spark") if _find_spec(m) is None]
    if missing:
        return f"{', '.join(missing)} not installed (use `make test-spark`, which installs the spark extra)"
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        return "java not found (Spark needs Java 17)"
    return None


def _find_spec(module: str) -> Any:
    try:
        return importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return None


def spark_fetcher(session: Any, columns_of: Callable[[str], list[str]]) -> Callable[[str], tuple[list[str], list[tuple]]]:
    """A supportmetrics.compare fetch function over a SparkSession.

    Columns are selected by name in the order `columns_of(relation)` gives (the DuckDB side), so
    rows line up column for column whatever order Spark stored them in.
    """

    def fetch(relation: str) -> tuple[list[str], list[tuple]]:
        columns = columns_of(relation)
        rows = session.sql(f"select {', '.join(f'`{c}`' for c in columns)} from {relation}").collect()
        return columns, [tuple(row) for row in rows]

    return fetch
