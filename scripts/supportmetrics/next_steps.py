"""What to do next (issue 18): reads the next_steps marts for the scorecard and the report.

- `stage_lead_metrics`: the metrics the current stage leads with (seed reference.stage_lead_metrics),
  each with its value, sample size or the reason it is missing;
- `channel_shift`, `intent_pareto`, `intent_concentration`, `expansion_candidates`: rows of
  fct_channel_volume / fct_channel_displacement, fct_intent_pareto, rpt_intent_concentration and
  rpt_expansion_candidates / fct_expansion_evidence.

Only reads (a read-only DuckDB connection); no metric is computed here beyond formatting and
summing the additive counts of a mart. A relation that is missing raises NotBuilt with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb

from supportmetrics.formatting import fmt_pct, fmt_value

MARTS = "marts"
REFERENCE = "reference"
Row = dict[str, Any]


class NotBuilt(Exception):
    """A mart or seed the caller needs is missing; the message says which."""


@dataclass(frozen=True)
class LeadMetric:
    """One line the scorecard / report leads with: label, formatted value, detail (n, interval or why missing)."""

    metric: str
    label: str
    value: str
    detail: str


def exists(con: duckdb.DuckDBPyConnection, name: str, schema: str = MARTS) -> bool:
    query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return bool(con.execute(query, [schema, name]).fetchone()[0])  # type: ignore[index]


def rows(con: duckdb.DuckDBPyConnection, name: str, sql: str, params: list[Any] | None = None,
         schema: str = MARTS) -> list[Row]:
    """Rows of `sql` over `schema.name`; NotBuilt when the relation is missing."""
    if not exists(con, name, schema):
        raise NotBuilt(f"{schema}.{name} is missing (build the project: supportmetrics build)")
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, values)) for values in cursor.fetchall()]



# --- stage-specific lead metrics --------------------------------------------------------------------


def lead_metric_names(con: duckdb.DuckDBPyConnection, stage: int) -> list[tuple[str, str]]:
    """(metric, label) the seed names for `stage`, in order."""
    return [(r["metric"], r["label"]) for r in rows(
        con, "stage_lead_metrics",
        "select metric, label from reference.stage_lead_metrics where stage = ? order by lead_order",
        [stage], schema=REFERENCE)]


def _stage_metric(con: duckdb.DuckDBPyConnection, metric: str, label: str, month: date) -> LeadMetric:
    found = rows(con, "fct_stage_metric_values", """
        select metric_value, unit, n, min_n, interval_lower, interval_upper, missing_reason
        from marts.fct_stage_metric_values
        where period_type = 'month' and period_start = ? and slice_dimension = 'overall' and metric = ?
        """, [month, metric])
    if not found:
        return LeadMetric(metric, label, "n/a", "not a metric of fct_stage_metric_values")
    r = found[0]
    if r["metric_value"] is None:
        return LeadMetric(metric, label, "n/a", f"missing: {r['missing_reason'] or 'no value'}")
    detail = []
    if r["interval_lower"] is not None and r["interval_upper"] is not None:
        detail.append(f"95%: {fmt_value(r['interval_lower'], r['unit'])} to {fmt_value(r['interval_upper'], r['unit'])}")
    if r["n"] is not None:
        short = r["min_n"] is not None and r["n"] < r["min_n"]
        detail.append(f"n = {int(r['n']):,}" + (f", needs {r['min_n']}: insufficient data" if short else ""))
    return LeadMetric(metric, label, fmt_value(r["metric_value"], r["unit"]), "; ".join(detail))


def _open_knowledge_gaps(con: duckdb.DuckDBPyConnection, label: str) -> LeadMetric:
    r = rows(con, "fct_knowledge_gaps", """
        select count(*) as gaps, count(case when is_open then 1 end) as open_gaps from marts.fct_knowledge_gaps
        """)[0]
    return LeadMetric("open_knowledge_gaps", label, f"{r['open_gaps']:,}", f"of {r['gaps']:,} gaps seen")


def _csat_by_channel_and_segment(con: duckdb.DuckDBPyConnection, label: str, month: date) -> LeadMetric:
    channels = rows(con, "fct_csat_gap", """
        select slice_value, ai_involved_satisfied_rate, ai_involved_responses, human_only_satisfied_rate,
               human_only_responses
        from marts.fct_csat_gap
        where period_grain = 'month' and period_start = ? and slice_dimension = 'channel'
        order by ai_involved_responses + human_only_responses desc, slice_value
        """, [month])
    by_channel = ", ".join(
        f"{r['slice_value']} AI {fmt_pct(r['ai_involved_satisfied_rate'])} (n = {r['ai_involved_responses'] or 0})"
        f" / human {fmt_pct(r['human_only_satisfied_rate'])} (n = {r['human_only_responses'] or 0})"
        for r in channels) or "no CSAT responses this month"
    segment_text = "by segment: fct_account_ai_experience is missing"
    if exists(con, "fct_account_ai_experience"):
        segments = rows(con, "fct_account_ai_experience", """
            select account_segment, sum(ai_csat_satisfied_responses) as satisfied, sum(ai_csat_responses) as responses
            from marts.fct_account_ai_experience group by 1 order by 1
            """)
        segment_text = "AI CSAT by segment (whole history): " + (", ".join(
            f"{r['account_segment']} {fmt_pct(r['satisfied'] / r['responses'] if r['responses'] else None)}"
            f" (n = {int(r['responses'] or 0)})" for r in segments) or "no accounts")
    return LeadMetric("csat_by_channel_and_segment", label, f"{len(channels)} channel(s)",
                      f"{by_channel}; {segment_text}")


def _escalation_patterns(con: duckdb.DuckDBPyConnection, label: str, month: date) -> LeadMetric:
    triggers = rows(con, "fct_handoff_performance", """
        select slice_value, handoffs from marts.fct_handoff_performance
        where period_grain = 'month' and period_start = ? and slice_dimension = 'trigger'
        order by handoffs desc, slice_value
        """, [month])
    total = sum(int(r["handoffs"] or 0) for r in triggers)
    if not total:
        return LeadMetric("escalation_patterns", label, "n/a", "missing: no handoffs this month")
    top = ", ".join(f"{r['slice_value']} {100 * int(r['handoffs']) / total:.0f}%" for r in triggers[:3])
    return LeadMetric("escalation_patterns", label, f"{total:,} handoffs", f"top triggers: {top}")


def _draft_match_rate(con: duckdb.DuckDBPyConnection, label: str, month: date) -> LeadMetric:
    found = rows(con, "fct_agent_draft_assistance", """
        select draft_match_rate, drafts_suggested from marts.fct_agent_draft_assistance
        where period_grain = 'month' and period_start = ? and slice_dimension = 'overall'
        """, [month])
    if not found or found[0]["draft_match_rate"] is None:
        return LeadMetric("draft_match_rate", label, "n/a", "missing: no_drafts")
    return LeadMetric("draft_match_rate", label, fmt_pct(found[0]["draft_match_rate"]),
                      f"n = {int(found[0]['drafts_suggested']):,} drafts")


def stage_lead_metrics(con: duckdb.DuckDBPyConnection, stage: int, month: date) -> list[LeadMetric]:
    """The lead lines of `stage` for the whole helpdesk in `month`; a metric whose mart is missing
    says so in its detail."""
    leads = []
    for metric, label in lead_metric_names(con, stage):
        try:
            if metric == "draft_match_rate":
                leads.append(_draft_match_rate(con, label, month))
            elif metric == "open_knowledge_gaps":
                leads.append(_open_knowledge_gaps(con, label))
            elif metric == "csat_by_channel_and_segment":
                leads.append(_csat_by_channel_and_segment(con, label, month))
            elif metric == "escalation_patterns":
                leads.append(_escalation_patterns(con, label, month))
            else:
                leads.append(_stage_metric(con, metric, label, month))
        except NotBuilt as exc:
            leads.append(LeadMetric(metric, label, "n/a", f"missing: {exc}"))
    return leads


# --- channel shift, intent concentration, expansion candidates ---------------------------------------


def channel_shift(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """Monthly volume share per channel with the pre-AI baseline share (fct_channel_volume)."""
    return rows(con, "fct_channel_volume", """
        select period_start, channel, conversations, volume_share, baseline_volume_share, share_change_points,
               ai_involved_share, is_complete, is_post_ai_period
        from marts.fct_channel_volume
        where period_grain = 'month' and intent = 'all'
        order by period_start, channel
        """)


def displacement_verdicts(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The latest complete month's verdicts of the human-only channels (fct_channel_displacement)."""
    return rows(con, "fct_channel_displacement", """
        select period_start, channel, verdict, verdict_text, n, min_n, share_change_points,
               share_change_lower_points, share_change_upper_points, per_customer_change
        from marts.fct_channel_displacement
        where period_grain = 'month' and is_human_only_channel
            and period_start = (select max(period_start) from marts.fct_channel_displacement
                                where period_grain = 'month' and is_complete)
        order by channel
        """)


def intent_pareto(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(con, "fct_intent_pareto", "select * from marts.fct_intent_pareto order by volume_rank")


def intent_concentration(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(con, "rpt_intent_concentration", """
        select * from marts.rpt_intent_concentration
        order by case intent_group when 'head' then 1 when 'tail' then 2 else 3 end
        """)


def expansion_candidates(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[Row]:
    return rows(con, "rpt_expansion_candidates",
                "select * from marts.rpt_expansion_candidates order by candidate_rank limit ?", [limit])


def current_scope_evidence(con: duckdb.DuckDBPyConnection) -> list[Row]:
    """The evidence of every intent (fct_expansion_evidence), autonomous ones included: what the report
    shows when no candidate is left."""
    return rows(con, "fct_expansion_evidence", """
        select * from marts.fct_expansion_evidence order by volume_rank nulls last, intent
        """)
