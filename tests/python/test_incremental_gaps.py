"""An incremental refresh after a gap of days equals a full refresh (issue 14, class 11).

A small generated data set is split at a cutoff `gap` days before its high-water mark: the
history (every row that happened before the cutoff) is built in full, then the rest (the rows
since, as a user's next export after `gap` days without a refresh: new conversations, and late
messages, status events and CSAT of older ones) lands next to it and an incremental run follows. The result must equal one full refresh over all the data: every mart, intermediate and
stg_ model, row for row. Gaps of 1, 3, 6, 10 and 30 days, and a backfill (a 3-day gap whose
export also carries conversations from weeks earlier, older than any lookback).

Before the fix, a gap longer than the 96 h lookback left conversations `pending_window` whose
72 h window had closed: they were pending at the previous run, and nothing recomputed them.
"""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from supportmetrics.bench import CONVERSATION_CHILDREN, stage_files
from conftest import compare_relations
from supportmetrics.compare import is_run_bookkeeping, list_tables
from supportmetrics.dbt_runner import dbt_env, dbt_executable
from supportmetrics.generator import generate
from supportmetrics.load import load_raw
from supportmetrics.warehouse import connect, full_refresh_reason

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

CONVERSATIONS = 400
BACKFILL = 5  # conversations from 30-45 days before the cutoff delivered late
SCENARIOS = {"gap_1d": (1, False), "gap_3d": (3, False), "gap_6d": (6, False), "gap_10d": (10, False),
             "gap_30d": (30, False), "backfill": (3, True)}


def _dbt(args: list[str], warehouse: Path, work: Path) -> None:
    env = dbt_env({"SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "DBT_TARGET_PATH": str(work / "target"),
                   "DBT_LOG_PATH": str(work / "logs")})
    # seeds and models, no tests (the other suites test the models; this one compares them)
    proc = subprocess.run([dbt_executable(), *args, "--quiet", "--exclude", "resource_type:test", "resource_type:unit_test"],
                          cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]


def _load(raw: Path, warehouse: Path) -> None:
    con = connect(warehouse)
    try:
        load_raw(raw, con)
    finally:
        con.close()


# each conversation-grain table's own timestamp: a row belongs to the export of the day it happened
EVENT_TIME = {"messages": "created_at", "ticket_events": "created_at", "ai_events": "created_at",
              "handoffs": "created_at", "csat_responses": "responded_at", "message_feedback": "created_at",
              "qa_reviews": "reviewed_at", "agent_work_sessions": "started_at"}


def split_at(full: Path, hist: Path, new: Path, cutoff: datetime, *, backfill: bool) -> list[str]:
    """What a refresh at `cutoff` had seen into `hist`, the rest into `new`: rows of the event
    tables by their own timestamp (late messages, status events and CSAT of older conversations
    arrive after the gap), conversations by their last update (one still updated after the cutoff
    arrives in `new`, its earlier rows wait in `hist` as orphans). With `backfill`, a few
    conversations of 30-45 days before the cutoff and all their rows move to `new` too (a late
    export of old data). Returns the ids of the conversations in `new`."""
    con = duckdb.connect()
    con.execute(
        f"create temp table moved as select conversation_id from read_parquet('{full}/conversations/*.parquet') "
        "where greatest(created_at, updated_at) >= ?", [cutoff])
    con.execute("create temp table backfilled (conversation_id varchar)")
    if backfill:
        con.execute(f"""
            insert into backfilled
            select conversation_id from read_parquet('{full}/conversations/*.parquet')
            where created_at between ?::timestamp - interval 45 day and ?::timestamp - interval 30 day
            order by conversation_id limit {BACKFILL}
        """, [cutoff, cutoff])
        con.execute("insert into moved select conversation_id from backfilled")
    for folder in sorted(p for p in full.iterdir() if p.is_dir()):
        table = folder.name
        (hist / table).mkdir(parents=True, exist_ok=True)
        (new / table).mkdir(parents=True, exist_ok=True)
        source = f"read_parquet('{folder}/*.parquet', union_by_name = true)"
        late = f"{EVENT_TIME[table]} >= '{cutoff}'::timestamp" if table in EVENT_TIME else "false"
        if table == "conversations":
            cond = "conversation_id in (select conversation_id from moved)"
        elif table == "message_feedback":
            cond = (f"{late} or message_id in (select message_id from read_parquet('{full}/messages/*.parquet') "
                    "where conversation_id in (select conversation_id from backfilled))")
        elif table in EVENT_TIME:
            cond = f"{late} or conversation_id in (select conversation_id from backfilled)"
        else:
            cond = "false"
        con.execute(f"copy (select * from {source} where not ({cond})) to '{hist / table}/hist.parquet' (format parquet)")
        con.execute(f"copy (select * from {source} where {cond}) to '{new / table}/new.parquet' (format parquet)")
    ids = [r[0] for r in con.execute("select conversation_id from moved").fetchall()]
    con.close()
    return ids


def _high_water_mark(raw: Path) -> datetime:
    """The latest timestamp of a raw directory's conversation event tables (the data's mark)."""
    con = duckdb.connect()
    columns = {"conversations": ("created_at", "updated_at"), **{t: (c,) for t, c in EVENT_TIME.items()}}
    marks = [con.execute(f"select max({c}) from read_parquet('{raw}/{t}/*.parquet')").fetchone()[0]
             for t, cols in columns.items() if list((raw / t).glob("*.parquet")) for c in cols]
    con.close()
    return max(m for m in marks if m is not None)


