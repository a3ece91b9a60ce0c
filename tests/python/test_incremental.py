"""An incremental run after appending one day gives the same staging, intermediate models and
marts as a full refresh over the same data (issue: scale); a load that removed rows makes the
next incremental run stop with a clear message instead of silently keeping stale rows."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from supportmetrics.bench import split_last_day, stage_files, unstage_day
from supportmetrics.compare import compare_relations, duckdb_fetcher, is_run_bookkeeping, list_tables
from supportmetrics.dbt_runner import dbt_env, dbt_executable
from supportmetrics.generator import generate
from supportmetrics.load import load_raw, rows_removed
from supportmetrics.warehouse import connect, full_refresh_reason

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _load(raw: Path, warehouse: Path) -> None:
    con = connect(warehouse)
    load_raw(raw, con)
    con.close()


def _dbt(args: list[str], warehouse: Path, work: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dbt_env({"SUPPORTMETRICS_DUCKDB_PATH": str(warehouse), "DBT_TARGET_PATH": str(work / "target"),
                   "DBT_LOG_PATH": str(work / "logs")})
    return subprocess.run([dbt_executable(), *args, "--quiet", "--exclude", "test_type:unit"], cwd=ROOT, env=env,
                          check=check, capture_output=not check, text=True)


LATE = 5  # conversations from before the appended day that the day updates


def _open_history(hist: Path, day: Path) -> tuple[Any, str, str, Any]:
    """A DuckDB connection, the history's conversations and messages (as read_parquet
    expressions) and the start of the appended day."""
    import duckdb

    con = duckdb.connect()
    conversations = f"read_parquet('{hist}/conversations/*.parquet')"
    messages = f"read_parquet('{hist}/messages/*.parquet')"
    cutoff = con.execute(
        f"select date_trunc('day', min(created_at)) from read_parquet('{day}/conversations/*.parquet')"
    ).fetchone()[0]
    return con, conversations, messages, cutoff


def add_late_changes(hist: Path, day: Path) -> list[str]:
    """Put late changes to older conversations into the day's export: a new version of each
    conversation (reopened, later updated_at) and a new customer message, for conversations
    whose last message is within 48 h before the day (inside the 96 h lookback)."""
    con, conversations, messages, cutoff = _open_history(hist, day)
    con.execute(f"""
        create temp table late as
        select conversations.*
        from {conversations} as conversations
        inner join (select conversation_id, max(created_at) as last_at from {messages} group by 1) as last
            on conversations.conversation_id = last.conversation_id
        where last.last_at between ? - interval 48 hour and ?
        order by conversations.conversation_id
        limit {LATE}
    """, [cutoff, cutoff])
    con.execute(f"""
        copy (
            select * replace ('open' as status, greatest(updated_at, ?::timestamp) + interval 2 hour as updated_at)
            from late
        ) to '{day}/conversations/late.parquet' (format parquet)
    """, [cutoff])
    con.execute(f"""
        copy (
            select
                'msg_late_' || conversation_id as message_id,
                conversation_id,
                ?::timestamp + interval 1 hour as created_at,
                'customer' as author_type,
                customer_id as author_id,
                true as is_public,
                'It happened again, this is still not fixed.' as body,
                cast(null as double) as sentiment_score
            from late
        ) to '{day}/messages/late.parquet' (format parquet)
    """, [cutoff])
    ids = [r[0] for r in con.execute("select conversation_id from late").fetchall()]
    con.close()
    assert len(ids) == LATE
    return ids


def add_backfill(hist: Path, day: Path) -> str:
    """Put a backfill into the day's export: rows whose timestamps are far older than the lookback
    (a skipped refresh, a late export). An old conversation gets one more customer message, and
    the same customer a new conversation with the same intent 2 h after it ended, which makes
    the old one 'returned within 72 h'. Returns the old conversation's id."""
    con, conversations, messages, cutoff = _open_history(hist, day)
    con.execute(f"""
        create temp table old as
        select conversations.*, last.last_at
        from {conversations} as conversations
        inner join (select conversation_id, max(created_at) as last_at from {messages} group by 1) as last
            on conversations.conversation_id = last.conversation_id
        where last.last_at between ? - interval 20 day and ? - interval 10 day
            and conversations.intent is not null
            and conversations.status in ('solved', 'closed')
            and not exists (
                select 1 from {conversations} as later
                where later.customer_id = conversations.customer_id
                    and later.created_at > conversations.created_at
                    and later.created_at <= last.last_at + interval 4 day
            )
        order by conversations.conversation_id
        limit 1
    """, [cutoff, cutoff])
    con.execute(f"""
        copy (
            select * exclude (last_at) replace (
                'conv_backfill_' || conversation_id as conversation_id,
                last_at + interval 2 hour as created_at,
                last_at + interval 3 hour as updated_at,
                'open' as status
            )
            from old
        ) to '{day}/conversations/backfill.parquet' (format parquet)
    """)
    con.execute(f"""
        copy (
            select
                'msg_backfill_' || conversation_id as message_id,
                conversation_id,
                last_at + interval 1 minute as created_at,
                'customer' as author_type,
                customer_id as author_id,
                true as is_public,
                'One more thing about this.' as body,
                cast(null as double) as sentiment_score
            from old
            union all
            select
                'msg_backfill_new_' || conversation_id as message_id,
                'conv_backfill_' || conversation_id as conversation_id,
                last_at + interval 2 hour as created_at,
                'customer' as author_type,
                customer_id as author_id,
                true as is_public,
                'The same problem is back.' as body,
                cast(null as double) as sentiment_score
            from old
        ) to '{day}/messages/backfill.parquet' (format parquet)
    """)
    (old_id,) = con.execute("select conversation_id from old").fetchone()
    con.close()
    return old_id


