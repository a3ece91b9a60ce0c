"""Trust in the numbers: bad input is survived, every bad row is accounted for with its reason,
the bad set stages exactly like its clean counterpart, and PII never reaches a mart.

Fixtures: tests/fixtures/bad_input (every class of the spec's bad-input list; expected.json says
what must happen to each bad row) and tests/fixtures/clean_input (the same helpdesk, clean).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from conftest import ROOT, BuiltWarehouse, compare_relations, fixture_dir, is_pii_column, load_into, source_pii_names
from supportmetrics.contract import load_contract
from supportmetrics.load import LoadError, load_raw
from supportmetrics.warehouse import connect

EXPECTED = json.loads((ROOT / "tests" / "fixtures" / "bad_input" / "expected.json").read_text())
PII_COLUMNS = {"email", "full_name", "display_name", "account_name", "subject", "body", "comment", "context_summary"}


# --- builds ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bad(warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return warehouse_builder("bad_input", fixture_dir("bad_input"))


@pytest.fixture(scope="module")
def clean(warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return warehouse_builder("clean_input", fixture_dir("clean_input"))


def _relative(source_file: str, raw_dir: Path) -> str:
    return Path(source_file).resolve().relative_to(raw_dir.resolve()).as_posix()


# --- the contract is declared once -------------------------------------------------------------


def test_pii_columns_match_the_contract() -> None:
    declared = {c.name for t in load_contract().values() for c in t.columns if c.pii}
    assert declared == PII_COLUMNS


def test_contract_yaml_columns_are_well_formed() -> None:
    """Flow-style YAML silently splits a description at a comma into a bogus key: none may exist."""
    doc = yaml.safe_load((ROOT / "models" / "staging" / "helpdesk" / "_helpdesk__sources.yml").read_text())
    bogus = [(t["name"], c["name"], sorted(set(c) - {"name", "description", "meta", "data_tests", "config"}))
             for t in doc["sources"][0]["tables"] for c in t["columns"]
             if set(c) - {"name", "description", "meta", "data_tests", "config"}]
    assert bogus == []


# --- the pipeline survives the bad set ---------------------------------------------------------


@pytest.mark.slow
def test_pipeline_completes_on_bad_input(bad: BuiltWarehouse) -> None:
    """Load + dbt build (staging, loader rejects, data-quality marts, their tests) succeeded."""
    tables = {r[0] for r in bad.query("select table_name from marts.rpt_raw_reconciliation")}
    assert tables == set(load_contract())


@pytest.mark.slow
def test_every_bad_row_is_quarantined_with_its_rule(bad: BuiltWarehouse) -> None:
    rows = bad.query("select table_name, source_file, source_row, rejection_rule, rejected_column, rejection_reason "
                     "from marts.fct_quarantined_rows")
    actual = {(t, _relative(f, bad.raw_dir), r, rule, col) for t, f, r, rule, col, _ in rows}
    expected = {(e["table"], e["file"], e["row"], e["rule"], e["column"]) for e in EXPECTED["quarantined"]}
    assert sorted(expected - actual) == [], "bad rows missing from fct_quarantined_rows (or with another rule)"
    assert sorted(actual - expected) == [], "rows quarantined that expected.json does not list"
    assert all(reason for *_, reason in rows), "every quarantined row carries a readable reason"


@pytest.mark.slow
def test_duplicates_and_versions_are_dropped_not_quarantined(bad: BuiltWarehouse) -> None:
    for status, key in (("exact_duplicate", "exact_duplicates"), ("superseded", "superseded")):
        actual = set()
        for table in {e["table"] for e in EXPECTED["exact_duplicates"] + EXPECTED["superseded"]}:
            for f, r in bad.query(f"select _source_file, _source_row from staging.base_helpdesk__{table} "
                                  "where _row_status = ?", [status]):
                actual.add((table, _relative(f, bad.raw_dir), r))
        assert actual == {(e["table"], e["file"], e["row"]) for e in EXPECTED[key]}, status


@pytest.mark.slow
def test_reconciliation_holds(bad: BuiltWarehouse) -> None:
    rows = bad.query("select table_name, raw_rows, staged_rows, quarantined_rows, exact_duplicates, "
                     "superseded_versions, malformed_lines, reconciles from marts.rpt_raw_reconciliation")
    expected_quarantined: dict[str, int] = {}
    expected_malformed: dict[str, int] = {}
    for e in EXPECTED["quarantined"]:
        target = expected_malformed if e["rule"] == "malformed_line" else expected_quarantined
        target[e["table"]] = target.get(e["table"], 0) + 1
    loaded = {r.table: r.rows for r in bad.load_results}
    for table, raw, staged, quarantined, dups, superseded, malformed, reconciles in rows:
        assert reconciles, table
        assert raw == staged + quarantined + dups + superseded == loaded[table], table
        assert quarantined == expected_quarantined.get(table, 0), table
        assert malformed == expected_malformed.get(table, 0), table
        assert dups == sum(1 for e in EXPECTED["exact_duplicates"] if e["table"] == table), table
        assert superseded == sum(1 for e in EXPECTED["superseded"] if e["table"] == table), table


@pytest.mark.slow
def test_bad_input_stages_exactly_like_clean_input(bad: BuiltWarehouse, clean: BuiltWarehouse) -> None:
    """Mixed formats, time zones, aliases, duplicates and versions change nothing in stg_ models."""
    models = [r[0] for r in clean.query(
        "select table_name from information_schema.tables where table_schema = 'staging' "
        "and table_name like 'stg_helpdesk__%' order by 1")]
    assert len(models) == len(load_contract())
    con_clean, con_bad = clean.connect(), bad.connect()
    try:
        differences = [d for m in models for d in compare_relations(con_clean, con_bad, f"staging.{m}")]
        staged = {m: con_clean.execute(f"select count(*) from staging.{m}").fetchone()[0] for m in models}
    finally:
        con_clean.close()
        con_bad.close()
    assert differences == []
    assert staged["stg_helpdesk__messages"] > 0 and staged["stg_helpdesk__cs_interventions"] == 0


@pytest.mark.slow
def test_clean_input_has_nothing_to_quarantine(clean: BuiltWarehouse) -> None:
    assert clean.query("select count(*) from marts.fct_quarantined_rows") == [(0,)]
    assert clean.query("select count(*) from marts.rpt_raw_reconciliation "
                       "where exact_duplicates + superseded_versions + malformed_lines > 0") == [(0,)]


# --- the loader ----------------------------------------------------------------------------------


def test_loader_notes_empty_files_and_missing_optional_tables(tmp_path: Path) -> None:
    results = load_into(fixture_dir("bad_input"), tmp_path / "wh.duckdb")
    notes = {r.table: " ".join(r.notes) for r in results}
    for expected in EXPECTED["load_notes"]:
        assert expected["contains"] in notes[expected["table"]], expected
    messages = next(r for r in results if r.table == "messages")
    assert messages.rejected_lines == 3
    assert all(re.search(r"line \d+", n) for n in messages.notes if "malformed" in n or "columns" in n)


def test_malformed_lines_keep_their_own_record_numbers(tmp_path: Path) -> None:
    """Rows after a rejected line keep their file position, so no number is shared or reused."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "conversations.csv").write_text(
        "conversation_id,customer_id,channel,created_at,priority,status,updated_at\n"
        "c1,cu1,chat,2026-01-01 00:00:00,low,open,2026-01-01 00:00:00\n"
        "c2,cu1,chat,2026-01-01 00:00:00,low,open,2026-01-01 00:00:00,extra\n"
        "c3,cu1,chat,2026-01-01 00:00:00,low,open,2026-01-01 00:00:00\n"
        "c4,cu1\n"
        "c5,cu1,chat,2026-01-01 00:00:00,low,open,2026-01-01 00:00:00\n"
    )
    # a required table needs rows (a header-only messages file stops the load)
    (raw / "messages.csv").write_text("message_id,conversation_id,created_at,author_type,is_public\n"
                                      "m1,c1,2026-01-01 00:00:01,customer,true\n")
    con = connect(tmp_path / "wh.duckdb")
    try:
        results = load_raw(raw, con)
        loaded = con.execute("select conversation_id, _source_row from raw.conversations order by 2").fetchall()
        rejected = con.execute("select line - 1 from raw._load_rejects order by 1").fetchall()
    finally:
        con.close()
    assert loaded == [("c1", 1), ("c3", 3), ("c5", 5)]
    assert rejected == [(2,), (4,)]
    conversations = next(r for r in results if r.table == "conversations")
    assert conversations.rows == 3 and conversations.rejected_lines == 2
    assert any("optional column(s)" in n and "subject" in n for n in conversations.notes)