def quiet_some_conversations(full: Path) -> None:
    """The generator closes every conversation ~96 h after its last message (a ticket event and
    updated_at), so every conversation pending at one refresh has new rows at the next and is
    recomputed anyway. Real helpdesks also have conversations that simply stop: for a third of
    them, drop what happens after the last message (status events, CSAT, older versions) and
    set updated_at to it. Those stay untouched by later exports, and only the recompute scope can judge them."""
    con = duckdb.connect()
    con.execute(f"""
        create temp table quiet as
        select conversation_id, max(created_at) as last_message_at
        from read_parquet('{full}/messages/*.parquet')
        where hash(conversation_id) % 3 = 0
        group by 1
    """)
    rewrites = {
        # a quiet conversation keeps only its latest version (two at one updated_at would tie)
        "conversations": "select c.* replace (coalesce(q.last_message_at, c.updated_at) as updated_at) "
                         "from {src} as c left join quiet as q using (conversation_id) "
                         "qualify q.conversation_id is null "
                         "or c.updated_at = max(c.updated_at) over (partition by c.conversation_id)",
        "ticket_events": "select e.* from {src} as e left join quiet as q using (conversation_id) "
                         "where q.last_message_at is null or e.created_at <= q.last_message_at",
        "csat_responses": "select r.* from {src} as r left join quiet as q using (conversation_id) "
                          "where q.last_message_at is null or r.responded_at <= q.last_message_at",
    }
    for table, sql in rewrites.items():
        files = sorted((full / table).glob("*.parquet"))
        src = f"read_parquet({[str(f) for f in files]}, union_by_name = true)"
        con.execute(f"copy ({sql.format(src=src)}) to '{full / table}/quiet.parquet.tmp' (format parquet)")
        for f in files:
            f.unlink()
        (full / table / "quiet.parquet.tmp").rename(full / table / "quiet.parquet")
    con.close()


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, datetime]:
    """The generated data set, its full refresh (the reference) and its high-water mark."""
    work = tmp_path_factory.mktemp("gaps")
    full = work / "full"
    generate(full, profile="stage3", conversations=CONVERSATIONS, months=3, progress=False)
    quiet_some_conversations(full)
    mark = _high_water_mark(full)
    reference = work / "reference.duckdb"
    _load(full, reference)
    _dbt(["build", "--full-refresh"], reference, work)
    return full, reference, mark


def _incremental(data: tuple[Path, Path, datetime], work: Path, gap_days: int, backfill: bool) -> tuple[Path, list[str]]:
    full, _, mark = data
    hist, new, live = work / "hist", work / "new", work / "live"
    # the previous refresh saw the data up to `gap_days` before the mark
    moved = split_at(full, hist, new, mark - timedelta(days=gap_days), backfill=backfill)
    # not a vacuous gap: the history's own mark is about that far behind
    assert timedelta(days=gap_days) <= mark - _high_water_mark(hist) <= timedelta(days=gap_days + 1)
    warehouse = work / "incremental.duckdb"
    stage_files(hist, live)
    _load(live, warehouse)
    _dbt(["build", "--full-refresh"], warehouse, work)
    stage_files(new, live)  # the export after the gap lands next to the history
    _load(live, warehouse)
    assert full_refresh_reason(warehouse) is None
    _dbt(["run"], warehouse, work)
    return warehouse, moved


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_incremental_after_a_gap_equals_a_full_refresh(data: tuple[Path, Path, datetime], scenario: str,
                                                       tmp_path: Path) -> None:
    gap_days, backfill = SCENARIOS[scenario]
    warehouse, moved = _incremental(data, tmp_path, gap_days, backfill)
    incremental, reference = connect(warehouse, read_only=True), connect(data[1], read_only=True)
    try:
        # guard against a vacuous comparison: the new export changed the facts
        assert len(moved) >= gap_days
        pending_now = incremental.execute(
            "select count(*) from intermediate.int_conversation_facts where is_pending_window").fetchone()[0]
        recomputed_months, all_months = incremental.execute(
            "select (select count(distinct date_trunc('month', created_date)) from intermediate.int_incremental_created_dates), "
            "(select count(distinct created_month) from marts.fct_routing_accuracy)").fetchone()
        tables = [t for t in list_tables(reference, ["marts", "intermediate", "staging"])
                  if ".base_helpdesk__" not in t and not is_run_bookkeeping(t)]
        assert len(tables) > 10
        # files_loaded counts files, and the incremental warehouse has the history's and the new ones
        problems = [p for t in tables for p in compare_relations(
            incremental, reference, t, exclude=("files_loaded",) if t.endswith("rpt_raw_reconciliation") else ())]
    finally:
        incremental.close()
        reference.close()
    assert problems == []
    assert pending_now > 0
    if scenario == "gap_1d":
        # guard for the period marts: the run kept months it did not recompute (delete+insert of
        # the affected months only, not a rebuild)
        assert 0 < recomputed_months < all_months, (recomputed_months, all_months)
