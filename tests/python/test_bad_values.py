"""Bad values that parse "fine" and would be silently wrong (issue 14, classes 2, 3 and 5):
time-zone names after a timestamp, placeholder tokens meaning "no value", and two versions of a
key with the same cursor. The fixture is tests/fixtures/clean_input plus one extra file per
table holding only the bad cases (written below, so each case and its expectation sit side by
side). Each case asserts the rule, the column and the value in fct_quarantined_rows (or the
converted value in staging), reconciliation, and that the clean rows stage exactly as in the
clean fixture.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Callable

import pytest
from conftest import BuiltWarehouse, compare_relations, fixture_dir

from supportmetrics.contract import load_contract

pytestmark = pytest.mark.slow

HEADER = "conversation_id,customer_id,channel,created_at,subject,priority,intent,status,assigned_team,updated_at"
# (row, quarantined (rule, column, raw value) or None when the row stages)
CONVERSATIONS: list[tuple[str, tuple[str, str, str] | None]] = [
    # placeholder keys are null keys, and two rows sharing one never replace each other
    ("N/A,cu1,chat,2026-02-07 09:00:00,s,normal,,open,ai,2026-02-07 09:00:00", ("null_key", "conversation_id", "N/A")),
    ("N/A,cu2,email,2026-02-07 10:00:00,s,high,,open,ai,2026-02-07 10:30:00", ("null_key", "conversation_id", "N/A")),
    ('"\t ",cu2,chat,2026-02-07 10:00:00,s,high,,open,ai,2026-02-07 10:30:00', ("null_key", "conversation_id", "\t ")),
    ("c12,cu1,-,2026-02-07 09:00:00,s,normal,,open,ai,2026-02-07 09:00:00", ("missing_required", "channel", "-")),
    # zone names: abbreviations, GMT offsets and unknown regions are quarantined, never dropped
    ("c7,cu1,chat,2026-02-07 09:00:00 CET,s,normal,,open,ai,2026-02-07 10:00:00",
     ("timestamp_zone_unsupported", "created_at", "2026-02-07 09:00:00 CET")),
    ("c8,cu1,chat,2026-02-07 09:00:00 GMT+2,s,normal,,open,ai,2026-02-07 10:00:00",
     ("timestamp_zone_unsupported", "created_at", "2026-02-07 09:00:00 GMT+2")),
    ("c9,cu1,chat,2026-02-07 09:00:00,s,normal,,open,ai,2026-02-07 10:00:00 EST",
     ("timestamp_zone_unsupported", "updated_at", "2026-02-07 10:00:00 EST")),
    ("c13,cu2,chat,2026-02-07 09:00:00 Mars/Olympus,s,normal,,open,ai,2026-02-07 10:00:00",
     ("timestamp_zone_unsupported", "created_at", "2026-02-07 09:00:00 Mars/Olympus")),
    # IANA regions are converted; placeholders in other columns are null (no 'n/a' intent)
    ("c10,cu1,chat,2026-02-07 09:00:00 America/New_York,s,normal,n/a,open,NULL,2026-02-07 16:00:00 Europe/Berlin", None),
    # a date alone in a timestamp column is midnight UTC
    ("c11,cu1,chat,2026-02-07,s,normal,None,open,ai,2026-02-08", None),
    # a version tie: same key, same updated_at, different content; the later row wins
    ("c14,cu1,chat,2026-02-07 09:00:00,s,normal,billing,open,ai,2026-02-07 12:00:00", None),
    ("c14,cu1,chat,2026-02-07 09:00:00,s,normal,refund,solved,ai,2026-02-07 12:00:00", None),
]
MESSAGES_HEADER = "message_id,conversation_id,created_at,author_type,author_id,is_public,body,sentiment_score"
MESSAGES: list[tuple[str, tuple[str, str, str] | None]] = [
    ("null,c1,2026-02-01 09:30:00,customer,cu1,true,hi,", ("null_key", "message_id", "null")),
    ("m100,c1,2026-02-01 09:30:00,customer,cu1,NaN,hi,", ("missing_required", "is_public", "NaN")),
]
CUSTOMERS_HEADER = "customer_id,account_id,email,full_name,created_at,updated_at"
CUSTOMERS: list[tuple[str, tuple[str, str, str] | None]] = [
    ("None,a1,x@example.com,X,2025-02-01 10:00:00,2026-01-02 00:00:00", ("null_key", "customer_id", "None")),
]
FILES = {
    "conversations": (HEADER, CONVERSATIONS),
    "messages": (MESSAGES_HEADER, MESSAGES),
    "customers": (CUSTOMERS_HEADER, CUSTOMERS),
}
STAGED_EXTRA = ("c10", "c11", "c14")


def _write_fixture(raw: Path) -> None:
    shutil.copytree(fixture_dir("clean_input"), raw)
    for table, (header, rows) in FILES.items():
        text = "\n".join([header, *(row for row, _ in rows)]) + "\n"
        (raw / table / f"values_{table}.csv").write_text(text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    raw = tmp_path_factory.mktemp("bad_values") / "raw"
    _write_fixture(raw)
    return warehouse_builder("bad_values", raw)


@pytest.fixture(scope="module")
def clean(warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return warehouse_builder("clean_input", fixture_dir("clean_input"))


def test_every_bad_value_is_quarantined_with_rule_column_and_value(built: BuiltWarehouse) -> None:
    rows = built.query(
        "select table_name, source_row, rejection_rule, rejected_column, rejected_value, rejection_reason "
        "from marts.fct_quarantined_rows where source_file like '%values_%'")
    actual = {(t, r, rule, col, value) for t, r, rule, col, value, _ in rows}
    expected = {(table, number, *case)
                for table, (_, cases) in FILES.items()
                for number, (_, case) in enumerate(cases, start=1) if case is not None}
    assert actual == expected
    reasons = {(t, r): reason for t, r, *_, reason in rows}
    assert "cannot be converted to UTC" in reasons[("conversations", 5)]
    assert '"N/A"' in reasons[("conversations", 1)]


def test_placeholder_keys_never_supersede_each_other(built: BuiltWarehouse) -> None:
    statuses = built.query(
        "select _row_status, count(*) from staging.base_helpdesk__conversations "
        "where _source_file like '%values_%' and _rejection_rule = 'null_key' group by 1")
    assert statuses == [("quarantined", 3)]


def test_zone_regions_are_converted_and_placeholders_are_null(built: BuiltWarehouse) -> None:
    rows = built.query(
        "select conversation_id, created_at, updated_at, intent, assigned_team "
        "from staging.stg_helpdesk__conversations where conversation_id in ('c10', 'c11') order by 1")
    assert rows == [
        # 09:00 in New York (EST, UTC-5) and 16:00 in Berlin (CET, UTC+1)
        ("c10", datetime(2026, 2, 7, 14, 0), datetime(2026, 2, 7, 15, 0), None, None),
        ("c11", datetime(2026, 2, 7, 0, 0), datetime(2026, 2, 8, 0, 0), None, "ai"),
    ]
    intents = {r[0] for r in built.query("select distinct intent from staging.stg_helpdesk__conversations")}
    assert not intents & {"n/a", "none", "null", "nan", "-"}


def test_version_tie_is_a_visible_conflict_with_a_deterministic_winner(built: BuiltWarehouse) -> None:
    winner = built.query("select intent, status from staging.stg_helpdesk__conversations where conversation_id = 'c14'")
    assert winner == [("refund", "solved")]  # the later row of the later file wins
    conflicts = built.query(
        "select table_name, record_key, cursor_value, versions, winner_source_file, winner_source_row, "
        "losing_versions from marts.fct_version_conflicts")
    assert len(conflicts) == 1
    table, key, cursor, versions, winner_file, winner_row, losers = conflicts[0]
    assert (table, key, cursor, versions, winner_row) == ("conversations", "c14", "2026-02-07 12:00:00", 2, 12)
    assert winner_file.endswith("values_conversations.csv") and losers.endswith("values_conversations.csv:11")


def test_reconciliation_holds(built: BuiltWarehouse) -> None:
    rows = built.query("select table_name, raw_rows, staged_rows, quarantined_rows, exact_duplicates, "
                       "superseded_versions, reconciles from marts.rpt_raw_reconciliation")
    loaded = {r.table: r.rows for r in built.load_results}
    by_table = {r[0]: r[1:] for r in rows}
    for table, (raw, staged, quarantined, dups, superseded, reconciles) in by_table.items():
        assert reconciles, table
        assert raw == staged + quarantined + dups + superseded == loaded[table], table
    expected_quarantined = sum(1 for _, case in CONVERSATIONS if case)
    assert by_table["conversations"][2] == expected_quarantined
    assert by_table["conversations"][4] == 1  # the losing side of the version tie


def test_clean_rows_stage_exactly_like_the_clean_fixture(built: BuiltWarehouse, clean: BuiltWarehouse) -> None:
    models = [f"stg_helpdesk__{t}" for t in load_contract()]
    con_clean, con_bad = clean.connect(), built.connect()
    try:
        differences = [d for m in models if m != "stg_helpdesk__conversations"
                       for d in compare_relations(con_clean, con_bad, f"staging.{m}")]
    finally:
        con_clean.close()
        con_bad.close()
    assert differences == []
    sql = "select * from staging.stg_helpdesk__conversations order by conversation_id"
    rows = [r for r in built.query(sql) if r[0] not in STAGED_EXTRA]
    assert rows == clean.query(sql) and rows
