"""Connections to the embedded DuckDB warehouse."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Mapping

import duckdb

from supportmetrics.errors import SettingsError, WarehouseLockedError
from supportmetrics.paths import warehouse_path

BASE_MODEL_PREFIX = "base_helpdesk__"
# DuckDB: 'Could not set lock on file "...": Conflicting lock is held in /usr/bin/python (PID 123)'
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")


MEMORY_LIMIT_ENV = "SUPPORTMETRICS_DUCKDB_MEMORY_LIMIT"
TEMP_DIR_ENV = "SUPPORTMETRICS_DUCKDB_TEMP_DIR"
# The share of the machine's memory DuckDB may use for its buffers (joins, sorts, aggregates
# spill to temp_directory beyond it); the rest is for the process itself, dbt and the OS.
DEFAULT_MEMORY_SHARE = 0.40
_MEMORY_VALUE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[KMGT]i?B|%)\s*$", re.IGNORECASE)
_UNIT_BYTES = {"kb": 1000, "mb": 1000**2, "gb": 1000**3, "tb": 1000**4,
               "kib": 1024, "mib": 1024**2, "gib": 1024**3, "tib": 1024**4}


def machine_memory_bytes() -> int | None:
    """Physical memory of this machine, or the cgroup's limit when lower (containers); None if unknown."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None
    for limit_file in (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes")):
        try:
            text = limit_file.read_text().strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < total:
            total = int(text)
        break
    return total


def _memory_limit(value: str | None, machine_bytes: int | None) -> str:
    """DuckDB's memory_limit as an absolute size ('9.4GiB'), from a size, a share ('40%') or the default."""
    text = (value or "").strip() or f"{DEFAULT_MEMORY_SHARE:.0%}"
    match = _MEMORY_VALUE.match(text)
    if match is None:
        raise SettingsError(
            f"{MEMORY_LIMIT_ENV}={value!r} is not a memory size: use a number with a unit (e.g. 8GiB, 6000MB) "
            "or a share of this machine's memory (e.g. 40%)")
    number, unit = float(match["number"]), match["unit"].lower()
    if unit == "%":
        if not 0 < number <= 100:
            raise SettingsError(f"{MEMORY_LIMIT_ENV}={value!r}: a share of memory must be above 0% and at most 100%")
        if machine_bytes is None:
            return f"{number:g}%"  # DuckDB computes the share itself
        limit = machine_bytes * number / 100
    else:
        limit = number * _UNIT_BYTES[unit]
    if limit < 128 * 1024**2:
        raise SettingsError(f"{MEMORY_LIMIT_ENV}={value!r} is below 128 MiB: DuckDB cannot build the project in that")
    if machine_bytes is not None and limit > machine_bytes:
        raise SettingsError(
            f"{MEMORY_LIMIT_ENV}={value!r} is more than this machine's memory ({machine_bytes / 1024**3:.1f} GiB)")
    return f"{limit / 1024**2:.0f}MiB"


def duckdb_settings(environ: Mapping[str, str] | None = None, database: Path | None = None,
                    machine_bytes: int | None = -1) -> dict[str, str]:
    """The DuckDB settings every connection of the project uses (dbt through profiles/, and connect()).

    - memory_limit: env SUPPORTMETRICS_DUCKDB_MEMORY_LIMIT (a size such as 8GiB, or a share of
      memory such as 40%), default 40% of this machine's memory (cgroup limit included);
    - temp_directory, where DuckDB spills beyond the limit: env SUPPORTMETRICS_DUCKDB_TEMP_DIR,
      default `<warehouse file>.tmp` (DuckDB's own default, made explicit);
    - preserve_insertion_order false: no model depends on the physical order of rows (every
      order that matters is an order by), and keeping it costs memory on large inserts.
    Raises SettingsError, with what to change, for a value that cannot be used.
    """
    env = os.environ if environ is None else environ
    machine = machine_memory_bytes() if machine_bytes == -1 else machine_bytes
    temp = (env.get(TEMP_DIR_ENV) or "").strip()
    temp_dir = Path(temp).expanduser() if temp else Path(str(database or warehouse_path()) + ".tmp")
    if temp_dir.exists() and not temp_dir.is_dir():
        raise SettingsError(f"{TEMP_DIR_ENV}={str(temp_dir)!r} is a file, not a directory: point it at a directory")
    probe = next((p for p in (temp_dir, *temp_dir.parents) if p.exists()), None)
    if probe is not None and not os.access(probe, os.W_OK):
        raise SettingsError(f"{TEMP_DIR_ENV}={str(temp_dir)!r} cannot be created or written ({probe} is not writable)")
    return {
        "memory_limit": _memory_limit(env.get(MEMORY_LIMIT_ENV), machine),
        "temp_directory": str(temp_dir),
        "preserve_insertion_order": "false",
    }


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
    """Open the warehouse (UTC session time zone and duckdb_settings(), like the dbt profile).

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
    for name, value in duckdb_settings(database=target).items():
        con.execute(f"set {name} = '{value}'")
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