def test_loading_the_same_directory_twice_does_not_double_count(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    first = {r.table: r.rows for r in load_into(fixture_dir("bad_input"), warehouse)}
    second = {r.table: r.rows for r in load_into(fixture_dir("bad_input"), warehouse)}
    con = connect(warehouse, read_only=True)
    try:
        in_raw = {t: con.execute(f'select count(*) from raw."{t}"').fetchone()[0] for t in load_contract()}
        rejects = con.execute("select count(*) from raw._load_rejects").fetchone()[0]
    finally:
        con.close()
    assert first == second == in_raw
    assert rejects == sum(1 for e in EXPECTED["quarantined"] if e["rule"] == "malformed_line")


@pytest.mark.parametrize("case", ["missing_required_table", "missing_required_column", "missing_directory"])
def test_load_errors_are_clean_messages(tmp_path: Path, case: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    header = "conversation_id,customer_id,channel,created_at,priority,status,updated_at\n"
    if case == "missing_required_table":
        (raw / "conversations.csv").write_text(header)
        expected = ["required table 'messages'", "messages.csv"]
    elif case == "missing_required_column":
        (raw / "conversations.csv").write_text(header.replace(",channel", ""))
        (raw / "messages.csv").write_text("message_id,conversation_id,created_at,author_type,is_public\n")
        expected = ["conversations.csv", "line 1 (header)", "required column 'channel'"]
    else:
        raw = tmp_path / "nowhere"
        expected = ["does not exist"]
    con = connect(tmp_path / "wh.duckdb")
    try:
        with pytest.raises(LoadError) as info:
            load_raw(raw, con)
    finally:
        con.close()
    for fragment in expected:
        assert fragment in str(info.value)
    # the CLI prints the message, no traceback, exit code 2
    cli = Path(sys.executable).parent / "supportmetrics"
    proc = subprocess.run([str(cli), "load", "--raw-dir", str(raw)], capture_output=True, text=True,
                          env={**os.environ, "SUPPORTMETRICS_DUCKDB_PATH": str(tmp_path / "cli.duckdb"), "COLUMNS": "1000"})
    output = " ".join((proc.stdout + proc.stderr).split())
    assert proc.returncode == 2, output
    assert "Load failed" in output and "Traceback" not in output
    assert expected[0] in output


def test_unreadable_file_is_a_clean_load_error(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(fixture_dir("clean_input"), raw)
    (raw / "ticket_events" / "clean_ticket_events.csv").unlink()
    (raw / "ticket_events" / "broken.parquet").write_bytes(b"PAR1 definitely not parquet")
    con = connect(tmp_path / "wh.duckdb")
    try:
        with pytest.raises(LoadError, match=r"table 'ticket_events', file .*broken\.parquet: cannot be read"):
            load_raw(raw, con)
    finally:
        con.close()


# --- raw validation (Great Expectations) ---------------------------------------------------------


def test_raw_validation_reports_bad_rows_and_never_blocks(tmp_path: Path) -> None:
    from supportmetrics.validate import validate_warehouse

    warehouse = tmp_path / "wh.duckdb"
    load_into(fixture_dir("bad_input"), warehouse)
    con = connect(warehouse, read_only=True)
    try:
        report = validate_warehouse(con, results_dir=tmp_path / "validation")
    finally:
        con.close()
    failed = {(t.table, c.check, c.column): c for t in report.tables for c in t.checks if not c.success}
    for key, example in [
        (("conversations", "canonical value", "channel"), "carrier_pigeon"),
        (("conversations", "key not null", "conversation_id"), None),
        (("conversations", "not in future", "created_at"), "2099-01-01 00:00:00"),
        (("messages", "in range", "sentiment_score"), "-3.0"),
        (("csat_responses", "in range", "score"), "7.0"),
        (("csat_responses", "parseable integer", "score"), "4.5"),
        (("ai_events", "in range", "confidence"), "1.4"),
        (("customers", "parseable timestamp", "created_at"), "yesterday"),
        (("agent_work_sessions", "not before started_at", "ended_at"), None),
    ]:
        assert key in failed, key
        assert failed[key].rows_failing == 1, key
        if example:
            assert example in failed[key].examples, (key, failed[key].examples)
    # mixed formats, offsets, aliases and vendor spellings are not failures
    assert not any(c == "canonical value" and col in ("priority", "status") for _, c, col in failed)
    assert not any(c.startswith("parseable timestamp") and t != "customers" for t, c, _ in failed)
    # suites are generated from the contract: every contract column is checked for presence
    contract = load_contract()
    for table in report.tables:
        present = [c for c in table.checks if c.check == "column present"]
        assert [c.column for c in present] == contract[table.table].column_names
    files = {p.name for p in (tmp_path / "validation").iterdir()}
    assert files == {f"{t}.json" for t in contract} | {"summary.json"}
    result = json.loads((tmp_path / "validation" / "conversations.json").read_text())
    assert result["success"] is False and result["results"]


def test_raw_validation_samples_big_tables_deterministically(tmp_path: Path) -> None:
    from supportmetrics.validate import validate_warehouse

    warehouse = tmp_path / "wh.duckdb"
    load_into(fixture_dir("clean_input"), warehouse)
    con = connect(warehouse, read_only=True)
    try:
        first = validate_warehouse(con, max_rows=5)
        second = validate_warehouse(con, max_rows=5)
    finally:
        con.close()
    messages = next(t for t in first.tables if t.table == "messages")
    assert messages.sampled and messages.rows_checked == 5 and messages.raw_rows == 14
    assert [(t.table, t.rows_checked, [c.success for c in t.checks]) for t in first.tables] == \
        [(t.table, t.rows_checked, [c.success for c in t.checks]) for t in second.tables]
    assert not any(t.failed for t in first.tables), "the clean set passes every expectation"


def test_raw_validation_reports_a_missing_raw_table(tmp_path: Path) -> None:
    """Raw tables landed by another EL tool may lack a table or a column: reported, no crash."""
    from supportmetrics.validate import validate_warehouse

    warehouse = tmp_path / "wh.duckdb"
    load_into(fixture_dir("clean_input"), warehouse)
    con = connect(warehouse)
    try:
        con.execute("drop table raw.handoffs")
        con.execute("alter table raw.messages drop column sentiment_score")
        report = validate_warehouse(con)
    finally:
        con.close()
    tables = {t.table: t for t in report.tables}
    assert not tables["handoffs"].present
    failed = [(c.check, c.column) for c in tables["messages"].failed]
    assert failed == [("column present", "sentiment_score")]


def test_validate_command_prints_and_exits_zero_on_failures(tmp_path: Path) -> None:
    warehouse = tmp_path / "wh.duckdb"
    load_into(fixture_dir("bad_input"), warehouse)
    cli = Path(sys.executable).parent / "supportmetrics"
    proc = subprocess.run([str(cli), "validate"], capture_output=True, text=True, env={
        **os.environ, "SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "SUPPORTMETRICS_REPORTS_DIR": str(tmp_path / "reports"),
        "COLUMNS": "1000"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "raw.conversations" in proc.stdout and "carrier_pigeon" in proc.stdout
    assert "does not block" in proc.stdout
    assert (tmp_path / "reports" / "validation" / "summary.json").is_file()


# --- PII -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full_build(generated_raw: Any, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    """Every model of the project run on the small generated data set (no tests: speed)."""
    return warehouse_builder("generated", generated_raw.raw_dir, select=None, tests=False)


@pytest.mark.slow
def test_no_pii_column_in_marts_or_intermediate(full_build: BuiltWarehouse) -> None:
    manifest = full_build.manifest()
    # marts, intermediate models and the semantic layer's models: everything BI can read
    models = [n for n in manifest["nodes"].values() if n["resource_type"] == "model"
              and n["original_file_path"].startswith(("models/marts/", "models/intermediate/", "models/semantic/"))]
    assert models, "no marts or intermediate models in the manifest"
    pii = source_pii_names(manifest)
    declared = [(n["name"], c) for n in models for c, col in n["columns"].items()
                if is_pii_column(c, col.get("data_type") or "", pii)]
    assert declared == [], "PII-named columns declared on marts/intermediate/semantic models"
    relations = {(n["schema"], n["alias"]) for n in models}
    schemas = sorted({schema for schema, _ in relations})
    built = [row for row in full_build.query(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        f"where table_schema in ({', '.join('?' for _ in schemas)})", schemas) if (row[0], row[1]) in relations]
    assert {s for s, *_ in built} >= {"marts", "intermediate"}, "the full build produced no marts or intermediate"
    assert {t for _, t, *_ in built} >= {"fct_conversations", "fct_csat_responses"}, "semantic models not checked"
    offenders = sorted({(s, t, c) for s, t, c, d in built
                        if is_pii_column(c, d, pii)})
    assert offenders == [], "PII-named columns in built marts/intermediate relations"


@pytest.mark.slow
def test_emails_are_hashed_in_staging(generated_warehouse: BuiltWarehouse) -> None:
    columns = {r[0] for r in generated_warehouse.query(
        "select column_name from information_schema.columns where table_schema = 'staging' "
        "and table_name = 'stg_helpdesk__customers'")}
    assert "email_hash" in columns and not columns & PII_COLUMNS
    rows = generated_warehouse.query(
        "select stg.email_hash, base.email from staging.stg_helpdesk__customers as stg "
        "inner join staging.base_helpdesk__customers as base "
        "on stg.customer_id = base.customer_id and base._row_status = 'current' "
        "where base.email is not null limit 50")
    assert rows
    for email_hash, email in rows:
        assert "@" not in email_hash and email_hash != email
        assert email_hash == hashlib.md5(email.strip().lower().encode()).hexdigest()


@pytest.mark.slow
def test_no_pii_value_in_the_quarantine_mart(bad: BuiltWarehouse) -> None:
    """Rejected values of PII columns are redacted and malformed lines' text is not selected."""
    con = bad.connect()
    try:
        bodies = [r[0] for r in con.execute("select body from raw.messages where body is not null").fetchall()]
        emails = [r[0] for r in con.execute("select email from raw.customers where email is not null").fetchall()]
        text = " ".join(str(v) for row in con.execute("select * from marts.fct_quarantined_rows").fetchall()
                        for v in row)
    finally:
        con.close()
    leaked = [v for v in bodies + emails if v.strip() and v.strip() in text]
    assert leaked == []
