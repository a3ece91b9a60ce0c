"""Connections to the embedded DuckDB warehouse."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb

from supportmetrics.errors import WarehouseLockedError
from supportmetrics.paths import warehouse_path

BASE_MODEL_PREFIX = "base_helpdesk__"
# DuckDB: 'Could not set lock on file "...": Conflicting lock is held in /usr/bin/python (PID 123)'
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


def _command_line(pid: int) -> str | None:
    """The holder's command line (Linux /proc), shortened; None when it cannot be read."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    words = [w for w in raw.decode(errors="replace").split("\0") if w]
    text = " ".join((Path(words[0]).name if i == 0 else w) for i, w in enumerate(words))
    text = " ".join(text.split())
    return text[:160] + ("..." if len(text) > 160 else "") if text else None


def lock_error(target: Path, message: str) -> WarehouseLockedError | None:
    """A WarehouseLockedError naming the process that holds `target`, when `message` is DuckDB's lock error."""
    if "Could not set lock" not in message:
        return None
    holder = _LOCK_HOLDER.search(message)
    if holder is None:
        return WarehouseLockedError(f"warehouse {target} is in use by another process; wait for it to finish")
    pid = int(holder["pid"])
    who = _command_line(pid) or holder["program"]
    return WarehouseLockedError(
        f"warehouse {target} is in use by process {pid} ({who}); wait for it to finish or stop it "
        f"(kill {pid}), then run again"
    )


def connect(path: Path | None = None, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the warehouse (UTC session time zone, like the dbt profile).

    Raises WarehouseLockedError, naming the holding process, when another process has it open.
    """
    target = path or warehouse_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(target), read_only=read_only)
    except duckdb.IOException as exc:
        locked = lock_error(target, str(exc))
        if locked is None:
            raise
        raise locked from None
    con.execute("set TimeZone = 'UTC'")
    return con


def ensure_not_locked(path: Path | None = None) -> None:
    """Raise WarehouseLockedError when another process holds the warehouse (before running dbt)."""
    target = path or warehouse_path()
    if target.exists():
        connect(target).close()


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
