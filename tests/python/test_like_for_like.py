"""The like-for-like marts recomputed independently in pandas from int_conversation_facts, on the
session's generated helpdesk (stage3 preset, the whole project built; shared with test_trust).

Direct standardisation (docs/decision-methods.md): per intent, AI-only vs human-only % satisfied,
weighted by the AI stream's intent mix; the interval's variance uses Agresti-Caffo adjusted rates.
First response: per intent, mean AI-involved first response vs the mean of the pre-AI baseline's
human-only conversations, weighted the same way.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any, Callable

import pandas as pd
import pytest
from conftest import BuiltWarehouse

pytestmark = pytest.mark.slow

Z = 1.96  # var interval_z
TRAILING_DAYS = 30  # var assessment_trailing_days


@pytest.fixture(scope="module")
def full_build(generated_raw: Any, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return warehouse_builder("generated", generated_raw.raw_dir, select=None, tests=False)


def _frame(built: BuiltWarehouse, sql: str) -> pd.DataFrame:
    con = built.connect()
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def _csat_like_for_like(responses: pd.DataFrame) -> dict[str, float]:
    per = responses.groupby(["intent_label", "handling_path"])["is_csat_satisfied"].agg(["sum", "count"]).unstack(
        fill_value=0)
    s_ai, n_ai = per[("sum", "ai_only")], per[("count", "ai_only")]
    s_h, n_h = per[("sum", "human_only")], per[("count", "human_only")]
    compared = (n_ai > 0) & (n_h >= 1)
    w = n_ai[compared] / n_ai[compared].sum()
    p_ai, p_h = s_ai[compared] / n_ai[compared], s_h[compared] / n_h[compared]
    q_ai, q_h = (s_ai[compared] + 1) / (n_ai[compared] + 2), (s_h[compared] + 1) / (n_h[compared] + 2)
    gap = float((w * (p_ai - p_h)).sum())
    variance = float((w**2 * (q_ai * (1 - q_ai) / (n_ai[compared] + 2) + q_h * (1 - q_h) / (n_h[compared] + 2))).sum())
    return {
        "raw_csat_gap_points": 100 * (s_ai.sum() / n_ai.sum() - s_h.sum() / n_h.sum()),
        "like_for_like_csat_gap_points": 100 * gap,
        "like_for_like_csat_gap_lower_points": 100 * (gap - Z * math.sqrt(variance)),
        "like_for_like_csat_gap_upper_points": 100 * (gap + Z * math.sqrt(variance)),
        "intents_without_human_baseline": int(((n_ai > 0) & ~compared).sum()),
        "ai_responses_without_baseline": int(n_ai[~compared].sum()),
    }


def test_csat_gap_like_for_like_matches_an_independent_computation(full_build: BuiltWarehouse) -> None:
    facts = _frame(full_build, """
        select created_date, intent_label, handling_path, is_csat_satisfied, high_water_mark_at
        from intermediate.int_conversation_facts
        where csat_score is not null and handling_path in ('ai_only', 'human_only')
    """)
    mart = _frame(full_build, "select * from marts.fct_csat_gap_like_for_like")
    mart = mart.assign(period_start=pd.to_datetime(mart["period_start"])).set_index(["period_grain", "period_start"])
    last = pd.Timestamp(full_build.query("select cast(max(high_water_mark_at) as date) from intermediate.int_conversation_facts")[0][0])
    facts["created_date"] = pd.to_datetime(facts["created_date"])
    windows = {("trailing", last - timedelta(days=TRAILING_DAYS - 1)): facts[
        facts["created_date"] > last - timedelta(days=TRAILING_DAYS)]}
    for month, rows in facts.groupby(facts["created_date"].dt.to_period("M")):
        if (rows["handling_path"] == "ai_only").any() and (rows["handling_path"] == "human_only").any():
            windows[("month", month.start_time)] = rows
    assert len(windows) >= 3
    for (grain, start), rows in windows.items():
        expected = _csat_like_for_like(rows)
        actual = mart.loc[(grain, pd.Timestamp(start))]
        for column, value in expected.items():
            assert actual[column] == pytest.approx(value, rel=1e-9, abs=1e-9), (grain, start, column)


def test_like_for_like_gap_differs_from_the_raw_gap_when_the_mix_differs(full_build: BuiltWarehouse) -> None:
    """The AI takes the easier intents: its intent mix differs from the human stream's, and the
    standardised gap moves away from the raw one (the trailing assessment window)."""
    mix = _frame(full_build, """
        select intent_label, handling_path, count(*) as responses
        from intermediate.int_conversation_facts
        where csat_score is not null and handling_path in ('ai_only', 'human_only')
        group by 1, 2
    """).pivot(index="intent_label", columns="handling_path", values="responses").fillna(0)
    shares = mix / mix.sum()
    assert 0.5 * (shares["ai_only"] - shares["human_only"]).abs().sum() > 0.1
    raw, like_for_like, lower, upper = full_build.query("""
        select raw_csat_gap_points, like_for_like_csat_gap_points,
            like_for_like_csat_gap_lower_points, like_for_like_csat_gap_upper_points
        from marts.fct_csat_gap_like_for_like where period_grain = 'trailing'
    """)[0]
    assert abs(raw - like_for_like) > 1
    assert lower < like_for_like < upper


def test_first_response_like_for_like_matches_an_independent_computation(full_build: BuiltWarehouse) -> None:
    facts = _frame(full_build, """
        select
            date_trunc('month', created_date) as month, intent_label, handling_path, is_ai_involved,
            date_diff('second', coalesce(first_customer_message_at, created_at), first_response_at) as seconds
        from intermediate.int_conversation_facts
    """).dropna(subset=["seconds"])
    start, end = full_build.query(
        "select baseline_start_month, baseline_end_month from intermediate.int_ai_rollout_baseline")[0]
    months = pd.to_datetime(facts["month"])
    baseline = facts[(facts["handling_path"] == "human_only") & (months >= pd.Timestamp(start)) & (months < pd.Timestamp(end))]
    base = baseline.groupby("intent_label")["seconds"].agg(["count", "mean", "std"])
    mart = _frame(full_build, "select * from marts.fct_first_response_like_for_like")
    mart = mart.assign(period_start=pd.to_datetime(mart["period_start"])).set_index("period_start")
    checked = 0
    for month, rows in facts[facts["is_ai_involved"]].groupby("month"):
        ai = rows.groupby("intent_label")["seconds"].agg(["count", "mean", "std"])
        both = ai.join(base, rsuffix="_b", how="inner")
        both = both[(both["count"] >= 2) & (both["count_b"] >= 2)]
        if both.empty:
            continue
        w = both["count"] / both["count"].sum()
        change = float((w * (both["mean"] - both["mean_b"])).sum())
        variance = float((w**2 * (both["std"] ** 2 / both["count"] + both["std_b"] ** 2 / both["count_b"])).sum())
        baseline_mean = float((w * both["mean_b"]).sum())
        actual = mart.loc[pd.Timestamp(month)]
        assert actual["compared_intents"] == len(both)
        assert actual["like_for_like_first_response_change_seconds"] == pytest.approx(change, rel=1e-9)
        assert actual["like_for_like_first_response_change_lower_seconds"] == pytest.approx(
            change - Z * math.sqrt(variance), rel=1e-9)
        assert actual["like_for_like_first_response_improvement_rate"] == pytest.approx(-change / baseline_mean, rel=1e-9)
        checked += 1
    assert checked >= 2


# --- the stage criterion reads the like-for-like gap, per slice ------------------------------------


def test_stage_csat_criterion_and_gate_follow_the_like_for_like_gap(full_build: BuiltWarehouse) -> None:
    """The stage CSAT criterion and the 2->3 gate (whole helpdesk) carry the like-for-like gap of
    fct_csat_gap_like_for_like with its interval, not the raw gap, which stays beside it in
    fct_stage_metric_values."""
    rows = _frame(full_build, """
        select c.period_type, c.period_start, c.check_type, c.metric_value, c.interval_lower, c.interval_upper, c.n,
            l.like_for_like_csat_gap_points, l.like_for_like_csat_gap_lower_points, l.like_for_like_csat_gap_upper_points,
            least(l.compared_ai_only_responses, l.compared_human_only_responses) as compared_n,
            l.raw_csat_gap_points, raw.metric_value as raw_metric_value
        from marts.fct_stage_criteria_checks as c
        inner join marts.fct_csat_gap_like_for_like as l
            on c.period_type = l.period_grain and c.period_start = l.period_start
        inner join marts.fct_stage_metric_values as raw
            on c.period_type = raw.period_type and c.period_start = raw.period_start
                and raw.slice_dimension = 'overall' and raw.metric = 'csat_gap_points'
        inner join marts.dim_stage_assessment_periods as p
            on c.period_type = p.period_type and c.period_start = p.period_start
        where c.slice_dimension = 'overall' and c.metric = 'csat_gap_like_for_like_points'
            and (c.period_type = 'month' or p.is_latest_trailing)
    """).dropna(subset=["like_for_like_csat_gap_points"])
    assert {"stage_criterion", "gate"} <= set(rows["check_type"])
    assert (rows["period_type"] == "trailing").any() and (rows["period_type"] == "month").sum() >= 3
    for row in rows.itertuples():
        assert row.metric_value == pytest.approx(row.like_for_like_csat_gap_points, rel=1e-9, abs=1e-9)
        assert row.interval_lower == pytest.approx(row.like_for_like_csat_gap_lower_points, rel=1e-9, abs=1e-9)
        assert row.interval_upper == pytest.approx(row.like_for_like_csat_gap_upper_points, rel=1e-9, abs=1e-9)
        assert row.n == row.compared_n
        assert row.raw_metric_value == pytest.approx(row.raw_csat_gap_points, rel=1e-9, abs=1e-9)
    # the generated AI takes the easier intents: somewhere the criterion and the raw gap disagree
    assert ((rows["metric_value"] - rows["raw_metric_value"]).abs() > 1).any()


def test_like_for_like_gap_per_channel_matches_an_independent_computation(full_build: BuiltWarehouse) -> None:
    """Per channel slice the gap is standardised from that channel's own per-intent counts (the
    additive counts of int_stage_daily_counts), recomputed here from int_conversation_facts."""
    facts = _frame(full_build, """
        select created_date, channel, intent_label, handling_path, is_csat_satisfied
        from intermediate.int_conversation_facts
        where csat_score is not null and handling_path in ('ai_only', 'human_only') and channel is not null
    """)
    values = _frame(full_build, """
        select period_start, slice_value, metric_value from marts.fct_stage_metric_values
        where period_type = 'month' and slice_dimension = 'channel' and metric = 'csat_gap_like_for_like_points'
            and metric_value is not null
    """)
    facts["month"] = pd.to_datetime(facts["created_date"]).dt.to_period("M").dt.start_time
    checked = 0
    for row in values.itertuples():
        rows = facts[(facts["month"] == pd.Timestamp(row.period_start)) & (facts["channel"] == row.slice_value)]
        expected = _csat_like_for_like(rows)["like_for_like_csat_gap_points"]
        assert row.metric_value == pytest.approx(expected, rel=1e-9, abs=1e-9), (row.period_start, row.slice_value)
        checked += 1
    assert checked >= 3
