"""Independent check of generated data: headline metrics recomputed with DuckDB SQL.

`quick_metrics(out_dir)` reads the raw files (Parquet or CSV folders), drops exact duplicates,
keeps the latest version of each conversation, and applies spec/metrics.md's definitions to the
latest month: ai_involved, escalated, deflected, the negative resolution signals (return of
the same customer with the same or an unknown intent within 72 h, a human-handled follow-up
within 1 h, a reopen within 48 h, a last customer message below -0.05, CSAT 1-2), pending
windows (ended less than 72 h before the high-water mark), CSAT streams and the maturity inputs.
Where the platform gives no sentiment score (email, voice) the body is scored with VADER, as
the dbt project does.

It is a calibration and test tool, deliberately separate from the dbt models (a second,
independent reading of the same definitions).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

RETURN_HOURS = 72
FOLLOW_UP_HOURS = 1
REOPEN_HOURS = 48
NEGATIVE = -0.05
MIN_CATEGORY_CONVERSATIONS = 20
STAGES = (  # (stage, min deflection, min CSAT gap in points, min categories, min full resolution)
    (1, 0.0, None, 0, None),
    (2, 0.10, -2.0, 0, None),
    (3, 0.25, -1.0, 15, None),
    (4, 0.45, 0.0, 15, 0.80),
    (5, 0.65, 1e-9, 15, 0.90),
)


def _relation(out_dir: Path, table: str) -> str:
    folder = out_dir / table
    if any(folder.glob("*.parquet")):
        return f"read_parquet('{folder}/*.parquet')"
    return f"read_csv('{folder}/*.csv', header = true, auto_detect = true, union_by_name = true)"


def _views(con: duckdb.DuckDBPyConnection, out_dir: Path) -> None:
    con.execute(f"""
        create or replace temp view conv as
        select * exclude (rn) from (
            select *, row_number() over (partition by conversation_id order by updated_at desc) as rn
            from (select distinct * from {_relation(out_dir, 'conversations')})
        ) where rn = 1""")
    for table in ("messages", "ticket_events", "ai_events", "handoffs", "csat_responses",
                  "message_feedback", "qa_reviews", "ai_scope_changes", "support_costs",
                  "agent_work_sessions", "agents"):
        con.execute(f"create or replace temp view {table} as select distinct * from {_relation(out_dir, table)}")


def _lexicon(con: duckdb.DuckDBPyConnection) -> None:
    """Score public customer messages without a platform score with VADER (one per body)."""
    bodies = [row[0] for row in con.execute(
        "select distinct body from messages where author_type = 'customer' and is_public "
        "and sentiment_score is null and body is not null").fetchall()]
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        analyzer = SentimentIntensityAnalyzer()
        scores = [(b, analyzer.polarity_scores(b)["compound"]) for b in bodies]
    except ImportError:  # pragma: no cover - vaderSentiment is a project dependency
        scores = []
    con.execute("create or replace temp table lexicon (body varchar, score double)")
    if scores:
        con.executemany("insert into lexicon values (?, ?)", scores)


FACTS_SQL = f"""
create or replace temp table facts as
with pub as (
    select m.*, coalesce(m.sentiment_score, l.score) as sentiment,
           row_number() over (partition by conversation_id order by created_at, message_id) as seq
    from messages m left join lexicon l on m.body = l.body and m.sentiment_score is null
    where is_public
),
first_ai as (select conversation_id, min(seq) as ai_seq from pub where author_type = 'ai_agent' group by 1),
msg_stats as (
    select pub.conversation_id,
           count(*) filter (where author_type = 'ai_agent') as ai_messages,
           count(*) filter (where author_type = 'human_agent') as human_messages,
           bool_or(author_type = 'human_agent' and seq > first_ai.ai_seq) as human_after_ai,
           max(created_at) as last_public_at,
           arg_max(sentiment, seq) filter (where author_type = 'customer') as last_customer_sentiment,
           arg_max(author_type, seq) as last_public_author
    from pub left join first_ai using (conversation_id)
    group by 1
),
ev as (
    select conversation_id,
           bool_or(event_type in ('answer_sent', 'action_taken')) as ai_answer,
           bool_or(event_type = 'resolution_confirmed') as confirmed
    from ai_events group by 1
),
ho as (select conversation_id, count(*) as handoffs from handoffs group by 1),
solved as (
    select conversation_id, min(created_at) as first_solved_at from ticket_events
    where event_type = 'status_change' and to_value in ('solved', 'closed') group by 1
),
csat as (
    select conversation_id, arg_max(score, (responded_at, response_id)) as csat_score
    from csat_responses group by 1
),
base as (
    select c.conversation_id, c.customer_id, c.intent, c.channel, c.created_at,
           coalesce(s.ai_messages, 0) > 0 or coalesce(ev.ai_answer, false) as ai_involved,
           coalesce(ho.handoffs, 0) > 0 or coalesce(s.human_after_ai, false) as has_escalation_signal,
           coalesce(s.human_messages, 0) as human_messages,
           s.last_customer_sentiment, s.last_public_author, coalesce(ev.confirmed, false) as confirmed,
           case when s.last_public_at is null then coalesce(so.first_solved_at, c.created_at)
                when so.first_solved_at is null then s.last_public_at
                else least(so.first_solved_at, s.last_public_at) end as ended_at,
           csat.csat_score
    from conv c
    left join msg_stats s using (conversation_id)
    left join ev using (conversation_id)
    left join ho using (conversation_id)
    left join solved so using (conversation_id)
    left join csat using (conversation_id)
),
paths as (
    select *, ai_involved and has_escalation_signal as escalated,
           ai_involved and not has_escalation_signal as deflected,
           case when ai_involved and not has_escalation_signal then 'ai_only'
                when ai_involved then 'ai_then_human'
                when human_messages > 0 then 'human_only' else 'no_response' end as handling_path
    from base
),
returns as (
    select o.conversation_id,
           bool_or(o.intent is null or l.intent is null or o.intent = l.intent) as returned,
           bool_or(l.handling_path in ('human_only', 'ai_then_human')
                   and l.created_at <= o.ended_at + interval {FOLLOW_UP_HOURS} hour) as follow_up
    from paths o join paths l
      on o.customer_id = l.customer_id and o.conversation_id != l.conversation_id
     and l.created_at > o.ended_at and l.created_at <= o.ended_at + interval {RETURN_HOURS} hour
    group by 1
),
reopens as (
    select p.conversation_id, true as reopened
    from paths p join ticket_events t on p.conversation_id = t.conversation_id
    where t.event_type = 'status_change' and t.from_value in ('solved', 'closed')
      and t.to_value in ('open', 'pending')
      and t.created_at >= p.ended_at and t.created_at <= p.ended_at + interval {REOPEN_HOURS} hour
    group by 1
),
hwm as (select greatest((select max(created_at) from conv), (select max(created_at) from messages)) as hwm)
select p.*,
       coalesce(r.returned, false) as returned,
       coalesce(r.follow_up, false) as follow_up,
       coalesce(o.reopened, false) as reopened,
       coalesce(p.last_customer_sentiment < {NEGATIVE}, false) as negative_end,
       coalesce(p.csat_score <= 2, false) as low_csat,
       p.ended_at > hwm.hwm - interval {RETURN_HOURS} hour as pending_window,
       date_trunc('month', p.created_at) as month
