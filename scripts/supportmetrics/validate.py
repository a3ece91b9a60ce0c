"""Raw validation with Great Expectations: runs after `load`, before dbt; reports, never blocks.

One suite per raw table, generated from the contract (`contract.py` reads
`_helpdesk__sources.yml`), never written table by table. Each raw table is read from DuckDB
into a pandas DataFrame and validated with an ephemeral GX context (GX's SQL engine does not
work with DuckDB here). Raw columns are text, so every rule is checked on a derived column that
parses the text the way staging does (macros/parsing.sql):

    check              expectation                                  on
    column present     expect_column_to_exist                       every contract column
    key not null       expect_column_values_to_not_be_null          primary-key columns
    required           expect_column_values_to_not_be_null          other required columns
    canonical value    expect_column_values_to_be_in_set            <col>__canonical: lower-cased and
                                                                    alias-mapped (raw text when unmapped)
    parseable <type>   expect_column_values_to_be_null              <col>__unparseable: the raw text
                                                                    where parsing fails, else null
    in range           expect_column_values_to_be_between           <col>__value (numbers)
    not in future      expect_column_values_to_be_between           <col>__utc (timestamps), max = now +
                                                                    var future_tolerance_hours
    not before <col>   expect_column_pair_values_a_to_be_greater... <col>__utc vs <other>__utc (same table)
    not before         expect_column_pair_values_a_to_be_greater... <col>__utc vs _parent_<table>_<col>
      <table>.<col>                                                 (the parent's timestamp, see below)

Empty values count as null. A timestamp declared `not_before: <parent>.<column>` (a message,
event, handoff, ... never before its conversation) is compared with the parent row it
references: the child column whose `references` names that parent table gives the key, and the
parent's timestamps are read for the checked rows' keys only (so memory follows the sample),
parsed like the child's, and joined into the frame as `_parent_<parent>_<column>` (the earliest
parseable one per key; values past the future limit are left out: the parent's own "not in
future" check reports them, and staging quarantines that parent). Rows without a parent
(orphans) or with a missing timestamp are not compared. Orphans themselves are left to staging,
which enforces every blocking rule by quarantining rows (fct_quarantined_rows): this validation
only reports what it sees, so a bad row never stops the build.

Sampling: a table with more raw rows than `max_rows` (default 200,000; 0 = every row) is
validated on a deterministic sample: the `max_rows` rows with the smallest
hash(_source_file, _source_row), the same rows on every run over the same files. Smaller tables
are validated in full. Why sample: every row of the 1M-conversation demo (~15M raw rows) takes
minutes; the sample keeps it near 30 s (see `DEFAULT_MAX_ROWS`). The output says, per table,
whether all rows or a sample were checked.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Collection
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import duckdb
import pandas as pd

from supportmetrics.contract import WHITESPACE, Column, ParsingRules, Table, load_contract, load_parsing_rules
from supportmetrics.paths import reports_dir

# Validating every row of the 1M-conversation demo (5.5M messages, 3.3M ticket events, 2.9M work
# sessions) takes minutes in pandas + GX (~25 s per million rows), so tables above this many rows
# are sampled; with 200,000 the whole 1M-conversation warehouse validates in about 30 s.
DEFAULT_MAX_ROWS = 200_000
TRUE_VALUES = frozenset({"true", "t", "1", "yes", "y"})
FALSE_VALUES = frozenset({"false", "f", "0", "no", "n"})
# The non-ISO timestamp formats, the placeholder tokens and the zone-name patterns are the dbt
# vars macros/parsing.sql reads (contract.load_parsing_rules), never copied here.
EPOCH_PATTERN = r"[0-9]{9,10}"

log = logging.getLogger(__name__)


@dataclass
class Check:
    """The outcome of one expectation."""

    check: str
    column: str
    expectation: str
    success: bool
    rows_checked: int | None = None
    rows_failing: int | None = None
    examples: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class TableReport:
    """The outcome of one raw table's suite."""

    table: str
    present: bool
    raw_rows: int = 0
    rows_checked: int = 0
    sampled: bool = False
    seconds: float = 0.0
    checks: list[Check] = field(default_factory=list)

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.success]


