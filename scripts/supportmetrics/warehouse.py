"""Connections to the embedded DuckDB warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from supportmetrics.paths import warehouse_path

BASE_MODEL_PREFIX = "base_helpdesk__"


def connect(path: Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (UTC session time zone, like the dbt profile)."""
    target = path or warehouse_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target), read_only=read_only)
    con.execute("set TimeZone = 'UTC'")
    return con


def full_refresh_reason(path: Path | None = None, raw_schema: str = "raw") -> str | None:
    """Why the next build must be a full refresh, or None when an incremental run is exact.

    Incremental base models need every raw row they were built from to still be in the raw
    table (the loader only appends unless files changed or disappeared); the same check as the
    models' own guard (macro assert_raw_rows_kept).
    """
    target = path or warehouse_path()
    if not target.exists():
        return "no warehouse yet"
    from supportmetrics.contract import load_contract

    con = connect(target, read_only=True)
    try:
        built = {
            name: schema for schema, name in con.execute(
                "select table_schema, table_name from information_schema.tables where table_name like ?",
                [BASE_MODEL_PREFIX + "%"],
            ).fetchall()
        }
        for table in load_contract():
            model = BASE_MODEL_PREFIX + table
            if model not in built:
                return f"{model} has not been built yet"
            base = f'"{built[model]}"."{model}"'
            built_rows, raw_rows = con.execute(
                f"select (select count(*) from {base}), (select count(*) from \"{raw_schema}\".\"{table}\" "
                f"where _loaded_at <= (select max(_loaded_at) from {base}))"
            ).fetchone()  # type: ignore[misc]
            if built_rows != raw_rows:
                return (f"raw.{table} no longer holds every row {model} was built from "
                        f"({built_rows:,} built, {raw_rows:,} still there): files were replaced or removed")
    finally:
        con.close()
    return None
