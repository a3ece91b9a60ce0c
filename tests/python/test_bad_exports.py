"""Adversarial exports, the way spreadsheets, EL tools and helpdesks really write them (issue 14,
loader side): records lost to an unbalanced quote, empty required tables, non-UTF-8 encodings,
stray files, file-name case, header defects, a locked warehouse and an interrupted build.

Every case starts from a copy of tests/fixtures/clean_input with one defect applied and runs
`supportmetrics load` (the real command line), then asserts the exit code, that the message names
the file and the line and column where one applies, and, for cases that load, that every file's
record count equals rows loaded + lines rejected and that the raw tables hold exactly the clean
set's rows minus the rejected ones. One combined "messy but loadable" export is built with dbt
(the whole project) to show staged + quarantined + duplicates + malformed = file records and that
staging and the marts equal those of the clean set minus exactly the rejected row.
"""

from __future__ import annotations

import codecs
import gzip
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pytest

from conftest import BuiltWarehouse, compare_relations, fixture_dir, load_into
from supportmetrics.contract import load_contract

CLI = [sys.executable, "-m", "supportmetrics.cli"]
CONVERSATIONS = Path("conversations") / "clean_conversations.csv"
MESSAGES = Path("messages") / "clean_messages.csv"
HANDOFFS = Path("handoffs") / "clean_handoffs.csv"
REJECTED_MESSAGE = "m14"  # no other row refers to it: rejecting it changes nothing else


# --- defects -------------------------------------------------------------------------------------


def _edit_line(path: Path, line: int, edit: Callable[[str], str]) -> None:
    lines = path.read_text().splitlines(keepends=True)
    lines[line - 1] = edit(lines[line - 1])
    path.write_text("".join(lines))


def unbalanced_quote(raw: Path) -> None:
    """A quote opened in a field of line 3 and never closed: lines 3..7 become one record."""
    _edit_line(raw / CONVERSATIONS, 3, lambda s: s.replace(",email,", ',"email,', 1))


def unbalanced_quote_in_a_long_file(raw: Path) -> None:
    """The same in messages: the quote on line 4 reads on to the next quote (line 13's)."""
    _edit_line(raw / MESSAGES, 4, lambda s: s.replace(",customer,", ',"customer,', 1))


def header_only_required(raw: Path) -> None:
    path = raw / CONVERSATIONS
    path.write_text(path.read_text().splitlines(keepends=True)[0])


def zero_byte_required(raw: Path) -> None:
    (raw / MESSAGES).write_bytes(b"")


def header_only_optional(raw: Path) -> None:
    path = raw / HANDOFFS
    path.write_text(path.read_text().splitlines(keepends=True)[0])


def malformed_line(raw: Path) -> None:
    """m14 (line 15) gets an extra field: one rejected line, kept with its reason."""
    _edit_line(raw / MESSAGES, 15, lambda s: s.rstrip("\n") + ",extra\n")


def _accent(raw: Path, line: int) -> None:
    """A name with an accent on `line` of the conversations file (still UTF-8)."""
    _edit_line(raw / CONVERSATIONS, line, lambda s: s.replace(",Cannot log in,", ",Caf\u00e9 login,")
               .replace(",Shipping question,", ",Exp\u00e9dition,"))


def latin1_first_line(raw: Path) -> None:
    _accent(raw, 2)
    path = raw / CONVERSATIONS
    path.write_bytes(path.read_text().encode("latin-1"))


def latin1_last_line(raw: Path) -> None:
    _accent(raw, 7)
    path = raw / CONVERSATIONS
    path.write_bytes(path.read_text().encode("cp1252"))


def utf16(raw: Path) -> None:
    path = raw / MESSAGES
    path.write_bytes(codecs.BOM_UTF16_LE + path.read_text().encode("utf-16-le"))


def binary_csv(raw: Path) -> None:
    """Binary bytes under a .csv name (a mis-saved export)."""
    (raw / MESSAGES).write_bytes(b"message_id,conversation_id\n" + bytes(range(128, 256)) * 8 + b"\x00\x01\x02")