@dataclass
class ValidationReport:
    """Every table's outcome, and where the GX results were written."""

    tables: list[TableReport]
    now: datetime
    max_rows: int
    results_dir: Path | None = None

    @property
    def failed_checks(self) -> int:
        return sum(len(t.failed) for t in self.tables)


# --- parsing (mirrors macros/parsing.sql) ----------------------------------------------------


def _text(raw: pd.Series, column: Column | None = None, rules: ParsingRules | None = None) -> pd.Series:
    """Raw text, trimmed, with empty, whitespace-only and placeholder values (var null_tokens)
    as missing, like macro null_if_placeholder (a token the column declares as a value or an
    alias keeps its declared meaning)."""
    rules = rules or load_parsing_rules()
    text = raw.astype("string").str.strip(WHITESPACE)
    tokens = rules.placeholders(column)
    return text.mask((text == "") | text.str.lower().isin(tokens))


def _region_timestamp(value: str, region_pattern: str) -> pd.Timestamp:
    """'2026-02-07 09:00 America/New_York' in UTC; NaT for an unknown region or a bad time."""
    match = re.search(region_pattern, value)
    zone = value[match.start() + 1:].strip() if match else ""
    try:
        local = pd.to_datetime(value[:len(value) - len(zone)].strip(), format="ISO8601")
        return local.tz_localize(ZoneInfo(zone)).tz_convert("UTC")
    except (ValueError, KeyError, ZoneInfoNotFoundError):
        return pd.NaT


def parse_timestamps(text: pd.Series, rules: ParsingRules | None = None) -> pd.Series:
    """Naive UTC timestamps from ISO-8601 (any offset; a date alone is midnight), the formats
    of var timestamp_formats or epoch seconds. Zone names follow var timestamp_zone_patterns:
    UTC/GMT/Z and IANA regions are converted, any other zone name is unparseable."""
    rules = rules or load_parsing_rules()
    patterns = rules.timestamp_zone_patterns
    # the shared patterns' groups are only alternations: non-capturing here (no pandas warning)
    has = {kind: text.str.contains(pattern.replace("(", "(?:"), regex=True).fillna(False).astype(bool)
           for kind, pattern in patterns.items()}
    plain = text.mask(has["name"])  # zone names never reach the plain parsers
    utc = text.where(has["utc"]).str.replace(r" *(UTC|GMT) *$", "Z", regex=True)
    parsed = pd.to_datetime(plain.fillna(utc), format="ISO8601", utc=True, errors="coerce")
    for fmt in rules.timestamp_formats:
        todo = parsed.isna() & plain.notna()
        if not todo.any():
            break
        parsed = parsed.mask(todo, pd.to_datetime(plain.where(todo), format=fmt, utc=True, errors="coerce"))
    todo = parsed.isna() & plain.notna() & plain.str.fullmatch(EPOCH_PATTERN).fillna(False).astype(bool)
    if todo.any():
        seconds = pd.to_numeric(plain.where(todo), errors="coerce")
        parsed = parsed.mask(todo, pd.to_datetime(seconds, unit="s", utc=True))
    regions = has["region"] & ~has["utc"]
    if regions.any():
        converted = text[regions].map(lambda v: _region_timestamp(v, patterns["region"]))
        parsed = parsed.mask(regions, pd.to_datetime(converted, utc=True))
    return parsed.dt.tz_convert(None)


def parse_numbers(text: pd.Series, *, integer: bool = False) -> pd.Series:
    """Floats; for integers, only values without a fractional part ('4.0' yes, '4.5' no)."""
    values = pd.to_numeric(text, errors="coerce").astype("float64")
    if integer:
        values = values.where(values == values.round())
    return values


def parse_booleans(text: pd.Series) -> pd.Series:
    lowered = text.str.lower()
    return lowered.map(lambda v: True if v in TRUE_VALUES else (False if v in FALSE_VALUES else None))


