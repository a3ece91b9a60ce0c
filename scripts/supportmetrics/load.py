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
be a full refresh (`supportmetrics build` decides this by itself). Each file is loaded in one transaction with its manifest entry.

Every CSV file is first audited independently of the engine (supportmetrics.csv_audit: encoding,
header, a strict quote-aware record count with the physical lines of each record); the load
stops unless `file records = rows loaded + lines rejected` for every file, and the per-file
record count is kept in `raw._load_files` so that the reconciliation starts from the file.
Which files belong to a table (case-insensitive names, `.csv.gz`, sub-folders, hidden files) is
decided in supportmetrics.load_files. Problems that stop a load (missing required table or
column, a required table without rows, records lost to an unbalanced quote, a non-UTF-8 file,
a duplicate column name, an unreadable file) raise LoadError with a message naming the table,
file, line and column.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from supportmetrics.contract import Table, load_contract
from supportmetrics.csv_audit import CsvAudit, audit_csv, lines_text, transcode_to_utf8
from supportmetrics.errors import LoadError
from supportmetrics.load_files import SUFFIXES, TablePlan, discover, present_files, suffix_of

log = logging.getLogger(__name__)

__all__ = ["LoadError", "SUFFIXES", "TableLoad", "load_raw", "rows_removed"]

REJECTS_TABLE = "_load_rejects"
FILES_TABLE = "_load_files"
REJECTS_COLUMNS = (
    ("table_name", "varchar"), ("source_file", "varchar"), ("line", "bigint"), ("column_name", "varchar"),
    ("error_type", "varchar"), ("error_message", "varchar"), ("raw_line", "varchar"),
    ("first_line", "bigint"), ("last_line", "bigint"),
)
FILES_COLUMNS = (
    ("table_name", "varchar"), ("source_file", "varchar"), ("file_size", "bigint"), ("file_mtime_ns", "bigint"),
    ("loaded_at", "timestamp"), ("file_records", "bigint"), ("rows_loaded", "bigint"),
    ("lines_rejected", "bigint"), ("encoding", "varchar"),
)


@dataclass
class TableLoad:
    """What happened to one table."""

    table: str
    files: list[str] = field(default_factory=list)  # files (re)loaded by this call
    rows: int = 0  # rows in the raw table after the load
    rejected_lines: int = 0  # malformed lines of this table kept in raw._load_rejects
    file_records: int = 0  # records in the table's files, counted independently of the parser
    new_rows: int = 0  # rows appended by this call
    unchanged_files: int = 0
    removed_files: list[str] = field(default_factory=list)  # changed or gone: their rows were removed
    skipped: list[str] = field(default_factory=list)  # files in the table's place that were not loaded, with why
    notes: list[str] = field(default_factory=list)


_suffix = suffix_of


def discover_files(raw_dir: Path, table: str, recursive: bool = False) -> list[Path]:
    """The files `table` is loaded from (see supportmetrics.load_files for the rule)."""
    return discover(raw_dir, [table], recursive)[table].files


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


@dataclass
class _FileCount:
    """One file as the manifest records it."""

    records: int = 0
    loaded: int = 0
    rejected: int = 0
    encoding: str | None = None