def gz_copy_beside_csv(raw: Path) -> None:
    path = raw / MESSAGES
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes()))


def gz_only(raw: Path) -> None:
    path = raw / MESSAGES
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes()))
    path.unlink()


def backup_subfolder(raw: Path) -> None:
    backup = raw / "messages" / "backup"
    backup.mkdir()
    shutil.copy(raw / MESSAGES, backup / "clean_messages_old.csv")


def macos_and_hidden_files(raw: Path) -> None:
    (raw / "messages" / "._clean_messages.csv").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X\xff\xfe")
    shutil.copy(raw / MESSAGES, raw / "messages" / ".clean_messages.csv.swp.csv")


def uppercase_names(raw: Path) -> None:
    shutil.move(str(raw / CONVERSATIONS), raw / "Conversations.CSV")
    (raw / "conversations").rmdir()


def missing_required(raw: Path) -> None:
    shutil.rmtree(raw / "messages")
    (raw / "Messages_export.txt").write_text("not a table\n")


def duplicate_column(raw: Path) -> None:
    _edit_line(raw / CONVERSATIONS, 1, lambda s: s.replace(",priority,", ",priority,Channel,", 1))
    path = raw / CONVERSATIONS
    lines = path.read_text().splitlines(keepends=True)
    path.write_text(lines[0] + "".join(s.replace(",normal,", ",normal,x,").replace(",high,", ",high,x,")
                                       .replace(",low,", ",low,x,").replace(",urgent,", ",urgent,x,")
                                       for s in lines[1:]))


def trailing_empty_columns(raw: Path) -> None:
    path = raw / CONVERSATIONS
    path.write_text("".join(s.rstrip("\n") + ",,\n" for s in path.read_text().splitlines(keepends=True)))


@dataclass(frozen=True)
class Case:
    name: str
    defect: Callable[[Path], None]
    exit_code: int
    message: tuple[str, ...]  # fragments the output must contain (file, line, column, what to do)
    rejected: tuple[tuple[str, str], ...] = ()  # (table, primary key) rows the load rejects
    skipped: tuple[str, ...] = ()  # files reported as skipped
    absent: tuple[str, ...] = ()  # text the output must not contain
    extra_args: tuple[str, ...] = field(default=())