def add_moved_handoff(hist: Path, day: Path) -> tuple[str, str, str]:
    """Put a correction into the day's export: a newer version of a handoff row that moves it to
    another conversation (it was logged against the wrong ticket). The conversation it leaves is
    older than the lookback, had only that handoff and no human reply, so after the correction
    it has no handoff at all: the incremental run must recompute it (the superseded version
    names it) and drop its handoff rows. Returns (handoff_id, the conversation it left, the one
    it moved to)."""
    con, conversations, messages, cutoff = _open_history(hist, day)
    handoffs = f"read_parquet('{hist}/handoffs/*.parquet')"
    con.execute(f"""
        create temp table moved as
        select handoffs.*, (
            select max_by(other.conversation_id, other.created_at) from {conversations} as other
            where other.conversation_id != handoffs.conversation_id
                and other.created_at <= handoffs.created_at - interval 1 day
        ) as new_conversation_id
        from {handoffs} as handoffs
        inner join (
            select conversation_id, max(created_at) as last_at,
                count(*) filter (where author_type = 'human_agent') as human_messages
            from {messages} group by 1
        ) as stats
            on handoffs.conversation_id = stats.conversation_id
        where stats.last_at between ? - interval 20 day and ? - interval 10 day
            and stats.human_messages = 0
            and (select count(*) from {handoffs} as same
                 where same.conversation_id = handoffs.conversation_id) = 1
        order by handoffs.handoff_id
        limit 1
    """, [cutoff, cutoff])
    # named after the history's file: a full refresh loading both at once picks the same version
    con.execute(f"""
        copy (
            select * exclude (new_conversation_id) replace (new_conversation_id as conversation_id)
            from moved
        ) to '{day}/handoffs/moved_handoff.parquet' (format parquet)
    """)
    handoff_id, left, moved_to = con.execute(
        "select handoff_id, conversation_id, new_conversation_id from moved").fetchone()
    con.close()
    return handoff_id, left, moved_to


def add_agent_change(hist: Path, day: Path) -> str:
    """Put a changed agent into the day's export: the human agent with the most assignments
    moves to another team (a later file replaces an earlier version of an agent). That re-routes
    conversations of every month it was assigned, not only the day's. Returns the agent id."""
    import duckdb

    con = duckdb.connect()
    agents = f"read_parquet('{hist}/agents/*.parquet')"
    con.execute(f"""
        create temp table moved as
        select agents.* replace ((
            select min(other.team) from {agents} as other
            where other.team != agents.team and other.agent_type = 'human'
        ) as team)
        from {agents} as agents
        inner join (
            select lower(to_value) as agent_id, count(*) as assignments
            from read_parquet('{hist}/ticket_events/*.parquet')
            where event_type = 'assignment'
            group by 1
        ) as assigned
            on lower(agents.agent_id) = assigned.agent_id
        where agents.agent_type = 'human'
        order by assigned.assignments desc, agents.agent_id
        limit 1
    """)
    # named after the history's file: a full refresh loading both at once picks the same version
    con.execute(f"copy moved to '{day}/agents/late_agents.parquet' (format parquet)")
    (agent_id,) = con.execute("select agent_id from moved where team is not null").fetchone()
    con.close()
    return agent_id