def _parquet_records(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Row count from the Parquet footer (independent of the scan that loads the rows)."""
    return int(con.execute(
        f"select coalesce(sum(num_rows), 0) from parquet_file_metadata({_sql_str(str(path))})"
    ).fetchone()[0])  # type: ignore[index]


def _check_header(table: Table, path: Path, header: list[str], result: TableLoad, is_parquet: bool) -> None:
    missing = [c for c in table.required_columns if c not in header]
    if missing:
        where = "line 1 (header)" if not is_parquet else "schema"
        raise LoadError(
            f"table '{table.name}', file {path}, {where}: required column '{missing[0]}' is missing "
            f"(all missing: {', '.join(missing)}; found: {', '.join(header)})"
        )
    absent = [c for c in table.column_names if c not in header]
    if absent:
        result.notes.append(f"{path}: optional column(s) {', '.join(absent)} absent, loaded as null")
    extra = [c for c in header if c not in table.column_names and not c.startswith("_unnamed_")]
    if extra:
        result.notes.append(f"{path}: column(s) {', '.join(extra)} are not in the contract, ignored")


def _check_swallowed(table: Table, audit: CsvAudit) -> None:
    """Stop when an unbalanced quote ran several physical lines into one record."""
    swallowed = audit.swallowed()
    if not swallowed:
        return
    first = swallowed[0]
    more = f" ({len(swallowed) - 1} more such range(s) after it)" if len(swallowed) > 1 else ""
    raise LoadError(
        f"table '{table.name}', file {audit.path}, {lines_text(first)}: an unbalanced quote on line "
        f"{first.first_line} runs {first.last_line - first.first_line + 1} physical lines into one record, "
        f"so the records on lines {first.first_line + 1}..{first.last_line} would be lost{more}; "
        f"close or remove the stray quote (\") on line {first.first_line} and re-export"
    )


def _load_file(
    con: duckdb.DuckDBPyConnection, schema: str, table: Table, path: Path, result: TableLoad, scratch: Path
) -> _FileCount:
    """Load one file inside the caller's transaction; the counts it proves."""
    count = _FileCount()
    if path.stat().st_size == 0:
        result.notes.append(f"{path}: empty file (0 bytes), nothing loaded from it")
        return count
    is_parquet = _suffix(path) == ".parquet"
    audit: CsvAudit | None = None
    read_path = path
    if is_parquet:
        header = list(con.sql(f"select * from read_parquet({_sql_str(str(path))}) limit 0").columns)
        count.records = _parquet_records(con, path)
    else:
        audit = audit_csv(path)
        if audit is None:
            result.notes.append(f"{path}: empty file (no header row), nothing loaded from it")
            count.encoding = "utf_8"
            return count
        header = audit.header
        count.records = audit.record_count
        count.encoding = audit.encoding
        result.notes.extend(audit.header_notes)
        _check_swallowed(table, audit)
        if audit.needs_transcoding:
            read_path = transcode_to_utf8(audit, scratch / f"transcoded_{len(result.files)}.csv")
            result.notes.append(f"{path}: encoded {audit.encoding}, transcoded to UTF-8 before loading")
    _check_header(table, path, header, result, is_parquet)
    select = ", ".join(
        f'cast("{c}" as varchar)' if c in header else "cast(null as varchar)"
        for c in table.column_names
    )
    row_expr = "file_row_number + 1" if is_parquet else "row_number() over ()"
    before = con.execute(f'select count(*) from "{schema}"."{table.name}"').fetchone()[0]  # type: ignore[index]
    con.execute(
        f'insert into "{schema}"."{table.name}" select {select}, {_sql_str(str(path))}, '
        f"{row_expr}, current_timestamp::timestamp from {_file_relation(read_path, header)}"
    )
    after = con.execute(f'select count(*) from "{schema}"."{table.name}"').fetchone()[0]  # type: ignore[index]
    count.loaded = after - before
    result.new_rows += count.loaded
    result.files.append(str(path))
    if audit is not None:
        count.rejected = _collect_rejects(con, schema, table.name, path, audit, result)
    if count.loaded + count.rejected != count.records:
        raise LoadError(_unaccounted_message(table, path, count, audit))
    if count.loaded == 0 and count.rejected == 0:
        result.notes.append(f"{path}: no data rows" + (" (header only)" if not is_parquet else ""))
    return count


def _unaccounted_message(table: Table, path: Path, count: _FileCount, audit: CsvAudit | None) -> str:
    lost = count.records - count.loaded - count.rejected
    span = f", lines 2..{audit.last_line}" if audit is not None and audit.record_count else ""
    return (
        f"table '{table.name}', file {path}{span}: the file holds {count.records:,} records but "
        f"{count.loaded:,} were loaded and {count.rejected:,} rejected: {abs(lost):,} record(s) "
        f"{'unaccounted for' if lost > 0 else 'too many'}; check the file's quotes and line endings "
        "(every field that opens a quote must close it) and re-export"
    )


def _collect_rejects(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, path: Path, audit: CsvAudit, result: TableLoad
) -> int:
    """Move DuckDB's reject records for `path` into raw._load_rejects, one row per bad record.

    DuckDB reports one record per failing column (a short line yields one MISSING COLUMNS
    record per absent column); they are folded into one row per record. `line` is DuckDB's
    CSV record number, header = 1; `first_line`/`last_line` are the physical lines the audit
    found that record on.
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
        span = audit.span_of(int(line))
        first, last = (span.first_line, span.last_line) if span else (int(line), int(line))
        con.execute(
            f'insert into "{schema}"."{REJECTS_TABLE}" values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [table, str(path), int(line), column, error_type, message, csv_line, first, last],
        )
        where = f"column '{column}'" if column else "the line"
        lines = f"line {first}" if first == last else f"lines {first}..{last}"
        result.notes.append(f"{path}, {lines}, {where}: {error_type.lower()}: {message}")
    if rows:
        _renumber_rows(con, schema, table, path, [int(r[0]) - 1 for r in rows])
    con.execute("drop table if exists reject_errors_tmp")
    con.execute("drop table if exists reject_scans_tmp")
    return len(rows)


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


def _ensure_bookkeeping(con: duckdb.DuckDBPyConnection, schema: str, contract: dict[str, Table]) -> None:
    """Create raw._load_rejects and raw._load_files; an older layout of them is replaced, and the
    raw tables with it (their files are then all reloaded; the next build is a full refresh)."""
    con.execute(f'create schema if not exists "{schema}"')
    layouts = {REJECTS_TABLE: REJECTS_COLUMNS, FILES_TABLE: FILES_COLUMNS}
    outdated = [name for name, columns in layouts.items()
                if (existing := _existing_columns(con, schema, name)) and existing != [c for c, _ in columns]]
    if outdated:
        for name in [*contract, *layouts]:
            con.execute(f'drop table if exists "{schema}"."{name}"')
    for name, columns in layouts.items():
        ddl = ", ".join(f"{c} {t}" for c, t in columns)
        con.execute(f'create table if not exists "{schema}"."{name}" ({ddl})')


def _forget_file(con: duckdb.DuckDBPyConnection, schema: str, table: str, source_file: str) -> None:
    """Remove one file's rows, reject records and manifest entry."""
    con.execute(f'delete from "{schema}"."{table}" where _source_file = ?', [source_file])
    for bookkeeping in (REJECTS_TABLE, FILES_TABLE):
        con.execute(
            f'delete from "{schema}"."{bookkeeping}" where table_name = ? and source_file = ?', [table, source_file]
        )


def _sync_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: Table, plan: TablePlan, scratch: Path
) -> TableLoad:
    """Make raw.<table> hold exactly the rows of the plan's files, loading only what is new or changed."""
    result = TableLoad(table=table.name, skipped=list(plan.skipped))
    files = plan.files
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
    if not files and not table.required_table:
        result.notes.append(f"optional table '{table.name}' not provided: loaded as an empty table")
    for source_file, (path, fingerprint) in current.items():
        if known.get(source_file) == fingerprint:
            result.unchanged_files += 1
            continue
        # One transaction per file: its rows, rejects and manifest entry land together or not at
        # all, so an interrupted load leaves nothing half-loaded for the next load to double.
        con.execute("begin transaction")
        try:
            count = _load_file(con, schema, table, path, result, scratch)
            con.execute(
                f'insert into "{schema}"."{FILES_TABLE}" values (?, ?, ?, ?, current_timestamp::timestamp, ?, ?, ?, ?)',
                [table.name, source_file, *fingerprint, count.records, count.loaded, count.rejected, count.encoding],
            )
            con.execute("commit")
        except LoadError:
            con.execute("rollback")
            raise
        except (duckdb.Error, UnicodeDecodeError, OSError) as exc:
            con.execute("rollback")
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise LoadError(f"table '{table.name}', file {path}: cannot be read: {reason}") from None
        except BaseException:
            con.execute("rollback")
            raise
    if result.unchanged_files:
        result.notes.append(f"{result.unchanged_files} file(s) unchanged since the last load: kept, not reloaded")
    result.rows, result.rejected_lines, result.file_records = con.execute(
        f'select (select count(*) from "{schema}"."{table.name}"), '
        f'(select count(*) from "{schema}"."{REJECTS_TABLE}" where table_name = ?), '
        f'(select coalesce(sum(file_records), 0) from "{schema}"."{FILES_TABLE}" where table_name = ?)',
        [table.name, table.name],
    ).fetchone()  # type: ignore[misc]
    if table.required_table and result.rows == 0:
        raise LoadError(_empty_required_message(con, schema, table, result))
    return result