CASES = [
    # 1. records lost in CSV parsing
    Case("unbalanced_quote", unbalanced_quote, 2,
         ("clean_conversations.csv", "lines 3..7", "unbalanced quote on line 3", "lines 4..7 would be lost",
          "re-export")),
    Case("unbalanced_quote_in_a_long_file", unbalanced_quote_in_a_long_file, 2,
         ("clean_messages.csv", "lines 4..13", "unbalanced quote on line 4")),
    Case("malformed_line", malformed_line, 0,
         ("clean_messages.csv", "line 15", "too many columns", "1 malformed line(s)"),
         rejected=(("messages", REJECTED_MESSAGE),)),
    # 4. empty required tables
    Case("header_only_required", header_only_required, 2,
         ("required table 'conversations' has no rows", "clean_conversations.csv", "header only")),
    Case("zero_byte_required", zero_byte_required, 2,
         ("required table 'messages' has no rows", "clean_messages.csv", "0 bytes")),
    Case("header_only_optional", header_only_optional, 0, ("clean_handoffs.csv", "no data rows (header only)"),
         rejected=(("handoffs", "ho1"), ("handoffs", "ho2"))),
    # 6. encodings: the same answer wherever the odd byte sits
    Case("latin1_first_line", latin1_first_line, 2,
         ("clean_conversations.csv is", "line 2, column", "byte 0xe9 is not UTF-8", "re-export it as UTF-8")),
    Case("latin1_last_line", latin1_last_line, 2,
         ("clean_conversations.csv is", "line 7, column", "byte 0xe9 is not UTF-8", "re-export it as UTF-8")),
    Case("binary_csv", binary_csv, 2, ("clean_messages.csv is", "line 2, column 1: byte 0x80 is not UTF-8",
                                       "re-export it as UTF-8")),
    Case("utf16", utf16, 0, ("clean_messages.csv: encoded utf_16, transcoded to UTF-8",)),
    # 7. stray files
    Case("gz_copy_beside_csv", gz_copy_beside_csv, 0, ("compressed copy of clean_messages.csv",),
         skipped=("messages/clean_messages.csv.gz",)),
    Case("gz_only", gz_only, 0, ("loaded messages/clean_messages.csv.gz",)),
    Case("backup_subfolder", backup_subfolder, 0, ("sub-folder not read (use --recursive",),
         skipped=("messages/backup/",)),
    Case("macos_and_hidden_files", macos_and_hidden_files, 0, ("macOS resource fork", "hidden file"),
         skipped=("messages/._clean_messages.csv", "messages/.clean_messages.csv.swp.csv"), absent=("Mac OS X",)),
    # 8. file names
    Case("uppercase_names", uppercase_names, 0, ("loaded Conversations.CSV",)),
    Case("missing_required", missing_required, 2,
         ("required table 'messages' not found", "present: ", "Messages_export.txt", "conversations/")),
    # 9. header defects
    Case("duplicate_column", duplicate_column, 2,
         ("clean_conversations.csv", "line 1 (header)", "column 'Channel' appears twice", "columns 3 and 7")),
    Case("trailing_empty_columns", trailing_empty_columns, 0,
         ("clean_conversations.csv", "line 1 (header), column 11: no column name",
          "line 1 (header), column 12: no column name")),
]


# --- running the command line --------------------------------------------------------------------


@dataclass
class Run:
    raw: Path
    warehouse: Path
    returncode: int
    output: str


