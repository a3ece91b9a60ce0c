"""Compare the tables of two built warehouses row for row (used by the idempotency,
incremental and cross-engine parity tests).

Integers, strings, booleans and dates must be equal; floats agree to a relative tolerance
(summation order differs between engines and between parallel runs).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

REL_TOL = 1e-6
Fetch = Callable[[str], tuple[list[str], list[tuple[Any, ...]]]]


def _normalise(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def _sort_key(row: Sequence[Any]) -> tuple:
    return tuple((v is None, f"{v:.6g}" if isinstance(v, float) else str(v)) for v in row)


def same_value(a: Any, b: Any, rel_tol: float = REL_TOL) -> bool:
    """Equal, or close for floats."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        if math.isnan(float(a)) and math.isnan(float(b)):
            return True
        return math.isclose(float(a), float(b), rel_tol=rel_tol, abs_tol=1e-9)
    return a == b


def compare_rows(name: str, columns: list[str], left: list[tuple], right: list[tuple]) -> list[str]:
    """Differences between two row sets of one relation, as readable messages."""
    left = sorted((tuple(_normalise(v) for v in r) for r in left), key=_sort_key)
    right = sorted((tuple(_normalise(v) for v in r) for r in right), key=_sort_key)
    if len(left) != len(right):
        return [f"{name}: {len(left)} rows vs {len(right)} rows"]
    for lrow, rrow in zip(left, right):
        bad = [c for c, a, b in zip(columns, lrow, rrow) if not same_value(a, b)]
        if bad:
            return [f"{name}: column(s) {bad} differ, e.g. {lrow} vs {rrow}"]
    return []


def compare_relations(fetch_left: Fetch, fetch_right: Fetch, relations: list[str]) -> list[str]:
    """Compare each relation (schema.table) as returned by two fetch functions."""
    problems: list[str] = []
    for relation in relations:
        columns, left = fetch_left(relation)
        _, right = fetch_right(relation)
        problems += compare_rows(relation, columns, left, right)
    return problems


def duckdb_fetcher(con: Any) -> Fetch:
    """A fetch function over a DuckDB connection."""

    def fetch(relation: str) -> tuple[list[str], list[tuple[Any, ...]]]:
        cursor = con.execute(f"select * from {relation}")
        return [d[0] for d in cursor.description], cursor.fetchall()

    return fetch


# an incremental run's own bookkeeping (what it recomputed: int_incremental_scope and the dates
# models int_incremental_<kind>_dates), not results: they differ from a full refresh's by design,
# so the incremental-equals-full-refresh comparisons leave them out. A naming rule, not a list:
# a new bookkeeping model is named int_incremental_... and is covered by itself.
RUN_BOOKKEEPING_PREFIX = "int_incremental_"


def is_run_bookkeeping(table: str) -> bool:
    """True for schema.table of an incremental run's bookkeeping model (named int_incremental_...)."""
    return table.rsplit(".", 1)[-1].startswith(RUN_BOOKKEEPING_PREFIX)


# The cross-engine parity tests (DuckDB vs PostgreSQL, tests/python/test_postgres_parity.py; DuckDB
# vs Spark, tests/spark) build one clean generated canonical data set on both engines. Every other
# mart must be non-empty there (not a vacuous compare; the parity vars' alert volume floors make
# stage alerts fire). Empty by the data: no quarantined rows and no version conflicts in clean
# data. Empty by design for the canonical source: the vendor marts (unclassified authors, the
# vendor's own AI verdict), whose vendor shapes test_zendesk_shapes and test_intercom_shapes compare.
# The dbt vars of both parity builds: a pilot, so the pilot marts are compared; tight alert control
# limits (1 sigma) with volume floors sized for the set's ~16 conversations a day (the defaults,
# 20 a day and a 100-conversation baseline, judge no day of it), so alerts fire and the alert
# logic is compared, not an empty table.
PARITY_VARS = ("{pilot_start_date: '2026-08-03', alert_control_limit_sigma: 1, alert_critical_control_limit_sigma: 2,"
               " alert_min_daily_volume: 5, alert_min_baseline_volume: 30}")
PARITY_MAY_BE_EMPTY_MARTS = frozenset({
    "marts.fct_quarantined_rows", "marts.fct_version_conflicts",
    "marts.fct_unclassified_authors", "marts.fct_vendor_resolution_comparison",
})


def list_tables(con: Any, schemas: Sequence[str]) -> list[str]:
    """schema.table for every table in the given schemas of a DuckDB warehouse."""
    placeholders = ", ".join("?" for _ in schemas)
    rows = con.execute(
        f"select table_schema, table_name from information_schema.tables where table_schema in ({placeholders}) "
        "and table_type = 'BASE TABLE' order by 1, 2", list(schemas)).fetchall()
    return [f"{s}.{t}" for s, t in rows]