def canonical_values(text: pd.Series, column: Column) -> pd.Series:
    """Lower-cased, alias-mapped canonical value; the raw text where no mapping exists."""
    mapping = {v.lower(): v for v in column.enum}
    mapping.update({alias.lower(): value for alias, value in column.aliases.items()})
    return text.str.lower().map(mapping).astype("string").fillna(text)


def derive_frame(raw: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The raw columns (trimmed, empty = null) plus the derived columns the suite checks."""
    frame: dict[str, pd.Series] = {}
    parsed_ts: dict[str, pd.Series] = {}
    for column in table.columns:
        if column.name not in raw.columns:
            continue
        text = _text(raw[column.name], column)
        frame[column.name] = text
        if column.enum:
            frame[f"{column.name}__canonical"] = canonical_values(text, column)
            continue
        if column.type in ("timestamp", "date"):
            parsed = parse_timestamps(text)
            parsed_ts[column.name] = parsed
            frame[f"{column.name}__utc"] = parsed
            ok = parsed.notna()
        elif column.type in ("number", "integer"):
            values = parse_numbers(text, integer=column.type == "integer")
            frame[f"{column.name}__value"] = values
            ok = values.notna()
        elif column.type == "boolean":
            ok = parse_booleans(text).notna()
        else:
            continue
        frame[f"{column.name}__unparseable"] = text.where(~ok & text.notna())
    return pd.DataFrame(frame, index=raw.index)


def parent_column(target: str) -> str:
    """The frame column holding a parent timestamp: `conversations.created_at` ->
    `_parent_conversations_created_at` (no contract column starts with `_parent_`)."""
    return "_parent_" + target.replace(".", "_")


@dataclass(frozen=True)
class ParentTimestamp:
    """A `not_before: <parent>.<column>` rule of the contract, with the key that links the rows."""

    target: str  # conversations.created_at
    child_key: str  # the child column that references the parent: conversation_id
    parent_key: str  # the referenced parent column: conversation_id

    @property
    def parent(self) -> str:
        return self.target.split(".", 1)[0]

    @property
    def parent_timestamp(self) -> str:
        return self.target.split(".", 1)[1]

    @property
    def frame_column(self) -> str:
        return parent_column(self.target)


def parent_timestamps(table: Table) -> list[ParentTimestamp]:
    """The parent timestamps the table's `not_before` rules need (one per target), from the contract."""
    rules: dict[str, ParentTimestamp] = {}
    for column in table.columns:
        target = column.not_before
        if not target or "." not in target or target in rules:
            continue
        parent = target.split(".", 1)[0]
        reference = next((c for c in table.columns if c.references and c.references.split(".", 1)[0] == parent), None)
        if reference is None or "." not in (reference.references or ""):
            log.warning("%s.%s: not_before %s, but no column references %s; not checked",
                        table.name, column.name, target, parent)
            continue
        rules[target] = ParentTimestamp(target=target, child_key=reference.name,
                                        parent_key=reference.references.split(".", 1)[1])  # type: ignore[union-attr]
    return list(rules.values())


# --- suites (generated from the contract) ----------------------------------------------------


def future_tolerance_hours() -> int:
    """var future_tolerance_hours from dbt_project.yml (the staging rule uses the same var)."""
    return load_parsing_rules().future_tolerance_hours


def build_suite(table: Table, present: set[str], *, future_limit: datetime,
                parents: Collection[str] = ()) -> Any:
    """The GX suite of one raw table, from its contract; `present` = columns the raw table has,
    `parents` = the parent timestamp columns (`parent_column`) joined into the frame."""
    import great_expectations as gx
    import great_expectations.expectations as gxe

    suite = gx.ExpectationSuite(name=f"raw_{table.name}")

    def add(expectation: Any, check: str, column: str) -> None:
        expectation.meta = {"check": check, "contract_column": column}
        suite.add_expectation(expectation)

    for column in table.columns:
        add(gxe.ExpectColumnToExist(column=column.name), "column present", column.name)
    for column in table.columns:
        name = column.name
        if name not in present:
            continue
        if name in table.primary_key:
            add(gxe.ExpectColumnValuesToNotBeNull(column=name), "key not null", name)
        elif column.required:
            add(gxe.ExpectColumnValuesToNotBeNull(column=name), "required", name)
        if column.enum:
            add(gxe.ExpectColumnValuesToBeInSet(column=f"{name}__canonical", value_set=list(column.enum)),
                "canonical value", name)
        elif column.type in ("timestamp", "date", "number", "integer", "boolean"):
            add(gxe.ExpectColumnValuesToBeNull(column=f"{name}__unparseable"), f"parseable {column.type}", name)
        if column.min is not None or column.max is not None:
            add(gxe.ExpectColumnValuesToBeBetween(column=f"{name}__value", min_value=column.min,
                                                  max_value=column.max), "in range", name)
        if column.type == "timestamp":
            add(gxe.ExpectColumnValuesToBeBetween(column=f"{name}__utc", max_value=future_limit),
                "not in future", name)
        if column.not_before and column.type in ("timestamp", "date"):
            if "." in column.not_before:
                joined = parent_column(column.not_before)
                other = joined if joined in parents else None
            else:
                other = f"{column.not_before}__utc" if column.not_before in present else None
            if other:
                add(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A=f"{name}__utc", column_B=other, or_equal=True,
                    ignore_row_if="either_value_is_missing"), f"not before {column.not_before}", name)
    return suite


