"""The terminal summary printed at the end of `make demo` / `supportmetrics build`."""

from __future__ import annotations

from typing import Any

import duckdb
from rich.console import Console
from rich.table import Table

from supportmetrics.scorecard import print_scorecard
from supportmetrics.warehouse import connect


def _relation_exists(con: duckdb.DuckDBPyConnection, schema: str, name: str) -> bool:
    query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return bool(con.execute(query, [schema, name]).fetchone()[0])  # type: ignore[index]


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{100 * float(value):.1f}%"


def _headline(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """Latest complete month, overall: the deflection vs true-resolution gap first."""
    if not _relation_exists(con, "marts", "fct_resolution_quality"):
        return
    row = con.execute(
        """
        select period_start, conversations, deflection_rate, true_resolution_rate,
               containment_quality_rate, ai_containment_rate, escalation_rate, fcr_72h
        from marts.fct_resolution_quality
        where period_grain = 'month' and slice_dimension = 'overall'
        order by period_start desc
        limit 1
        """
    ).fetchone()
    if row is None:
        return
    table = Table(title=f"Headline metrics, {row[0]:%B %Y} (all channels)")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("conversations", f"{row[1]:,}")
    table.add_row("deflection rate (AI handled without a human)", _pct(row[2]))
    table.add_row("true resolution rate (of AI conversations)", _pct(row[3]))
    table.add_row("containment quality (deflections truly resolved)", _pct(row[4]))
    table.add_row("AI containment rate", _pct(row[5]))
    table.add_row("escalation rate", _pct(row[6]))
    table.add_row("FCR 72 h", _pct(row[7]))
    console.print(table)


def _staged_counts(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    if not _relation_exists(con, "staging", "stg_helpdesk__conversations"):
        console.print("[yellow]The warehouse has not been built yet: run `make demo`.[/yellow]")
        return
    count = con.execute("select count(*) from staging.stg_helpdesk__conversations").fetchone()[0]  # type: ignore[index]
    console.print(f"Staged conversations: {count:,}")


def print_summary(console: Console) -> None:
    """Print what the marts say; degrade to staged counts while marts are missing."""
    con = connect(read_only=True)
    try:
        _staged_counts(con, console)
        _headline(con, console)
        print_scorecard(con, console)
    finally:
        con.close()
