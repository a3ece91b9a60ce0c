"""Load a directory of canonical raw files (Parquet or CSV) into the warehouse's raw schema.

Every raw column is landed as text, plus lineage columns (`_source_file`, `_source_row`,
`_loaded_at`), so that nothing is lost before staging types and validates it. `_source_row` is
the 1-based data record number in the file (header excluded), also when malformed lines were
rejected before it. Malformed CSV lines are not dropped: they land in `raw._load_rejects`, one
row per line, with file, line, column and reason.

A load makes the raw schema mirror the directory, file by file (`raw._load_files` records each
loaded file's size and modification time): a new file is appended, an unchanged file is left as
it is, and a file that changed or disappeared has its rows removed (and is reloaded when it
changed). Loading the same directory twice therefore never double-counts, and a daily export
dropped next to the history costs one day of loading. When rows were removed,
`LoadSummary.rows_removed` says so: incremental models cannot see removals, so the next build must
be a full refresh (`supportmetrics build` decides this by itself). Problems that stop a load
(missing required table or column, unreadable file) raise LoadError with a message naming the
table, file and line.
"""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from supportmetrics.contract import Table, load_contract

log = logging.getLogger(__name__)

SUFFIXES = (".parquet", ".csv", ".csv.gz")
REJECTS_TABLE = "_load_rejects"
FILES_TABLE = "_load_files"


class LoadError(Exception):
    """Input that cannot be loaded; the message names the table, file and column."""


@dataclass
class TableLoad:
    """What happened to one table."""

    table: str
    files: list[str] = field(default_factory=list)  # files (re)loaded by this call
    rows: int = 0  # rows in the raw table after the load
    rejected_lines: int = 0  # malformed lines of this table kept in raw._load_rejects
    new_rows: int = 0  # rows appended by this call
    unchanged_files: int = 0
    removed_files: list[str] = field(default_factory=list)  # changed or gone: their rows were removed
    notes: list[str] = field(default_factory=list)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return next((s for s in SUFFIXES if name.endswith(s)), "")


def discover_files(raw_dir: Path, table: str) -> list[Path]:
    """`<table>.parquet|csv` or any Parquet/CSV file inside a `<table>/` folder."""
    found = [raw_dir / f"{table}{s}" for s in SUFFIXES if (raw_dir / f"{table}{s}").is_file()]
    folder = raw_dir / table
    if folder.is_dir():
        found += sorted(p for p in folder.rglob("*") if p.is_file() and _suffix(p))
    return found


def _csv_header(path: Path) -> list[str] | None:
    """The header row of a CSV file, or None when the file is empty."""
    import gzip

    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rt", newline="", encoding="utf-8-sig") as handle:  # type: ignore[operator]
        row = next(csv.reader(handle), None)
    return [c.strip() for c in row] if row else None


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _file_relation(path: Path, header: list[str]) -> str:
    """A DuckDB table function reading the file with every column as text."""
    if _suffix(path) == ".parquet":
        return f"read_parquet({_sql_str(str(path))}, file_row_number = true)"
    columns = "{" + ", ".join(f"{_sql_str(c)}: 'VARCHAR'" for c in header) + "}"
    return (
        f"read_csv({_sql_str(str(path))}, columns = {columns}, auto_detect = false, header = true, "
        "delim = ',', quote = '\"', escape = '\"', store_rejects = true, "
        "rejects_table = 'reject_errors_tmp', rejects_scan = 'reject_scans_tmp')"
    )


def _file_columns(con: duckdb.DuckDBPyConnection, path: Path) -> list[str] | None:
    if _suffix(path) == ".parquet":
        rel = con.sql(f"select * from read_parquet({_sql_str(str(path))}) limit 0")
        return list(rel.columns)
    return _csv_header(path)


LINEAGE_COLUMNS = ("_source_file", "_source_row", "_loaded_at")


def _existing_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema, table]
    ).fetchall()]


def _ensure_table(con: duckdb.DuckDBPyConnection, schema: str, table: Table) -> bool:
    """Create the raw table unless it exists with the contract's columns; True when (re)created."""
    if _existing_columns(con, schema, table.name) == [*table.column_names, *LINEAGE_COLUMNS]:
        return False
    cols = ", ".join(f'"{c}" varchar' for c in table.column_names)
    con.execute(f'drop table if exists "{schema}"."{table.name}"')
    con.execute(
        f'create table "{schema}"."{table.name}" ({cols}, _source_file varchar, '
        "_source_row bigint, _loaded_at timestamp)"
    )
    return True