from paths p
left join returns r using (conversation_id)
left join reopens o using (conversation_id)
cross join hwm
"""


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    row = con.execute(sql, params or []).fetchone()
    return None if row is None else row[0]


def quick_metrics(out_dir: Path | str) -> dict[str, Any]:
    """Headline metrics of the latest month, recomputed from the written files."""
    out_dir = Path(out_dir)
    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    try:
        _views(con, out_dir)
        _lexicon(con)
        con.execute(FACTS_SQL)
        month = _one(con, "select max(month) from facts")
        row = con.execute("""
            select count(*), count(*) filter (where ai_involved), count(*) filter (where deflected),
                   count(*) filter (where ai_involved and not pending_window),
                   count(*) filter (where deflected and not pending_window and not
                       (returned or follow_up or reopened or negative_end or low_csat)),
                   count(*) filter (where deflected and not pending_window)
            from facts where month = ?""", [month]).fetchone()
        n, ai, defl, judged, truly, judged_defl = row
        csat = dict(con.execute("""
            select handling_path, avg((csat_score >= 4)::int) from facts
            where month = ? and csat_score is not null group by 1""", [month]).fetchall())
        csat_n = dict(con.execute("""
            select handling_path, count(*) from facts
            where month = ? and csat_score is not null group by 1""", [month]).fetchall())
        month_end = _one(con, "select ? + interval 1 month", [month])
        categories = _one(con, """
            with scope as (
                select intent, arg_max(mode, effective_from) as mode from ai_scope_changes
                where effective_from < ? group by 1
            )
            select count(*) from (
                select f.intent from facts f join scope s on f.intent = s.intent and s.mode = 'autonomous'
                where f.month = ? and f.ai_involved group by 1 having count(*) >= ?
            )""", [month_end, month, MIN_CATEGORY_CONVERSATIONS])
        drafts = con.execute("""
            select count(*) filter (where draft_outcome = 'sent_as_is'), count(*) from ai_events
            where event_type = 'draft_suggested' and date_trunc('month', created_at) = ?""", [month]).fetchone()
        qa = con.execute("""
            select count(*) filter (where escalation_assessment in ('appropriate', 'not_applicable')), count(*)
            from qa_reviews q join facts f using (conversation_id)
            where f.ai_involved and f.month = ?""", [month]).fetchone()
        critical = _one(con, """
            select count(*) from qa_reviews q join facts f using (conversation_id)
            where f.ai_involved and q.critical_error
              and q.reviewed_at > (select max(created_at) from conv) - interval 30 day""")
        previous = con.execute("""
            select count(*) filter (where deflected) / count(*) from facts
            where month = ? - interval 1 month""", [month]).fetchone()[0]
        cost = _cost_change(con, month)
        activity = _one(con, """
            select (select count(*) from ai_events) + (select count(*) from messages where author_type = 'ai_agent')
                 + (select count(*) from ai_scope_changes where mode != 'off')""")
    finally:
        con.close()
    ai_sat = csat.get("ai_only")
    human_sat = csat.get("human_only")
    gap = None if ai_sat is None or human_sat is None else round((ai_sat - human_sat) * 100, 2)
    result: dict[str, Any] = {
        "month": str(month)[:10],
        "conversations": n,
        "ai_involved": ai,
        "deflected": defl,
        "ai_coverage_rate": ai / n if n else None,
        "deflection_rate": defl / n if n else None,
        "ai_containment_rate": defl / ai if ai else None,
        "true_resolution_rate": truly / judged if judged else None,
        "containment_quality_rate": truly / judged_defl if judged_defl else None,
        "csat_ai_only_satisfied": ai_sat,
        "csat_human_only_satisfied": human_sat,
        "csat_ai_only_responses": csat_n.get("ai_only", 0),
        "csat_human_only_responses": csat_n.get("human_only", 0),
        "csat_gap_points": gap,
        "categories_covered": categories,
        "draft_accuracy": drafts[0] / drafts[1] if drafts[1] else None,
        "escalation_accuracy": qa[0] / qa[1] if qa[1] else None,
        "critical_errors_30d": critical,
        "previous_month_deflection_rate": previous,
        "cost_per_ticket_change": cost,
        "ai_activity": bool(activity),
    }
    result["stage"] = assess_stage(result)
    return result


def _cost_change(con: duckdb.DuckDBPyConnection, month: Any) -> float | None:
    """Blended cost per ticket of `month` vs the pre-AI months (handle time x hourly cost + costs)."""
    rows = con.execute("""
        with first_ai as (
            select least(
                (select min(created_at) from messages where author_type = 'ai_agent'),
                (select min(created_at) from ai_events),
                (select min(effective_from) from ai_scope_changes where mode != 'off')) as first_at
        ),
        volume as (select month, count(*) as n from facts group by 1),
        human as (
            select date_trunc('month', s.started_at) as month,
                   sum(epoch(s.ended_at - s.started_at) / 3600 * a.hourly_cost_usd) as usd
            from agent_work_sessions s join agents a using (agent_id) group by 1
        ),
        other as (select month::timestamp as month, sum(amount_usd) as usd from support_costs group by 1)
        select v.month, v.n, coalesce(h.usd, 0) + coalesce(o.usd, 0) as usd,
               v.month < coalesce(date_trunc('month', (select first_at from first_ai)), timestamp '9999-01-01') as pre_ai
        from volume v left join human h using (month) left join other o using (month)
        order by 1""").fetchall()
    pre = [(n, usd) for m, n, usd, is_pre in rows if is_pre]
    latest = [(n, usd) for m, n, usd, _ in rows if str(m)[:10] == str(month)[:10]]
    if not pre or not latest:
        return None
    baseline = sum(u for _, u in pre) / sum(n for n, _ in pre)
    return latest[0][1] / latest[0][0] / baseline - 1


def assess_stage(m: dict[str, Any]) -> int:
    """The highest maturity stage whose criteria (and all lower stages') hold (spec/maturity.md)."""
    if not m["ai_activity"]:
        return 0
    stage = 1
    for level, deflection, gap, categories, full in STAGES[1:]:
        ok = (m["deflection_rate"] or 0) >= deflection
        ok &= gap is None or (m["csat_gap_points"] is not None and m["csat_gap_points"] >= gap)
        ok &= (m["categories_covered"] or 0) >= categories
        ok &= full is None or (m["true_resolution_rate"] or 0) >= full
        if not ok:
            break
        stage = level
    return stage