def add_account_changes(hist: Path, day: Path) -> tuple[str, str, str]:
    """Put account-level corrections into the day's export: the account with the most
    conversations moves to another segment (a new version of its row), and a customer of another
    account moves to that account (a new version of the customer row). Both relabel the segment
    of conversations of every month, older than the lookback, that no conversation-level row of
    the day touches. Returns (the account id, its new segment, the customer moved)."""
    import duckdb

    con = duckdb.connect()
    accounts = f"read_parquet('{hist}/accounts/*.parquet')"
    customers = f"read_parquet('{hist}/customers/*.parquet')"
    conversations = f"read_parquet('{hist}/conversations/*.parquet')"
    cutoff = con.execute(
        f"select date_trunc('day', min(created_at)) from read_parquet('{day}/conversations/*.parquet')"
    ).fetchone()[0]
    con.execute(f"""
        create temp table busiest as
        select customers.account_id, count(*) as conversations
        from {conversations} as conversations
        inner join {customers} as customers
            on conversations.customer_id = customers.customer_id
        where customers.account_id is not null
        group by 1
        order by 2 desc, 1
        limit 1
    """)
    con.execute(f"""
        create temp table moved_account as
        select accounts.* replace (
            case when accounts.segment = 'Enterprise' then 'SMB' else 'Enterprise' end as segment,
            cast(? as timestamp) as updated_at
        )
        from {accounts} as accounts
        inner join busiest
            on accounts.account_id = busiest.account_id
    """, [cutoff])
    con.execute(f"""
        create temp table moved_customer as
        select customers.* replace (
            (select account_id from busiest) as account_id,
            cast(? as timestamp) as updated_at
        )
        from {customers} as customers
        where customers.account_id != (select account_id from busiest)
            and customers.customer_id in (
                select customer_id from {conversations} where created_at < ? - interval 10 day
            )
        order by customers.customer_id
        limit 1
    """, [cutoff, cutoff])
    # named after the history's files: a full refresh loading both at once picks the same versions
    (day / "accounts").mkdir(exist_ok=True)
    (day / "customers").mkdir(exist_ok=True)
    con.execute(f"copy moved_account to '{day}/accounts/late_accounts.parquet' (format parquet)")
    con.execute(f"copy moved_customer to '{day}/customers/late_customers.parquet' (format parquet)")
    (account_id, segment) = con.execute("select account_id, segment from moved_account").fetchone()
    (customer_id,) = con.execute("select customer_id from moved_customer").fetchone()
    con.close()
    return account_id, segment, customer_id


@pytest.fixture(scope="module")
def late_ids(warehouses: tuple[Path, Path]) -> list[str]:
    return (warehouses[0].parent / "late_ids.txt").read_text().split()


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("incremental")
    full, hist, day, live = (work / n for n in ("full", "hist", "day", "live"))
    generate(full, profile="stage3", conversations=3000, months=6, progress=False)
    split_last_day(full, hist, day)
    (work / "late_ids.txt").write_text("\n".join(add_late_changes(hist, day)))
    (work / "backfill_id.txt").write_text(add_backfill(hist, day))
    (work / "moved_agent_id.txt").write_text(add_agent_change(hist, day))
    (work / "moved_handoff.txt").write_text("\n".join(add_moved_handoff(hist, day)))
    (work / "account_changes.txt").write_text("\n".join(add_account_changes(hist, day)))
    incremental, refreshed = work / "incremental.duckdb", work / "refreshed.duckdb"
    stage_files(hist, live)
    _load(live, incremental)
    _dbt(["build", "--full-refresh"], incremental, work)
    stage_files(day, live)  # the next day's export lands next to the history
    _load(live, incremental)  # appends only the new files
    assert full_refresh_reason(incremental) is None
    _dbt(["run"], incremental, work)  # incremental: base, intermediate and marts
    _load(live, refreshed)
    _dbt(["build", "--full-refresh"], refreshed, work)
    return incremental, refreshed