def _empty_required_message(con: duckdb.DuckDBPyConnection, schema: str, table: Table, result: TableLoad) -> str:
    files = con.execute(
        f'select source_file, file_size, file_records, lines_rejected from "{schema}"."{FILES_TABLE}" '
        "where table_name = ? order by source_file", [table.name]
    ).fetchall()
    described = "; ".join(
        f"{f}: " + ("0 bytes" if size == 0 else "header only, no data rows" if records == 0
                    else f"{rejected} malformed line(s), no loadable row")
        for f, size, records, rejected in files
    )
    return (f"required table '{table.name}' has no rows ({described}); a build on it would report "
            "confident numbers about nothing. Export the table with its rows and load again")


def load_raw(
    raw_dir: Path, con: duckdb.DuckDBPyConnection, schema: str = "raw", *, recursive: bool = False
) -> list[TableLoad]:
    """Make the raw schema's tables mirror `raw_dir`, loading only new or changed files.

    Raises LoadError when a required table or column is missing, a required table has no rows,
    or a file's records are not all accounted for (loaded or rejected).
    """
    raw_dir = raw_dir.resolve()
    if not raw_dir.is_dir():
        raise LoadError(f"raw data directory {raw_dir} does not exist")
    contract = load_contract()
    plans = discover(raw_dir, list(contract), recursive)
    missing = [n for n, t in contract.items() if t.required_table and not plans[n].files]
    if missing:
        skipped = "; ".join(plans[missing[0]].skipped)
        raise LoadError(
            f"required table '{missing[0]}' not found in {raw_dir}: expected {missing[0]}.csv, "
            f"{missing[0]}.csv.gz, {missing[0]}.parquet or a folder {missing[0]}/ of such files "
            f"(names match in any case); {present_files(raw_dir)}" + (f"; skipped: {skipped}" if skipped else "")
        )
    _ensure_bookkeeping(con, schema, contract)
    # File by file, each recorded in raw._load_files in the same transaction as its rows: a load
    # that stops on a bad file leaves a consistent raw schema, and the next load resumes from there.
    with tempfile.TemporaryDirectory(prefix="supportmetrics-load-") as scratch:
        return [_sync_table(con, schema, table, plans[name], Path(scratch)) for name, table in contract.items()]


def rows_removed(results: list[TableLoad]) -> bool:
    """True when the load removed previously loaded rows (incremental models need a full refresh)."""
    return any(r.removed_files for r in results)