def _fingerprint(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _load_file(
    con: duckdb.DuckDBPyConnection, schema: str, table: Table, path: Path, result: TableLoad
) -> None:
    if path.stat().st_size == 0:
        result.notes.append(f"{path}: empty file (0 bytes), nothing loaded from it")
        return
    header = _file_columns(con, path)
    if not header:
        result.notes.append(f"{path}: empty file (no header row), nothing loaded from it")
        return
    missing = [c for c in table.required_columns if c not in header]
    if missing:
        where = "line 1 (header)" if _suffix(path) != ".parquet" else "schema"
        raise LoadError(
            f"table '{table.name}', file {path}, {where}: required column '{missing[0]}' is missing "
            f"(all missing: {', '.join(missing)}; found: {', '.join(header)})"
        )
    absent = [c for c in table.column_names if c not in header]
    if absent:
        result.notes.append(f"{path}: optional column(s) {', '.join(absent)} absent, loaded as null")
    extra = [c for c in header if c not in table.column_names]
    if extra:
        result.notes.append(f"{path}: column(s) {', '.join(extra)} are not in the contract, ignored")
    select = ", ".join(
        f'cast("{c}" as varchar)' if c in header else "cast(null as varchar)"
        for c in table.column_names
    )
    is_parquet = _suffix(path) == ".parquet"
    row_expr = "file_row_number + 1" if is_parquet else "row_number() over ()"
    before = con.execute(f'select count(*) from "{schema}"."{table.name}"').fetchone()[0]  # type: ignore[index]
    con.execute(
        f'insert into "{schema}"."{table.name}" select {select}, {_sql_str(str(path))}, '
        f"{row_expr}, current_timestamp::timestamp from {_file_relation(path, header)}"
    )
    after = con.execute(f'select count(*) from "{schema}"."{table.name}"').fetchone()[0]  # type: ignore[index]
    result.new_rows += after - before
    result.files.append(str(path))
    rejected_before = result.rejected_lines
    if not is_parquet:
        _collect_rejects(con, schema, table.name, path, result)
    if after == before and result.rejected_lines == rejected_before:
        result.notes.append(f"{path}: no data rows" + (" (header only)" if not is_parquet else ""))


def _collect_rejects(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, path: Path, result: TableLoad
) -> None:
    """Move DuckDB's reject records for `path` into raw._load_rejects, one row per bad line.

    DuckDB reports one record per failing column (a short line yields one MISSING COLUMNS
    record per absent column); they are folded into one row per line. `line` is DuckDB's
    CSV record number, header = 1 (the physical line unless a quoted field spans lines).
    """
    rows = con.execute(
        """
        select
            line,
            min(column_name) as column_name,
            string_agg(distinct error_type, ', ' order by error_type) as error_type,
            min(error_message) as error_message,
            min(csv_line) as csv_line
        from reject_errors_tmp
        group by line
        order by line
        """
    ).fetchall()
    for line, column, error_type, message, csv_line in rows:
        con.execute(
            f'insert into "{schema}"."{REJECTS_TABLE}" values (?, ?, ?, ?, ?, ?, ?)',
            [table, str(path), int(line), column, error_type, message, csv_line],
        )
        where = f"column '{column}'" if column else "the line"
        result.notes.append(f"{path}, line {line}, {where}: {error_type.lower()}: {message}")
    if rows:
        _renumber_rows(con, schema, table, path, [int(r[0]) - 1 for r in rows])
    result.rejected_lines += len(rows)
    con.execute("drop table if exists reject_errors_tmp")
    con.execute("drop table if exists reject_scans_tmp")


def _renumber_rows(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, path: Path, rejected: list[int]
) -> None:
    """Make `_source_row` the file's data record number even when lines before it were rejected.

    Rows are numbered 1..n over the lines DuckDB accepted; with rejected record numbers
    r_1 < r_2 < ..., accepted row n is record n + #{j : r_j - j < n}. A rejected line then
    keeps its own number (line - 1) and never collides with a loaded row of the same file.
    """
    con.execute("create or replace temp table _rejected_records (record bigint, k bigint)")
    con.executemany(
        "insert into _rejected_records values (?, ?)",
        [(record, k) for k, record in enumerate(sorted(rejected), start=1)],
    )
    con.execute(
        f'update "{schema}"."{table}" as t '
        "set _source_row = t._source_row + ("
        "    select count(*) from _rejected_records as r where r.record - r.k < t._source_row"
        ") where t._source_file = ?",
        [str(path)],
    )
    con.execute("drop table _rejected_records")


def _ensure_bookkeeping(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    con.execute(f'create schema if not exists "{schema}"')
    con.execute(
        f'create table if not exists "{schema}"."{REJECTS_TABLE}" (table_name varchar, source_file varchar, '
        "line bigint, column_name varchar, error_type varchar, error_message varchar, raw_line varchar)"
    )
    con.execute(
        f'create table if not exists "{schema}"."{FILES_TABLE}" (table_name varchar, source_file varchar, '
        "file_size bigint, file_mtime_ns bigint, loaded_at timestamp)"
    )


def _forget_file(con: duckdb.DuckDBPyConnection, schema: str, table: str, source_file: str) -> None:
    """Remove one file's rows, reject records and manifest entry."""
    con.execute(f'delete from "{schema}"."{table}" where _source_file = ?', [source_file])
    for bookkeeping in (REJECTS_TABLE, FILES_TABLE):
        con.execute(
            f'delete from "{schema}"."{bookkeeping}" where table_name = ? and source_file = ?', [table, source_file]
        )


def _sync_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: Table, files: list[Path]
) -> TableLoad:
    """Make raw.<table> hold exactly the rows of `files`, loading only what is new or changed."""
    result = TableLoad(table=table.name)
    if _ensure_table(con, schema, table):
        # A new table, or one landed with other columns (older contract): reload every file.
        result.removed_files += [r[0] for r in con.execute(
            f'select source_file from "{schema}"."{FILES_TABLE}" where table_name = ?', [table.name]
        ).fetchall()]
        for bookkeeping in (REJECTS_TABLE, FILES_TABLE):
            con.execute(f'delete from "{schema}"."{bookkeeping}" where table_name = ?', [table.name])
    known = {
        path: (size, mtime)
        for path, size, mtime in con.execute(
            f'select source_file, file_size, file_mtime_ns from "{schema}"."{FILES_TABLE}" where table_name = ?',
            [table.name],
        ).fetchall()
    }
    current = {str(path): (path, _fingerprint(path)) for path in files}
    for source_file, fingerprint in known.items():
        if source_file not in current or current[source_file][1] != fingerprint:
            _forget_file(con, schema, table.name, source_file)
            result.removed_files.append(source_file)
            change = "changed" if source_file in current else "no longer in the raw directory"
            result.notes.append(f"{source_file}: {change}; its previously loaded rows were removed")
    if not files:
        result.notes.append(f"optional table '{table.name}' not provided: loaded as an empty table")
    for source_file, (path, fingerprint) in current.items():
        if known.get(source_file) == fingerprint:
            result.unchanged_files += 1
            continue
        try:
            _load_file(con, schema, table, path, result)
        except (duckdb.Error, UnicodeDecodeError, OSError) as exc:
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise LoadError(f"table '{table.name}', file {path}: cannot be read: {reason}") from None
        con.execute(
            f'insert into "{schema}"."{FILES_TABLE}" values (?, ?, ?, ?, current_timestamp::timestamp)',
            [table.name, source_file, *fingerprint],
        )
    if result.unchanged_files:
        result.notes.append(f"{result.unchanged_files} file(s) unchanged since the last load: kept, not reloaded")
    result.rows = con.execute(f'select count(*) from "{schema}"."{table.name}"').fetchone()[0]  # type: ignore[index]
    result.rejected_lines = con.execute(
        f'select count(*) from "{schema}"."{REJECTS_TABLE}" where table_name = ?', [table.name]
    ).fetchone()[0]  # type: ignore[index]
    return result


def load_raw(raw_dir: Path, con: duckdb.DuckDBPyConnection, schema: str = "raw") -> list[TableLoad]:
    """Make the raw schema's tables mirror `raw_dir`, loading only new or changed files.

    Raises LoadError when a required table or column is missing.
    """
    raw_dir = raw_dir.resolve()
    if not raw_dir.is_dir():
        raise LoadError(f"raw data directory {raw_dir} does not exist")
    contract = load_contract()
    plan = {name: discover_files(raw_dir, name) for name in contract}
    missing = [n for n, t in contract.items() if t.required_table and not plan[n]]
    if missing:
        raise LoadError(
            f"required table '{missing[0]}' not found in {raw_dir}: expected {missing[0]}.parquet, "
            f"{missing[0]}.csv or a folder {missing[0]}/ of such files"
        )
    _ensure_bookkeeping(con, schema)
    # File by file, each recorded in raw._load_files once loaded: a load that stops on a bad
    # file leaves a consistent raw schema, and the next load resumes from there.
    return [_sync_table(con, schema, table, plan[name]) for name, table in contract.items()]


def rows_removed(results: list[TableLoad]) -> bool:
    """True when the load removed previously loaded rows (incremental models need a full refresh)."""
    return any(r.removed_files for r in results)