# --- reading and validating ------------------------------------------------------------------


def _raw_schema() -> str:
    return os.environ.get("SUPPORTMETRICS_RAW_SCHEMA", "raw")


def _table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[str] | None:
    rows = con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
        "order by ordinal_position", [schema, table]).fetchall()
    return [r[0] for r in rows] or None


def read_raw(con: duckdb.DuckDBPyConnection, schema: str, table: Table, columns: list[str],
             max_rows: int) -> tuple[pd.DataFrame, int, bool]:
    """(frame, raw row count, sampled?) for one raw table, every contract column as text."""
    relation = f'"{schema}"."{table.name}"'
    total = con.execute(f"select count(*) from {relation}").fetchone()[0]  # type: ignore[index]
    select = ", ".join(f'cast("{c}" as varchar) as "{c}"' for c in table.column_names if c in columns)
    sampled = bool(max_rows) and total > max_rows
    query = f"select {select} from {relation}"
    if sampled:
        if {"_source_file", "_source_row"} <= set(columns):
            query += f" order by hash(_source_file, _source_row), _source_file, _source_row limit {int(max_rows)}"
        else:
            query += f" using sample reservoir({int(max_rows)} rows) repeatable (42)"
    return con.execute(query).df().reset_index(drop=True), int(total), sampled


def read_parents(con: duckdb.DuckDBPyConnection, schema: str, table: Table, raw: pd.DataFrame, *,
                 future_limit: datetime) -> dict[str, pd.Series]:
    """{parent_column(target): the parent timestamp of each row of `raw`} for the table's
    `not_before: <parent>.<column>` rules whose parent table and columns are in the warehouse.

    Only the parent rows whose key occurs in `raw` (the checked rows, a sample for big tables) are
    read. Keys are compared trimmed, as staging does; a key with several parent rows (versions,
    duplicates) gets its earliest parseable timestamp, ignoring values past `future_limit`.
    """
    joined: dict[str, pd.Series] = {}
    for rule in parent_timestamps(table):
        parent_columns = _table_columns(con, schema, rule.parent) or []
        if rule.child_key not in raw.columns or not {rule.parent_key, rule.parent_timestamp} <= set(parent_columns):
            continue
        child_keys = _text(raw[rule.child_key]).astype("object")
        keys = pd.DataFrame({"_key": pd.Series(child_keys.dropna().unique(), dtype="object")})
        if keys.empty:
            joined[rule.frame_column] = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
            continue
        view = f"_validation_keys_{table.name}"
        key_sql = f'nullif(trim(cast("{rule.parent_key}" as varchar)), \'\')'
        con.register(view, keys)
        try:
            rows = con.execute(
                f'select {key_sql} as _key, cast("{rule.parent_timestamp}" as varchar) as _value '
                f'from "{schema}"."{rule.parent}" where {key_sql} in (select _key from {view})').df()
        finally:
            con.unregister(view)
        values = parse_timestamps(_text(rows["_value"]))
        values = values.where(values <= pd.Timestamp(future_limit))
        earliest = values.groupby(rows["_key"].astype("object")).min()
        joined[rule.frame_column] = child_keys.map(earliest).astype("datetime64[ns]")
    return joined