def test_incremental_run_equals_full_refresh(warehouses: tuple[Path, Path]) -> None:
    incremental, refreshed = (connect(p, read_only=True) for p in warehouses)
    try:
        tables = [t for t in list_tables(refreshed, ["marts", "intermediate", "staging"])
                  # base tables differ only in _loaded_at (their rows are compared below);
                  # the incremental scope models are the run's bookkeeping, not results
                  if ".base_helpdesk__" not in t and not is_run_bookkeeping(t)]
        assert len(tables) > 10
        problems = compare_relations(duckdb_fetcher(incremental), duckdb_fetcher(refreshed), tables)
    finally:
        incremental.close()
        refreshed.close()
    assert problems == []


def test_the_day_appended_is_really_new(warehouses: tuple[Path, Path], late_ids: list[str]) -> None:
    """Guard against a vacuous comparison: the appended day changed the facts, including late
    changes to conversations created before the day (a new version and a customer return)."""
    con = connect(warehouses[0], read_only=True)
    try:
        latest = con.execute("select max(created_at) from intermediate.int_conversation_facts").fetchone()[0]
        scope = con.execute("select count(*) from intermediate.int_incremental_scope").fetchone()[0]
        late = con.execute(
            "select status, last_public_author_type from intermediate.int_conversation_facts "
            f"where conversation_id in ({', '.join(repr(i) for i in late_ids)})"
        ).fetchall()
        superseded = con.execute(
            "select count(*) from staging.base_helpdesk__conversations "
            f"where _row_status = 'superseded' and conversation_id in ({', '.join(repr(i) for i in late_ids)})"
        ).fetchone()[0]
    finally:
        con.close()
    assert latest is not None and scope > 0
    assert late == [("open", "customer")] * len(late_ids)
    assert superseded >= len(late_ids)


def test_a_backfill_older_than_the_lookback_is_not_lost(warehouses: tuple[Path, Path]) -> None:
    """Rows loaded since the previous run are recomputed whatever their timestamps: the old
    conversation counts its backfilled message and is judged returned by the backfilled
    conversation of the same customer (its earlier conversation is recomputed too)."""
    old_id = (warehouses[0].parent / "backfill_id.txt").read_text().strip()
    results = []
    for warehouse in warehouses:
        con = connect(warehouse, read_only=True)
        try:
            results.append(con.execute(
                "select customer_message_count, is_returned_72h, returned_72h_conversation_ids "
                "from intermediate.int_conversation_facts where conversation_id = ?", [old_id]).fetchall())
            results.append(con.execute(
                "select count(*) from intermediate.int_conversation_facts where conversation_id = ?",
                [f"conv_backfill_{old_id}"]).fetchone()[0])
        finally:
            con.close()
    incremental_row, incremental_new, refreshed_row, refreshed_new = results
    assert incremental_new == refreshed_new == 1
    assert incremental_row == refreshed_row
    assert incremental_row[0][1] is True and f"conv_backfill_{old_id}" in str(incremental_row[0][2])


def test_an_agent_moved_to_another_team_re_routes_every_month(warehouses: tuple[Path, Path]) -> None:
    """Guard for the period marts: the agent moved by the day's export routed conversations of
    several months, so fct_routing_accuracy (incremental by created month) must recompute months
    before the day to equal the full refresh (compared above); its new team is the one used."""
    agent_id = (warehouses[0].parent / "moved_agent_id.txt").read_text().strip()
    con = connect(warehouses[0], read_only=True)
    try:
        months = con.execute("""
            select count(distinct date_trunc('month', facts.created_at))
            from staging.stg_helpdesk__ticket_events as events
            inner join intermediate.int_conversation_facts as facts
                on events.conversation_id = facts.conversation_id
            where events.event_type = 'assignment' and lower(events.to_value) = lower(?)
        """, [agent_id]).fetchone()[0]
        teams = con.execute(
            "select _row_status, team from staging.base_helpdesk__agents where agent_id = ? order by _loaded_at",
            [agent_id]).fetchall()
    finally:
        con.close()
    assert months >= 2
    assert [status for status, _ in teams] == ["superseded", "current"] and teams[0][1] != teams[1][1]


