"""Raw validation checks timestamps against the parent row: a message (event, handoff, ...)
declared `not_before: conversations.created_at` in the contract is never before its conversation.

The rule is generated from the contract (no per-table code), read for the checked rows only, and
reported per table by the validation the `supportmetrics validate` command runs.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from conftest import fixture_dir
from supportmetrics.contract import load_contract
from supportmetrics.load import load_raw
from supportmetrics.validate import ValidationReport, parent_column, parent_timestamps, run_validation
from supportmetrics.warehouse import connect

pytestmark = pytest.mark.slow  # two GX validations of the whole raw set: ~8 s

CHECK = "not before conversations.created_at"
# c2 was created 2026-02-02 10:00:00 UTC (clean_conversations.csv). m90 is one minute early,
# written with an offset (09:59 UTC); m91 is exactly at creation, in another format (allowed).
EXTRA_MESSAGES = (
    "message_id,conversation_id,created_at,author_type,author_id,is_public,body,sentiment_score\n"
    "m90,c2,2026-02-02T11:59:00+02:00,customer,cu2,true,Sent before the conversation existed,\n"
    "m91, c2 ,02/02/2026 10:00,customer,cu2,true,Sent as the conversation was created,\n"
)


def _validate(raw_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ValidationReport, str]:
    """Load `raw_dir` into a fresh warehouse and run the CLI's validation on it: (report, output)."""
    warehouse = tmp_path / "wh.duckdb"
    con = connect(warehouse)
    try:
        load_raw(raw_dir, con)
    finally:
        con.close()
    monkeypatch.delenv("SUPPORTMETRICS_TARGET", raising=False)
    monkeypatch.delenv("SUPPORTMETRICS_RAW_SCHEMA", raising=False)
    monkeypatch.setenv("SUPPORTMETRICS_REPORTS_DIR", str(tmp_path / "reports"))
    output = io.StringIO()
    report = run_validation(Console(file=output, width=1000), warehouse=warehouse)
    assert report is not None, output.getvalue()
    return report, output.getvalue()


def _not_before_parent(report: ValidationReport) -> dict[str, list]:
    """{table: its checks comparing a timestamp with the parent's}."""
    return {t.table: [c for c in t.checks if c.check.startswith("not before ") and "." in c.check]
            for t in report.tables if t.present}


def test_validation_rules_come_from_the_contract() -> None:
    """Every `not_before: <parent>.<column>` of the contract has its parent key; nothing is hand-coded."""
    contract = load_contract()
    declared = {(t.name, c.not_before) for t in contract.values() for c in t.columns
                if c.not_before and "." in c.not_before}
    found = {(t.name, r.target) for t in contract.values() for r in parent_timestamps(t)}
    assert declared == found
    assert {"messages", "ticket_events", "ai_events", "handoffs", "csat_responses", "qa_reviews",
            "agent_work_sessions"} <= {t for t, _ in found}
    messages = parent_timestamps(contract["messages"])
    assert [(r.parent, r.parent_timestamp, r.child_key, r.parent_key) for r in messages] == \
        [("conversations", "created_at", "conversation_id", "conversation_id")]
    assert not any(c.name.startswith("_parent_") for t in contract.values() for c in t.columns)


def test_validation_reports_a_message_before_its_conversation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(fixture_dir("clean_input"), raw)
    (raw / "messages" / "early_messages.csv").write_text(EXTRA_MESSAGES)
    report, output = _validate(raw, tmp_path, monkeypatch)

    tables = {t.table: t for t in report.tables}
    checks = [c for c in tables["messages"].checks if c.check == CHECK]
    assert len(checks) == 1
    check = checks[0]
    assert not check.success and check.error is None
    assert check.column == "created_at"
    assert check.expectation == "expect_column_pair_values_a_to_be_greater_than_b"
    assert check.rows_failing == 1
    assert check.rows_checked == 14 + 2  # the clean 14 and both new rows (' c2 ' is trimmed, as in staging)
    assert check.examples == ["2026-02-02 09:59:00 < 2026-02-02 10:00:00"]
    # the only failure anywhere: the parent column is no unexpected column for any other check
    assert [(t.table, c.check, c.column) for t in report.tables for c in t.failed] == \
        [("messages", CHECK, "created_at")]
    present = [c.column for c in tables["messages"].checks if c.check == "column present"]
    assert present == load_contract()["messages"].column_names
    assert not any(c.column.startswith("_parent_") for t in report.tables for c in t.checks)
    # every table declaring the rule is checked against its parent, and passes
    checked = {t for t, cs in _not_before_parent(report).items() if cs}
    assert checked == {t.name for t in load_contract().values() if parent_timestamps(t)} & set(tables)
    # printed and written like every other check
    assert CHECK in output and "2026-02-02 09:59:00 < 2026-02-02 10:00:00" in output
    summary = json.loads((tmp_path / "reports" / "validation" / "summary.json").read_text())
    messages = next(t for t in summary["tables"] if t["table"] == "messages")
    assert [(c["check"], c["rows_failing"]) for c in messages["checks"] if not c["success"]] == [(CHECK, 1)]
    result = json.loads((tmp_path / "reports" / "validation" / "messages.json").read_text())
    pair = [r for r in result["results"] if r["expectation_config"]["kwargs"].get("column_B")
            == parent_column("conversations.created_at")]
    assert len(pair) == 1 and pair[0]["success"] is False


def test_validation_clean_input_is_never_before_its_conversation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report, _ = _validate(fixture_dir("clean_input"), tmp_path, monkeypatch)
    by_table = _not_before_parent(report)
    assert by_table["messages"] and [c.check for c in by_table["messages"]] == [CHECK]
    for table, checks in by_table.items():
        for check in checks:
            assert check.success and check.rows_failing == 0, (table, check)
            assert check.rows_checked and check.rows_checked > 0, (table, check)
    assert report.failed_checks == 0