def _env(warehouse: Path) -> dict[str, str]:
    return {**os.environ, "SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "COLUMNS": "1000", "DO_NOT_TRACK": "1"}


def _run_case(case: Case, tmp_path: Path) -> Run:
    raw = tmp_path / "raw"
    shutil.copytree(fixture_dir("clean_input"), raw)
    case.defect(raw)
    warehouse = tmp_path / "wh.duckdb"
    proc = subprocess.run([*CLI, "load", "--raw-dir", str(raw), *case.extra_args], capture_output=True, text=True,
                          env=_env(warehouse), timeout=300)
    return Run(raw, warehouse, proc.returncode, " ".join((proc.stdout + proc.stderr).split()))


CONTENT_COLUMNS = {t: n.column_names for t, n in load_contract().items()}


def _raw_rows(warehouse: Path) -> dict[str, set[tuple[object, ...]]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: set(con.execute(f'select {", ".join(cols)} from raw."{t}"').fetchall())
                for t, cols in CONTENT_COLUMNS.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean_raw_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[tuple[object, ...]]]:
    warehouse = tmp_path_factory.mktemp("clean_load") / "wh.duckdb"
    load_into(fixture_dir("clean_input"), warehouse)
    return _raw_rows(warehouse)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_export(case: Case, tmp_path: Path, clean_raw_rows: dict[str, set[tuple[object, ...]]]) -> None:
    run = _run_case(case, tmp_path)
    assert run.returncode == case.exit_code, run.output
    assert "Traceback" not in run.output, run.output
    for fragment in case.message:
        assert fragment in run.output, (fragment, run.output)
    for fragment in case.absent:
        assert fragment not in run.output, (fragment, run.output)
    for skipped in case.skipped:
        assert f"skipped {skipped}" in run.output, (skipped, run.output)
    if case.exit_code != 0:
        assert "Load failed" in run.output
        return
    con = duckdb.connect(str(run.warehouse), read_only=True)
    try:
        # nothing lost: every file's independent record count = rows loaded + lines rejected
        files = con.execute("select table_name, source_file, file_records, rows_loaded, lines_rejected "
                            "from raw._load_files").fetchall()
        raw_counts = dict(con.execute(
            "select _source_file, count(*) from (" + " union all ".join(
                f'select _source_file from raw."{t}"' for t in CONTENT_COLUMNS) + ") group by 1").fetchall())
        reject_counts = dict(con.execute(
            "select source_file, count(*) from raw._load_rejects group by 1").fetchall())
    finally:
        con.close()
    for table, source_file, records, loaded, rejected in files:
        assert records == loaded + rejected, (table, source_file)
        assert loaded == raw_counts.get(source_file, 0) and rejected == reject_counts.get(source_file, 0)
    # the raw tables hold the clean rows minus exactly the rejected ones
    actual = _raw_rows(run.warehouse)
    contract = load_contract()
    for table, expected in clean_raw_rows.items():
        key_index = CONTENT_COLUMNS[table].index(contract[table].primary_key[0]) if contract[table].primary_key else 0
        dropped = {k for t, k in case.rejected if t == table}
        assert actual[table] == {r for r in expected if r[key_index] not in dropped}, table


def test_recursive_reads_sub_folders(tmp_path: Path) -> None:
    """With --recursive a backup sub-folder is read like any other file of the table."""
    case = Case("backup_recursive", backup_subfolder, 0, ("loaded messages/backup/clean_messages_old.csv",),
                extra_args=("--recursive",))
    run = _run_case(case, tmp_path)
    assert run.returncode == 0 and all(f in run.output for f in case.message), run.output
    con = duckdb.connect(str(run.warehouse), read_only=True)
    try:
        assert con.execute("select count(*), count(distinct _source_file) from raw.messages").fetchone() == (28, 2)
    finally:
        con.close()


def test_an_interrupted_load_leaves_nothing_half_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A load stopped between a file's rows and its manifest entry rolls the file back; the next
    load then gives exactly the rows of an uninterrupted one (no doubled rows)."""
    from supportmetrics import load as loader
    from supportmetrics.load import load_raw
    from supportmetrics.warehouse import connect

    real = loader._collect_rejects
    calls = {"n": 0}

    def interrupted(*args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 5:  # the fifth CSV file: its rows are inserted, then the process is stopped
            raise KeyboardInterrupt
        return real(*args, **kwargs)  # type: ignore[arg-type]

    warehouse = tmp_path / "wh.duckdb"
    monkeypatch.setattr(loader, "_collect_rejects", interrupted)
    con = connect(warehouse)
    try:
        with pytest.raises(KeyboardInterrupt):
            load_raw(fixture_dir("clean_input"), con)
    finally:
        con.close()
    monkeypatch.setattr(loader, "_collect_rejects", real)
    load_into(fixture_dir("clean_input"), warehouse)
    reference = tmp_path / "reference.duckdb"
    load_into(fixture_dir("clean_input"), reference)
    assert _raw_rows(warehouse) == _raw_rows(reference)


# --- a locked warehouse --------------------------------------------------------------------------


def test_a_second_process_on_the_warehouse_is_one_clear_line(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    holder = duckdb.connect(str(warehouse))  # this test process holds the lock
    try:
        for command in (["load", "--raw-dir", str(fixture_dir("clean_input"))], ["build"]):
            proc = subprocess.run([*CLI, *command], capture_output=True, text=True, env=_env(warehouse), timeout=300)
            output = " ".join((proc.stdout + proc.stderr).split())
            assert proc.returncode == 3, output
            assert f"in use by process {os.getpid()}" in output and "Traceback" not in output, output
            assert len([line for line in (proc.stdout + proc.stderr).splitlines() if "Warehouse locked" in line]) == 1
    finally:
        holder.close()


# --- the combined messy export through dbt -------------------------------------------------------

# trailing columns first: uppercase_names then moves that conversations file to Conversations.CSV
LOADABLE = [malformed_line, trailing_empty_columns, utf16, gz_copy_beside_csv, backup_subfolder,
            macos_and_hidden_files, uppercase_names]


DATA_QUALITY_MARTS = ("fct_quarantined_rows", "rpt_raw_reconciliation")  # they list the rejected line


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    """The combined loadable defects, built whole (no tests), then the loader and data-quality tests run on it."""
    raw = tmp_path_factory.mktemp("messy") / "raw"
    shutil.copytree(fixture_dir("clean_input"), raw)
    for defect in LOADABLE:
        defect(raw)
    built = warehouse_builder("messy_exports", raw, select=None, tests=False)
    built.dbt("test", "--quiet", "--exclude", "resource_type:unit_test",
              "--select", "staging.loader", "marts.data_quality", "path:tests/data_quality")
    return built


@pytest.fixture(scope="module")
def clean_minus_rejected(tmp_path_factory: pytest.TempPathFactory,
                         warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    """The clean set without the line the messy export loses (m14): what the messy build must equal."""
    raw = tmp_path_factory.mktemp("clean_minus_rejected") / "raw"
    shutil.copytree(fixture_dir("clean_input"), raw)
    lines = (raw / MESSAGES).read_text().splitlines(keepends=True)
    (raw / MESSAGES).write_text("".join(line for line in lines if not line.startswith(REJECTED_MESSAGE + ",")))
    return warehouse_builder("clean_minus_rejected", raw, select=None, tests=False)


@pytest.mark.slow
def test_messy_export_reconciles_from_the_files(messy: BuiltWarehouse) -> None:
    rows = messy.query("select table_name, file_records, staged_rows, quarantined_rows, exact_duplicates, "
                       "superseded_versions, malformed_lines, unexplained_file_records, reconciles, "
                       "file_records_known from marts.rpt_raw_reconciliation")
    assert {r[0] for r in rows} == set(load_contract())
    for table, records, staged, quarantined, dups, superseded, malformed, unexplained, reconciles, known in rows:
        assert known and reconciles and unexplained == 0, table
        assert records == staged + quarantined + dups + superseded + malformed, table
    by_table = {r[0]: r for r in rows}
    assert by_table["messages"][1] == 14 and by_table["messages"][6] == 1  # 14 records, 1 malformed
    rejected = messy.query("select source_file, first_physical_line, last_physical_line, error_type "
                           "from staging.stg_loader__load_rejects")
    assert [(Path(f).name, a, b, e) for f, a, b, e in rejected] == [("clean_messages.csv", 15, 15, "too many columns")]
    quarantined = messy.query("select table_name, source_row, rejection_rule from marts.fct_quarantined_rows")
    assert quarantined == [("messages", 14, "malformed_line")]


@pytest.mark.slow
def test_messy_export_marts_equal_clean_minus_the_rejected_row(
        messy: BuiltWarehouse, clean_minus_rejected: BuiltWarehouse) -> None:
    """Staging and every mart (but the two data-quality marts, which list the rejected line) are
    those of the clean set without exactly the rejected row."""
    con_ref, con_messy = clean_minus_rejected.connect(), messy.connect()
    try:
        relations = [f"{schema}.{name}" for schema, name in con_ref.execute(
            "select table_schema, table_name from information_schema.tables "
            "where (table_schema = 'staging' and table_name like 'stg_helpdesk__%') or table_schema = 'marts' "
            "order by 1, 2").fetchall() if name not in DATA_QUALITY_MARTS]
        differences = [d for relation in relations for d in compare_relations(con_ref, con_messy, relation)]
        staged_messages = con_messy.execute("select count(*) from staging.stg_helpdesk__messages").fetchone()[0]
    finally:
        con_ref.close()
        con_messy.close()
    assert len([r for r in relations if r.startswith("marts.")]) > 20
    assert differences == []
    assert staged_messages == 13


# --- interruption --------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [p.pid for p in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


@pytest.mark.slow
def test_an_interrupted_build_stops_dbt_and_a_rebuild_equals_an_uninterrupted_one(
        tmp_path: Path, warehouse_builder: Callable[..., BuiltWarehouse]) -> None:
    import psutil

    work = tmp_path / "cli"
    work.mkdir()
    env = {**_env(work / "wh.duckdb"), "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs"),
           "SUPPORTMETRICS_REPORTS_DIR": str(work / "reports"), "SUPPORTMETRICS_TARGET": "duckdb"}
    command = [*CLI, "build", "--raw-dir", str(fixture_dir("clean_input"))]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = work / "logs" / "dbt.log"
    deadline = time.monotonic() + 240
    children: list[int] = []
    # mid-way: dbt has built some models (the staging layer) but not the marts
    while time.monotonic() < deadline and proc.poll() is None:
        children = _children(proc.pid) or children
        if log.is_file() and log.read_text(errors="replace").count("OK created") >= 20:
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the build ended before it could be interrupted"
    assert children, "no dbt child process seen"
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, output
    assert "Stopped: interrupted by SIGTERM: dbt was stopped" in output and "Traceback" not in output
    time.sleep(0.5)
    assert [c for c in children if psutil.pid_exists(c) and psutil.Process(c).status() != psutil.STATUS_ZOMBIE] == []

    rebuild = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    assert rebuild.returncode == 0, rebuild.stdout[-3000:] + rebuild.stderr[-3000:]
    reference = warehouse_builder("clean_input", fixture_dir("clean_input"), select=None, tests=False)
    con_rebuilt = duckdb.connect(str(work / "wh.duckdb"), read_only=True)
    con_reference = reference.connect()
    try:
        marts = [r[0] for r in con_reference.execute(
            "select table_name from information_schema.tables where table_schema = 'marts' order by 1").fetchall()]
        assert len(marts) > 20
        differences = [d for m in marts for d in compare_relations(con_reference, con_rebuilt, f"marts.{m}",
                                                                   exclude=("_loaded_at", "loaded_at", "built_at"))]
    finally:
        con_rebuilt.close()
        con_reference.close()
    assert differences == []


def test_records_the_parser_lost_stop_the_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the cause, file records != rows loaded + lines rejected stops the load: here the
    independent count sees one record more than the engine reads (as when it merged two)."""
    from supportmetrics import load as loader
    from supportmetrics.csv_audit import audit_csv
    from supportmetrics.load import LoadError, load_raw
    from supportmetrics.warehouse import connect

    def one_more(path: Path):  # type: ignore[no-untyped-def]
        audit = audit_csv(path)
        if audit is not None and path.name == "clean_messages.csv":
            audit.add(None, audit.last_line + 1)
            audit.blank.clear()  # the extra line counts as a record
        return audit

    monkeypatch.setattr(loader, "audit_csv", one_more)
    con = connect(tmp_path / "wh.duckdb")
    try:
        with pytest.raises(LoadError) as info:
            load_raw(fixture_dir("clean_input"), con)
        in_raw = con.execute("select count(*) from raw.messages").fetchone()[0]
    finally:
        con.close()
    message = str(info.value)
    assert "clean_messages.csv, lines 2..16" in message and "15 records but 14 were loaded and 0 rejected" in message
    assert "1 record(s) unaccounted for" in message
    assert in_raw == 0  # the file's rows were rolled back with it


def test_a_warehouse_loaded_by_an_older_loader_is_reloaded_once(tmp_path: Path) -> None:
    """raw._load_files without the record counts (an older loader): the raw tables are reloaded
    from the files, so every file gets its count, and nothing is doubled."""
    warehouse = tmp_path / "wh.duckdb"
    load_into(fixture_dir("clean_input"), warehouse)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("alter table raw._load_files drop column file_records")
    finally:
        con.close()
    results = {r.table: r for r in load_into(fixture_dir("clean_input"), warehouse)}
    assert results["messages"].rows == results["messages"].file_records == 14
    reference = tmp_path / "reference.duckdb"
    load_into(fixture_dir("clean_input"), reference)
    assert _raw_rows(warehouse) == _raw_rows(reference)
