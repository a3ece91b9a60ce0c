"""The zendesk_fivetran source adapter end to end on DuckDB: a small generated helpdesk is built
through the canonical path and, converted to the tables Fivetran's Zendesk connector lands
(`generate --shape zendesk_fivetran`, `load-shape`), through the adapter (var helpdesk_source).

The dbt build of the adapter also runs its unit tests (models/staging/zendesk_fivetran/
_zendesk_fivetran__unit_tests.yml). Parity is asserted on the staging layer every mart reads:
identical where the shape carries the data, and the columns it cannot carry are listed in
SHAPE_CANNOT_CARRY (also in the README's "Connect Zendesk" table); the marts that read only
carried data (IDENTICAL_MARTS) must agree row for row. Bad vendor rows added to the
landed tables are quarantined with their rule, or excluded and counted, never lost.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import duckdb
import pytest

from conftest import BuiltWarehouse, compare_relations, dbt_build_env, run_dbt
from supportmetrics.generator.shapes import zendesk_fivetran
from supportmetrics.vendor_load import load_vendor
from supportmetrics.warehouse import connect

CONVERSATIONS = 300
VARS = {"helpdesk_source": "zendesk_fivetran", "zendesk_segment_field": zendesk_fivetran.SEGMENT_COLUMN}
SELECTION = ("staging.helpdesk", "ai_agent_identities")

# staging relation -> columns the Zendesk Fivetran shape cannot carry (null or absent there)
SHAPE_CANNOT_CARRY: dict[str, tuple[str, ...]] = {
    "stg_helpdesk__accounts": ("plan", "arr_usd", "renewal_date", "churned_at", "is_churned"),
    "stg_helpdesk__agents": ("team", "hourly_cost_usd"),
    "stg_helpdesk__messages": ("sentiment_score",),
}
IDENTICAL = ("stg_helpdesk__conversations", "stg_helpdesk__customers", "stg_helpdesk__csat_responses",
             *SHAPE_CANNOT_CARRY)
# marts that read only what the shape carries: identical through both paths (the others differ
# where they read what the shape cannot carry; README, "Connect Zendesk")
IDENTICAL_MARTS = ("fct_resolution_quality", "fct_resolution_quality_daily", "fct_first_response_times",
                   "fct_sla_attainment", "fct_csat_responses", "fct_csat_gap", "fct_csat_streams",
                   "fct_policy_compliance", "fct_peak_hour_resolution")
# canonical tables Zendesk Support does not supply: empty through the adapter
NOT_SUPPLIED = ("message_feedback", "qa_reviews", "kb_articles", "ai_scope_changes", "support_costs",
                "agent_work_sessions", "cs_interventions")

# bad vendor rows added to the landed tables: (table, values by column)
BAD_ROWS: list[tuple[str, dict[str, Any]]] = [
    ("ticket", {"id": "zd_bad_status", "requester_id": "cus_0000001", "via_channel": "web", "status": "escalated",
                "priority": "low", "created_at": "2026-09-01 10:00:00", "updated_at": "2026-09-01 10:00:00"}),
    ("ticket", {"id": "zd_no_requester", "requester_id": None, "via_channel": "web", "status": "open",
                "priority": "low", "created_at": "2026-09-01 10:00:00", "updated_at": "2026-09-01 10:00:00"}),
    ("ticket", {"id": "zd_deleted", "requester_id": "cus_0000001", "via_channel": "web", "status": "open",
                "priority": "low", "created_at": "2026-09-01 10:00:00", "updated_at": "2026-09-01 10:00:00",
                "_fivetran_deleted": True}),
    ("ticket", {"id": "zd_merged", "requester_id": "cus_0000001", "via_channel": "email", "status": "closed",
                "priority": "low", "created_at": "2026-09-01 10:00:00", "updated_at": "2026-09-01 10:00:00"}),
    ("ticket", {"id": None, "requester_id": "cus_0000001", "via_channel": "web", "status": "open",
                "priority": "low", "created_at": "2026-09-01 10:00:00", "updated_at": "2026-09-01 10:00:00"}),
    ("ticket_tag", {"ticket_id": "zd_merged", "tag": "closed_by_merge"}),
    ("ticket_comment", {"id": None, "ticket_id": "cnv_00000000", "user_id": "cus_0000001",
                        "body": "no id", "public": True, "created": "2026-10-30 10:00:00"}),
    ("ticket_comment", {"id": "zd_c_merged", "ticket_id": "zd_merged", "user_id": "cus_0000001",
                        "body": "<p>same question</p>", "public": True, "created": "2026-09-01 10:00:00"}),
    ("ticket_comment", {"id": "zd_c_orphan", "ticket_id": "zd_missing", "user_id": "cus_0000001",
                        "body": "hello", "public": True, "created": "2026-09-01 10:00:00"}),
    ("ticket_comment", {"id": "zd_c_ghost", "ticket_id": "cnv_00000000", "user_id": "zd_unknown_user",
                        "body": "who am I", "public": False, "created": "2026-10-30 10:00:00"}),
    ("satisfaction_rating", {"id": "zd_offer", "ticket_id": "cnv_00000000", "score": "offered",
                             "created_at": "2026-10-30 10:00:00", "updated_at": "2026-10-30 10:00:00"}),
]
# expected base-model classification of the bad rows: (table, key, row status, rule)
EXPECTED_QUARANTINE = {
    ("conversations", "zd_bad_status", "quarantined", "unknown_enum"),
    ("conversations", "zd_no_requester", "quarantined", "missing_required"),
    ("conversations", None, "quarantined", "null_key"),
    ("messages", None, "quarantined", "null_key"),
    ("messages", "zd_c_orphan", "quarantined", "orphan"),
    ("messages", "zd_c_ghost", "quarantined", "unknown_enum"),
}


def _add_bad_rows(con: duckdb.DuckDBPyConnection, schema: str) -> None:
    for table, values in BAD_ROWS:
        if table != "ticket_tag":  # synced like the rest, bar one (a row without sync time is kept too)
            values = {"_fivetran_synced": None if values.get("id") == "zd_bad_status" else "2026-10-31 00:00:00",
                      **values}
        columns = ", ".join(f'"{c}"' for c in values)
        marks = ", ".join("?" for _ in values)
        con.execute(f'insert into "{schema}"."{table}" ({columns}) values ({marks})', list(values.values()))


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from supportmetrics.generator import generate

    root = tmp_path_factory.mktemp("zendesk_shapes")
    canonical = root / "canonical"
    generate(canonical, conversations=CONVERSATIONS, months=3, progress=False)
    vendor = root / "zendesk_fivetran"
    zendesk_fivetran.convert(canonical, vendor)
    return canonical, vendor


@pytest.fixture(scope="module")
def canonical_wh(shapes: tuple[Path, Path], warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return warehouse_builder("zendesk_parity_canonical", shapes[0], select=SELECTION)


@pytest.fixture(scope="module")
def zendesk_wh(shapes: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wh_zendesk_fivetran")
    env = dbt_build_env(work)
    warehouse = work / env["SUPPORTMETRICS_DUCKDB_PATH"]
    con = connect(warehouse)
    try:
        loaded = load_vendor(shapes[1], con, "zendesk_fivetran")
        assert {r.table for r in loaded} == set(zendesk_fivetran.TABLES)
        _add_bad_rows(con, "zendesk")
    finally:
        con.close()
    # models of the adapter and the validation path, with their data tests and unit tests
    run_dbt(["build", "--quiet", "--vars", json.dumps(VARS), "--select", *SELECTION, "staging.zendesk", "staging.zendesk_fivetran",
             "--indirect-selection", "cautious"],
            env, cwd=work)
    return warehouse


def test_adapter_unit_tests_ran_and_passed(zendesk_wh: Path) -> None:
    results = json.loads((zendesk_wh.parent / "target" / "run_results.json").read_text())["results"]
    unit = {r["unique_id"]: r["status"] for r in results if r["unique_id"].startswith("unit_test.")
            and ".zendesk_" in r["unique_id"]}
    assert len(unit) >= 10 and set(unit.values()) == {"pass"}


@pytest.fixture(scope="module")
def marts_built(canonical_wh: BuiltWarehouse, zendesk_wh: Path) -> None:
    """IDENTICAL_MARTS and their parents, models only, in both warehouses."""
    select = ["--select", *(f"+{m}" for m in IDENTICAL_MARTS), "--exclude", "resource_type:test",
              "resource_type:unit_test"]
    canonical_wh.dbt("build", "--quiet", *select)
    run_dbt(["build", "--quiet", "--vars", json.dumps(VARS), *select], dbt_build_env(zendesk_wh.parent),
            cwd=zendesk_wh.parent)


@pytest.fixture(scope="module")
def cons(canonical_wh: BuiltWarehouse, zendesk_wh: Path, marts_built: None):
    """Read-only connections to both warehouses, opened once every build is done."""
    con_c = duckdb.connect(str(canonical_wh.warehouse), read_only=True)
    con_z = duckdb.connect(str(zendesk_wh), read_only=True)
    yield con_c, con_z
    con_c.close()
    con_z.close()


@pytest.mark.parametrize("relation", IDENTICAL)
def test_staging_agrees_with_canonical(cons, relation: str) -> None:
    con_c, con_z = cons
    differences = compare_relations(con_c, con_z, f"staging.{relation}",
                                    exclude=SHAPE_CANNOT_CARRY.get(relation, ()))
    assert differences == []


@pytest.mark.parametrize("relation,columns", list(SHAPE_CANNOT_CARRY.items()))
def test_columns_the_shape_cannot_carry_are_null(cons, relation: str, columns: tuple[str, ...]) -> None:
    _, con_z = cons
    for column in columns:
        if column == "is_churned":  # derived from churned_at: false, never true, without it
            assert con_z.execute(f"select count(*) from staging.{relation} where {column}").fetchone()[0] == 0
            continue
        assert con_z.execute(f"select count({column}) from staging.{relation}").fetchone()[0] == 0, column


def test_status_and_priority_history_agrees(cons) -> None:
    con_c, con_z = cons
    query = ("select conversation_id, created_at, event_type, to_value from staging.stg_helpdesk__ticket_events "
             "where event_type in ('status_change', 'priority_change') order by all")
    canonical = con_c.execute(query).fetchall()
    assert canonical and con_z.execute(query).fetchall() == canonical


def test_explicit_handoffs_agree_on_time_trigger_and_team(cons) -> None:
    """Conversations with one canonical handoff: the adapter derives it, from the group change
    the AI made, at the same time, with the same trigger (from the ticket's tag) and team."""
    con_c, con_z = cons
    query = ("select conversation_id, created_at, handoff_trigger, to_team from staging.stg_helpdesk__handoffs "
             "where conversation_id in ({}) order by all")
    single = ("select conversation_id from staging.stg_helpdesk__handoffs group by 1 having count(*) = 1")
    ids = [r[0] for r in con_c.execute(single).fetchall()]
    assert len(ids) >= 10
    in_list = ", ".join(f"'{i}'" for i in ids)
    assert con_z.execute(query.format(in_list)).fetchall() == con_c.execute(query.format(in_list)).fetchall()


def test_ai_answers_are_the_ai_public_messages(cons) -> None:
    _, con_z = cons
    answers = con_z.execute("select count(*) from staging.stg_helpdesk__ai_events where event_type = 'answer_sent'").fetchone()[0]
    ai_public = con_z.execute("select count(*) from staging.stg_helpdesk__messages "
                              "where author_type = 'ai_agent' and is_public").fetchone()[0]
    assert answers == ai_public > 0


def test_bad_vendor_rows_are_quarantined_with_their_rule(cons) -> None:
    _, con_z = cons
    found = set()
    for table, key in (("conversations", "conversation_id"), ("messages", "message_id")):
        found |= {(table, *r) for r in con_z.execute(
            f"select {key}, _row_status, _rejection_rule from staging.base_helpdesk__{table} "
            "where _row_status != 'current'").fetchall()}
    assert found == EXPECTED_QUARANTINE


def test_vendor_rows_reconcile(cons) -> None:
    """Every landed row is mapped or excluded with a reason; mapped rows are the base rows."""
    _, con_z = cons
    outcomes = dict(((t, o), n) for t, o, n in con_z.execute(
        "select vendor_table, outcome, sum(vendor_rows) from staging.map_zendesk__source_reconciliation "
        "group by 1, 2").fetchall())
    for vendor_table in ("ticket", "ticket_comment", "ticket_field_history", "satisfaction_rating", "user"):
        landed = con_z.execute(f'select count(*) from zendesk."{vendor_table}"').fetchone()[0]
        assert sum(n for (t, _), n in outcomes.items() if t == vendor_table) == landed, vendor_table
    assert outcomes[("ticket", "deleted")] == 1
    assert outcomes[("ticket", "merged")] == 1
    assert outcomes[("ticket_comment", "ticket_merged")] == 1
    assert outcomes[("satisfaction_rating", "not_answered")] == 1
    for vendor_table, canonical in (("ticket", "conversations"), ("ticket_comment", "messages"),
                                    ("satisfaction_rating", "csat_responses")):
        base_rows = con_z.execute(f"select count(*) from staging.base_helpdesk__{canonical}").fetchone()[0]
        assert outcomes[(vendor_table, "mapped")] == base_rows, vendor_table


def test_unclassified_author_is_reported_not_counted_as_human(cons) -> None:
    _, con_z = cons
    assert con_z.execute("select subject_id, reason, comments from staging.map_zendesk__unclassified_authors"
                         ).fetchall() == [("zd_unknown_user", "author_not_in_user_table", 1)]
    assert con_z.execute("select count(*) from staging.stg_helpdesk__messages where author_id = 'zd_unknown_user'"
                         ).fetchone()[0] == 0


@pytest.mark.parametrize("table", NOT_SUPPLIED)
def test_tables_zendesk_does_not_supply_are_empty(cons, table: str) -> None:
    con_c, con_z = cons
    assert con_c.execute(f"select count(*) from staging.base_helpdesk__{table}").fetchone()[0] > 0
    assert con_z.execute(f"select count(*) from staging.base_helpdesk__{table}").fetchone()[0] == 0


@pytest.mark.parametrize("mart", IDENTICAL_MARTS)
def test_marts_agree_with_canonical(cons, mart: str) -> None:
    con_c, con_z = cons
    assert con_c.execute(f"select count(*) from marts.{mart}").fetchone()[0] > 0
    assert compare_relations(con_c, con_z, f"marts.{mart}") == []
