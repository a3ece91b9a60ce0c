"""The terminal summary printed at the end of `make demo` / `supportmetrics build`."""

from __future__ import annotations

from pathlib import Path
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


def _headline_month(con: duckdb.DuckDBPyConnection) -> Any:
    """The latest complete month (the one the stage assessment judges), else the latest month."""
    if _relation_exists(con, "marts", "fct_stage_assessment"):
        row = con.execute(
            "select max(period_start) from marts.fct_stage_assessment "
            "where period_type = 'month' and is_latest_complete_month"
        ).fetchone()
        if row and row[0] is not None:
            return row[0]
    row = con.execute(
        "select max(period_start) from marts.fct_resolution_quality where period_grain = 'month'"
    ).fetchone()
    return row[0] if row else None


def fmt_duration(seconds: Any) -> str:
    if seconds is None:
        return "n/a"
    seconds = float(seconds)
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def _headline(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """Latest complete month, overall: the deflection vs true-resolution gap first, then CSAT
    AI vs human (fct_csat_gap) and median first response (fct_first_response_times)."""
    if not _relation_exists(con, "marts", "fct_resolution_quality"):
        return
    month = _headline_month(con)
    row = con.execute(
        """
        select period_start, conversations, deflection_rate, true_resolution_rate,
               containment_quality_rate, ai_containment_rate, escalation_rate, fcr_72h
        from marts.fct_resolution_quality
        where period_grain = 'month' and slice_dimension = 'overall' and period_start = ?
        """,
        [month],
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
    if _relation_exists(con, "marts", "fct_csat_gap"):
        csat = con.execute(
            """
            select ai_only_satisfied_rate, ai_only_responses, human_only_satisfied_rate,
                   human_only_responses, csat_gap_points, csat_gap_missing_reason
            from marts.fct_csat_gap
            where period_grain = 'month' and slice_dimension = 'overall' and period_start = ?
            """,
            [row[0]],
        ).fetchone()
        if csat is not None:
            table.add_row(f"CSAT, AI only (% 4-5, {csat[1] or 0:,} responses)", _pct(csat[0]))
            table.add_row(f"CSAT, human only (% 4-5, {csat[3] or 0:,} responses)", _pct(csat[2]))
            gap = "n/a" + (f" ({csat[5]})" if csat[5] else "") if csat[4] is None else f"{float(csat[4]):+.1f} pts"
            table.add_row("CSAT gap, AI minus human (raw)", gap)
    _csat_like_for_like_row(con, table, row[0])
    if _relation_exists(con, "marts", "fct_first_response_times"):
        responses = dict(con.execute(
            """
            select handling_path, median_first_response_seconds
            from marts.fct_first_response_times
            where period_grain = 'month' and slice_dimension = 'overall' and period_start = ?
            """,
            [row[0]],
        ).fetchall())
        for path, label in (("all", "all conversations"), ("ai_only", "AI only"),
                            ("human_only", "human only")):
            if path in responses:
                table.add_row(f"median first response, {label}", fmt_duration(responses[path]))
    console.print(table)


def _csat_like_for_like_row(con: duckdb.DuckDBPyConnection, table: Table, month: Any) -> None:
    """The like-for-like CSAT gap (the one the stage criterion reads) beside the raw gap: within
    intents, standardised to the AI intent mix, with its 95% interval and the intents left out."""
    if not _relation_exists(con, "marts", "fct_csat_gap_like_for_like"):
        return
    lfl = con.execute(
        """
        select like_for_like_csat_gap_points, like_for_like_csat_gap_lower_points, like_for_like_csat_gap_upper_points,
               least(compared_ai_only_responses, compared_human_only_responses), intents_without_human_baseline,
               like_for_like_missing_reason
        from marts.fct_csat_gap_like_for_like
        where period_grain = 'month' and period_start = ?
        """,
        [month],
    ).fetchone()
    if lfl is None:
        return
    if lfl[0] is None:
        value = f"n/a ({lfl[5]})" if lfl[5] else "n/a"
    else:
        interval = "" if lfl[1] is None else f", 95%: {float(lfl[1]):+.1f} to {float(lfl[2]):+.1f}"
        value = f"{float(lfl[0]):+.1f} pts{interval} (n = {lfl[3]:,}; {lfl[4]} intent(s) without a human baseline left out)"
    table.add_row("CSAT gap like for like (same intents)", value)


def _staged_counts(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    if not _relation_exists(con, "staging", "stg_helpdesk__conversations"):
        console.print("[yellow]The warehouse has not been built yet: run `make demo`.[/yellow]")
        return
    count = con.execute("select count(*) from staging.stg_helpdesk__conversations").fetchone()[0]  # type: ignore[index]
    console.print(f"Staged conversations: {count:,}")


def _data_quality(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """One line on what the contract kept out, so a user knows where to look."""
    if not _relation_exists(con, "marts", "rpt_raw_reconciliation"):
        return
    rows = con.execute(
        """
        select table_name, quarantined_rows, exact_duplicates, superseded_versions, malformed_lines, reconciles
        from marts.rpt_raw_reconciliation
        order by table_order
        """
    ).fetchall()
    quarantined = [(r[0], r[1]) for r in rows if r[1]]
    duplicates = sum(r[2] or 0 for r in rows)
    superseded = sum(r[3] or 0 for r in rows)
    malformed = sum(r[4] or 0 for r in rows)
    unreconciled = [r[0] for r in rows if not r[5]]
    listed = ", ".join(f"{table} {count:,}" for table, count in quarantined) or "none"
    console.print(
        f"Data quality: quarantined rows: {listed}; exact duplicates dropped {duplicates:,}; "
        f"older versions replaced {superseded:,}; malformed CSV lines {malformed:,}"
        + (" (see marts.fct_quarantined_rows)" if quarantined or malformed else "")
    )
    if unreconciled:
        console.print(f"[bold red]Raw rows do not reconcile for: {', '.join(unreconciled)}[/bold red] "
                      "(marts.rpt_raw_reconciliation)")


def print_summary(console: Console, warehouse: Path | None = None) -> None:
    """Print what the marts say; degrade to staged counts while marts are missing."""
    con = connect(warehouse, read_only=True)
    try:
        _staged_counts(con, console)
        _data_quality(con, console)
        # the scorecard leads with what the current stage watches (seed stage_lead_metrics);
        # the general headline metrics sit below it
        print_scorecard(con, console)
        _headline(con, console)
    finally:
        con.close()