def _gx_context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    try:
        context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    except Exception:  # noqa: BLE001 - cosmetic only
        pass
    return context


def _example(value: Any) -> str:
    """A failing value as text (a pair of timestamps for column-pair expectations)."""
    if isinstance(value, (list, tuple)):
        return " < ".join(_example(v) for v in value)
    try:
        return str(pd.Timestamp(value)) if not isinstance(value, (str, int, float)) else str(value)
    except (TypeError, ValueError):
        return str(value)


def _check_from_result(result: Any) -> Check:
    config = result.expectation_config
    meta = config.meta or {}
    outcome = result.result or {}
    checked = outcome.get("element_count")
    if checked is not None and outcome.get("missing_count") is not None and config.type != "expect_column_values_to_not_be_null":
        checked -= outcome["missing_count"]  # map expectations skip nulls
    examples = [] if config.type == "expect_column_values_to_not_be_null" else [
        _example(v) for v in (outcome.get("partial_unexpected_list") or [])[:5]]
    error = None
    if result.exception_info and result.exception_info.get("raised_exception"):
        error = str(result.exception_info.get("exception_message", "")).splitlines()[0]
    return Check(
        check=meta.get("check", config.type),
        column=meta.get("contract_column", config.kwargs.get("column", "")),
        expectation=config.type,
        success=bool(result.success),
        rows_checked=checked,
        rows_failing=outcome.get("unexpected_count"),
        examples=examples,
        error=error,
    )


def validate_table(context: Any, table: Table, raw: pd.DataFrame, *, future_limit: datetime,
                   parents: dict[str, pd.Series] | None = None) -> tuple[list[Check], dict]:
    """Run the table's generated suite on its raw frame (plus the parent timestamps from
    `read_parents`, aligned with `raw`); (checks, GX result as JSON dict)."""
    frame = derive_frame(raw, table)
    for name, values in (parents or {}).items():
        frame[name] = values
    suite = context.suites.add(build_suite(table, set(raw.columns), future_limit=future_limit,
                                           parents=set(parents or {})))
    source = context.data_sources.add_pandas(f"raw_{table.name}")
    batch_definition = source.add_dataframe_asset(table.name).add_batch_definition_whole_dataframe("all_rows")
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = batch.validate(suite, result_format="SUMMARY")
    return [_check_from_result(r) for r in result.results], result.to_json_dict()