def test_a_handoff_moved_to_another_conversation_leaves_no_stale_row(warehouses: tuple[Path, Path]) -> None:
    """Guard for the conversation-grain models: the corrected handoff now belongs to the other
    conversation, and the conversation it left (older than the lookback) has no handoff row left,
    in the incremental run as in the full refresh (compared above)."""
    handoff_id, left, moved_to = (warehouses[0].parent / "moved_handoff.txt").read_text().split()
    for warehouse in warehouses:
        con = connect(warehouse, read_only=True)
        try:
            rows = con.execute(
                "select conversation_id from intermediate.int_handoffs where conversation_id in (?, ?) "
                "and not is_implicit order by handoff_id", [left, moved_to]).fetchall()
            left_facts = con.execute(
                "select handoff_count from intermediate.int_conversation_facts where conversation_id = ?",
                [left]).fetchall()
            versions = con.execute(
                "select conversation_id, _row_status from staging.base_helpdesk__handoffs "
                "where handoff_id = ? order by _row_status", [handoff_id]).fetchall()
        finally:
            con.close()
        assert (moved_to,) in rows and (left,) not in rows, warehouse.name
        assert left_facts == [(0,)], warehouse.name
        assert versions == [(moved_to, "current"), (left, "superseded")], warehouse.name


def test_an_account_change_relabels_every_conversation_of_the_account(warehouses: tuple[Path, Path]) -> None:
    """Guard for the conversation-grain models: the account moved to another segment and the
    customer moved to it had conversations older than the lookback; every one of them shows the
    new segment in the incremental run, as in the full refresh (compared above)."""
    account_id, segment, customer_id = (warehouses[0].parent / "account_changes.txt").read_text().split()
    for warehouse in warehouses:
        con = connect(warehouse, read_only=True)
        try:
            labels = con.execute(
                "select account_segment, count(*), min(created_at) from intermediate.int_conversation_facts "
                "where account_id = ? group by 1", [account_id]).fetchall()
            moved = con.execute(
                "select distinct account_id, account_segment from intermediate.int_conversation_facts "
                "where customer_id = ?", [customer_id]).fetchall()
            cutoff = con.execute(
                "select max(created_at) - interval 20 day from intermediate.int_conversation_facts").fetchone()[0]
        finally:
            con.close()
        assert [label for label, _, _ in labels] == [segment], warehouse.name
        assert labels[0][1] > 1 and labels[0][2] < cutoff, warehouse.name
        assert moved == [(account_id, segment)], warehouse.name


def test_base_models_classify_every_raw_row_like_a_full_build(warehouses: tuple[Path, Path]) -> None:
    incremental, refreshed = (connect(p, read_only=True) for p in warehouses)
    sql = """
        select _source_file, _source_row, _base_key, _row_hash, _row_status, _rejection_rule
        from staging.base_helpdesk__{table} order by 1, 2
    """
    try:
        for table in ("conversations", "messages", "ai_events", "agent_work_sessions", "message_feedback"):
            rows = incremental.execute(sql.format(table=table)).fetchall()
            assert rows == refreshed.execute(sql.format(table=table)).fetchall(), table
            assert rows, table
    finally:
        incremental.close()
        refreshed.close()


def test_an_incremental_run_after_rows_were_removed_stops_and_asks_for_a_full_refresh(
    warehouses: tuple[Path, Path], tmp_path: Path
) -> None:
    work = warehouses[0].parent
    warehouse = tmp_path / "copy.duckdb"
    shutil.copyfile(warehouses[0], warehouse)
    unstage_day(work / "day", work / "live")  # the day's files disappear from the export folder
    try:
        con = connect(warehouse)
        try:
            results = load_raw(work / "live", con)
        finally:
            con.close()
    finally:
        stage_files(work / "day", work / "live")
    assert rows_removed(results)
    reason = full_refresh_reason(warehouse)
    assert reason is not None and "no longer holds every row" in reason
    proc = _dbt(["run", "-s", "base_helpdesk__conversations"], warehouse, tmp_path, check=False)
    assert proc.returncode != 0
    assert "no longer holds every row" in proc.stdout + proc.stderr and "--full-refresh" in proc.stdout + proc.stderr
