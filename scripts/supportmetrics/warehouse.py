"""Connections to the embedded DuckDB warehouse."""

from __future__ import annotations

from pathlib import Path

import duckdb

from supportmetrics.paths import warehouse_path


def connect(path: Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (UTC session time zone, like the dbt profile)."""
    target = path or warehouse_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(target), read_only=read_only)
    con.execute("set TimeZone = 'UTC'")
    return con