def validate_warehouse(con: duckdb.DuckDBPyConnection, *, max_rows: int = DEFAULT_MAX_ROWS,
                       now: datetime | None = None, results_dir: Path | None = None) -> ValidationReport:
    """Validate every raw contract table; write GX results JSON to `results_dir` when given."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    future_limit = now + timedelta(hours=future_tolerance_hours())
    schema = _raw_schema()
    context = _gx_context()
    report = ValidationReport(tables=[], now=now, max_rows=max_rows, results_dir=results_dir)
    gx_results: dict[str, Any] = {}
    for table in load_contract().values():
        started = time.perf_counter()
        columns = _table_columns(con, schema, table.name)
        if columns is None:
            report.tables.append(TableReport(table=table.name, present=False))
            continue
        raw, total, sampled = read_raw(con, schema, table, columns, max_rows)
        parents = read_parents(con, schema, table, raw, future_limit=future_limit)
        checks, gx_results[table.name] = validate_table(context, table, raw, future_limit=future_limit,
                                                        parents=parents)
        report.tables.append(TableReport(
            table=table.name, present=True, raw_rows=total, rows_checked=len(raw), sampled=sampled,
            seconds=time.perf_counter() - started, checks=checks))
    if results_dir is not None:
        write_results(report, gx_results, results_dir)
    return report


def write_results(report: ValidationReport, gx_results: dict[str, Any], results_dir: Path) -> None:
    """reports/validation/<table>.json (GX's own result format) and summary.json (this report)."""
    results_dir.mkdir(parents=True, exist_ok=True)
    for old in results_dir.glob("*.json"):
        old.unlink()
    for table, result in gx_results.items():
        (results_dir / f"{table}.json").write_text(json.dumps(result, indent=2, default=str) + "\n")
    summary = {
        "validated_at": report.now.isoformat(),
        "max_rows": report.max_rows,
        "sampling": "tables above max_rows: the max_rows rows with the smallest hash(_source_file, _source_row)",
        "blocking": False,
        "tables": [{**asdict(t), "failed_checks": len(t.failed)} for t in report.tables],
    }
    (results_dir / "summary.json").write_text(json.dumps(summary, indent=2, default=str) + "\n")


# --- output -----------------------------------------------------------------------------------


def print_report(report: ValidationReport, console: Any, *, show_all: bool = False) -> None:
    """One rich table per raw table: each failing expectation (every one with show_all)."""
    from rich.table import Table as RichTable

    for t in report.tables:
        if not t.present:
            console.print(f"[yellow]raw.{t.table}[/yellow]: table not found, not validated")
            continue
        scope = (f"sample of {t.rows_checked:,} of {t.raw_rows:,} rows" if t.sampled
                 else f"all {t.raw_rows:,} rows")
        shown = t.checks if show_all else t.failed
        status = "[green]all passed[/green]" if not t.failed else f"[yellow]{len(t.failed)} failed[/yellow]"
        title = f"raw.{t.table}: {scope}, {len(t.checks)} expectations, {status} ({t.seconds:.1f} s)"
        if not shown:
            console.print(title)
            continue
        grid = RichTable(title=title, title_justify="left", show_lines=False)
        for name, justify in (("check", "left"), ("column", "left"), ("rows checked", "right"),
                              ("rows failing", "right"), ("examples", "left")):
            grid.add_column(name, justify=justify)  # type: ignore[arg-type]
        for c in shown:
            failing = "" if c.rows_failing is None else f"{c.rows_failing:,}"
            if not c.success:
                failing = f"[red]{failing or 'failed'}[/red]"
            examples = c.error or ", ".join(c.examples)
            grid.add_row(c.check, c.column, "" if c.rows_checked is None else f"{c.rows_checked:,}",
                         failing, examples)
        console.print(grid)
    console.print(
        f"Raw validation: {report.failed_checks} failing expectation(s) over {len(report.tables)} tables. "
        "It reports, it does not block: staging enforces the blocking rules by quarantining the rows "
        "(see marts.fct_quarantined_rows after the build)."
    )
    if report.results_dir is not None:
        console.print(f"Great Expectations results: {report.results_dir}")


def run_validation(console: Any, *, max_rows: int = DEFAULT_MAX_ROWS, show_all: bool = False,
                   warehouse: Path | None = None) -> ValidationReport | None:
    """The `supportmetrics validate` command body; never raises (validation never blocks)."""
    from supportmetrics.warehouse import connect

    target = os.environ.get("SUPPORTMETRICS_TARGET", "duckdb")
    if target != "duckdb":
        console.print(f"[yellow]Raw validation skipped:[/yellow] it reads the DuckDB warehouse (target is {target}).")
        return None
    try:
        con = connect(warehouse, read_only=True)
    except duckdb.Error as exc:
        console.print(f"[yellow]Raw validation skipped:[/yellow] cannot open the warehouse ({exc})")
        return None
    try:
        con.execute("set enable_progress_bar = false")
        report = validate_warehouse(con, max_rows=max_rows, results_dir=reports_dir() / "validation")
    except Exception as exc:  # noqa: BLE001 - validation reports, it never blocks the build
        log.debug("raw validation failed", exc_info=True)
        console.print(f"[yellow]Raw validation could not run:[/yellow] {exc}")
        return None
    finally:
        con.close()
    print_report(report, console, show_all=show_all)
    return report
