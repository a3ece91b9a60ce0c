"""Fast: the stage-focus and next-steps sections of the report and the scorecard (issue 18), on a
hand-made warehouse holding only the columns they read.

- the scorecard's first lines (the stage panel) lead with the seed's metrics of the assessed stage
  and change with it: stage 1 leads with draft accuracy, knowledge gaps and agent acceptance,
  stage 4 with cost per ticket, CSAT by channel and segment and escalation patterns;
- the report draws the channel-shift chart with the displacement verdict, the intent Pareto with
  the head against the tail, and the ranked expansion candidates with each check's sample size;
- without candidates the evidence of the current scope is shown; excluded intents are named.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from rich.console import Console

from supportmetrics.report import build_sections
from supportmetrics.scorecard import _current_stage, _next_steps
from supportmetrics.warehouse import connect

LEADS = Path(__file__).resolve().parents[2] / "seeds" / "stage_lead_metrics.csv"


def _make(path: Path, stage: int, *, candidates: bool = True) -> Path:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("create schema reference")
    con.execute(f"create table reference.stage_lead_metrics as select * from read_csv_auto('{LEADS}')")
    con.execute(f"""
        create table marts.fct_stage_assessment as select * from (values
            ('month', date '2026-09-01', date '2026-10-01', 'overall', 'all', {stage}, 'Stage name', true, true, false,
             30, null::varchar, null::varchar, {stage} + 1, 'Next', false, 0, 1)
        ) as t(period_type, period_start, period_end, slice_dimension, slice_value, assessed_stage, assessed_stage_name,
               is_complete, is_latest_complete_month, is_latest_trailing, period_days, roi_band_label, roi_source,
               next_stage, next_stage_name, is_next_gate_passed, next_gate_checks_passed, next_gate_checks)
    """)
    con.execute("""
        create table marts.fct_stage_metric_values as select * from (values
            ('month', date '2026-09-01', 'overall', 'all', 'draft_accuracy', 'fraction', 0.875, 400, 30, 0.84, 0.90, null),
            ('month', date '2026-09-01', 'overall', 'all', 'cost_per_ticket_change_rate', 'fraction', -0.31, null, null, null, null, null)
        ) as t(period_type, period_start, slice_dimension, slice_value, metric, unit, metric_value, n, min_n,
               interval_lower, interval_upper, missing_reason)
    """)
    con.execute("""
        create table marts.fct_knowledge_gaps as select * from (values ('billing#1', 'billing', true), ('billing#2', 'billing', false))
            as t(gap_id, intent, is_open)
    """)
    con.execute("""
        create table marts.fct_agent_draft_assistance as select * from (values
            ('month', date '2026-09-01', 'overall', 'all', 0.935, 400)
        ) as t(period_grain, period_start, slice_dimension, slice_value, draft_match_rate, drafts_suggested)
    """)
    con.execute("""
        create table marts.fct_csat_gap as select * from (values
            ('month', date '2026-09-01', 'channel', 'chat', 0.8, 50, 0.75, 40)
        ) as t(period_grain, period_start, slice_dimension, slice_value, ai_involved_satisfied_rate,
               ai_involved_responses, human_only_satisfied_rate, human_only_responses)
    """)
    con.execute("""
        create table marts.fct_account_ai_experience as select * from (values ('SMB', 30, 40), ('Enterprise', 9, 10))
            as t(account_segment, ai_csat_satisfied_responses, ai_csat_responses)
    """)
    con.execute("""
        create table marts.fct_handoff_performance as select * from (values
            ('month', date '2026-09-01', 'trigger', 'low_confidence', 30), ('month', date '2026-09-01', 'trigger', 'customer_request', 10)
        ) as t(period_grain, period_start, slice_dimension, slice_value, handoffs)
    """)
    con.execute("""
        create table marts.fct_channel_volume as select * from (values
            (date '2026-08-01', 'chat', 'all', 500, 0.5, 0.6, -10.0, 0.4, true, true, 'month'),
            (date '2026-08-01', 'email', 'all', 500, 0.5, 0.4, 10.0, 0.0, true, true, 'month'),
            (date '2026-09-01', 'chat', 'all', 450, 0.45, 0.6, -15.0, 0.5, true, true, 'month'),
            (date '2026-09-01', 'email', 'all', 550, 0.55, 0.4, 15.0, 0.0, true, true, 'month')
        ) as t(period_start, channel, intent, conversations, volume_share, baseline_volume_share, share_change_points,
               ai_involved_share, is_complete, is_post_ai_period, period_grain)
    """)
    con.execute("""
        create table marts.fct_channel_displacement as select * from (values
            ('month', date '2026-09-01', 'email', true, true, 'fail', 'fail: AI deflection up while email volume share rises beyond noise',
             550, 100, 15.0, 11.2, 18.8, 0.2)
        ) as t(period_grain, period_start, channel, is_human_only_channel, is_complete, verdict, verdict_text, n, min_n,
               share_change_points, share_change_lower_points, share_change_upper_points, per_customer_change)
    """)
    con.execute("""
        create table marts.fct_intent_pareto as select * from (values
            ('billing', 1, 0.6, 0.6, true, 0.7, date '2026-06-03', date '2026-08-31', 90, 1000),
            ('refund', 2, 0.3, 0.9, false, 0.7, date '2026-06-03', date '2026-08-31', 90, 1000),
            ('login', 3, 0.1, 1.0, false, 0.7, date '2026-06-03', date '2026-08-31', 90, 1000)
        ) as t(intent, volume_rank, volume_share, cumulative_share, is_head, head_share_target, window_start, window_end,
               window_days, window_conversations)
    """)
    con.execute("""
        create table marts.rpt_intent_concentration as select * from (values
            ('head', 1, 600, 0.5, 0.46, 0.54, 0.8, 250, null, '1 of 3 intents make up 60.0% of the volume'),
            ('tail', 2, 400, 0.0, 0.0, 0.01, null, 0, 'no_ai_involved_conversations', null),
            ('all', 3, 1000, 0.3, 0.27, 0.33, 0.8, 250, null, null)
        ) as t(intent_group, intents, conversations, ai_coverage_rate, ai_coverage_lower, ai_coverage_upper,
               true_resolution_rate, judged_ai_involved_conversations, true_resolution_missing_reason, summary)
    """)
    con.execute("""
        create table marts.fct_expansion_evidence as select * from (values
            ('billing', 'autonomous', true, false, null, 1, 0.6, 0.0::double, 0, 0.93, 120, 0.95, 80, 0, 3),
            ('security_concern', 'shadow', false, true, 'security: stays with humans', 4, 0.01, 0.99, 90, null, 0, null, 0, 0, 0),
            ('refund', 'draft_assist', false, false, null, 2, 0.3, 0.91, 150, null, 0, null, 0, 0, 2)
        ) as t(intent, current_ai_mode, is_autonomous, is_excluded, exclusion_reason, volume_rank, volume_share,
               draft_acceptance_rate, drafts, qa_accuracy_rate, scored_ai_reviews, escalation_accuracy,
               reviewed_ai_conversations, open_knowledge_gaps, live_kb_articles)
    """)
    con.execute(f"""
        create table marts.rpt_expansion_candidates as select * from (values
            (1, 'refund', 'draft_assist', 'ready', true, 'ready: drafts clear the gate threshold and no check fails',
             0.3, 0.91, 150, null::double, 0, null::double, 0, 0, 2, 18.0, 42.5)
        ) as t(candidate_rank, intent, current_ai_mode, readiness, is_recommended_now, readiness_reason, volume_share,
               draft_acceptance_rate, drafts, qa_accuracy_rate, scored_ai_reviews, escalation_accuracy,
               reviewed_ai_conversations, open_knowledge_gaps, live_kb_articles, projected_deflection_points,
               projected_capacity_hours_per_month)
        where {str(candidates).lower()}
    """)
    con.close()
    return path


def _first_lines(path: Path) -> list[str]:
    console = Console(record=True, width=200)
    con = connect(path, read_only=True)
    try:
        _current_stage(con, console)
    finally:
        con.close()
    return console.export_text().splitlines()


def test_scorecard_first_lines_change_with_the_stage(tmp_path: Path) -> None:
    stage_1 = _first_lines(_make(tmp_path / "s1.duckdb", 1))
    stage_4 = _first_lines(_make(tmp_path / "s4.duckdb", 4))
    text_1, text_4 = "\n".join(stage_1[:7]), "\n".join(stage_4[:7])
    assert "What stage 1 watches first" in text_1
    assert "draft accuracy (drafts sent as is): 87.5%" in text_1 and "n = 400" in text_1
    assert "open knowledge gaps: 1" in text_1 and "agent acceptance (drafts sent as is or edited): 93.5%" in text_1
    assert "What stage 4 watches first" in text_4
    assert "blended cost per ticket vs pre-AI: -31.0%" in text_4
    assert "CSAT by channel and segment" in text_4 and "escalation patterns (handoff triggers): 40 handoffs" in text_4
    assert "draft accuracy" not in text_4 and "blended cost" not in text_1


def test_scorecard_next_steps_lines(tmp_path: Path) -> None:
    console = Console(record=True, width=220)
    con = connect(_make(tmp_path / "w.duckdb", 2), read_only=True)
    try:
        _next_steps(con, console)
    finally:
        con.close()
    text = console.export_text()
    assert "human-only email: fail: AI deflection up while email volume share rises beyond noise" in text
    assert "1 of 3 intents make up 60.0% of the volume" in text
    assert "refund" in text and "91.0% (150)" in text and "+18.0 pts" in text


def test_report_draws_the_three_next_steps_sections_with_sample_sizes(tmp_path: Path) -> None:
    con = connect(_make(tmp_path / "w.duckdb", 1), read_only=True)
    try:
        sections = {s.key: s for s in build_sections(con)}
    finally:
        con.close()
    for key in ("focus", "channel_shift", "intent_pareto", "expansion"):
        assert sections[key].unavailable is None, (key, sections[key].unavailable)
        assert len(sections[key].figures) == 1, key
    assert sections["focus"].title.startswith("Stage 1 (Stage name)")
    assert any("n = 550, needs 100" in note for note in sections["channel_shift"].notes)
    assert any("1 of 3 intents" in note for note in sections["intent_pareto"].notes)
    assert any("Tail (2 intents)" in note and "no_ai_involved_conversations" in note
               for note in sections["intent_pareto"].notes)
    candidates = sections["expansion"].figures[0].data[0].cells.values
    assert list(candidates[1]) == ["refund"] and list(candidates[4]) == ["91.0% (150)"]
    assert any("Never recommended: security_concern" in note for note in sections["expansion"].notes)


def test_report_without_candidates_shows_the_current_scope(tmp_path: Path) -> None:
    con = connect(_make(tmp_path / "w.duckdb", 3, candidates=False), read_only=True)
    try:
        expansion = {s.key: s for s in build_sections(con)}["expansion"]
    finally:
        con.close()
    assert expansion.unavailable is None
    assert any(note.startswith("No candidate left") for note in expansion.notes)
    intents = list(expansion.figures[0].data[0].cells.values[0])
    assert intents == ["billing", "refund"]  # the excluded intent is not part of the scope list


@pytest.mark.parametrize("missing", ["fct_channel_displacement", "rpt_expansion_candidates"])
def test_missing_next_steps_marts_say_why(tmp_path: Path, missing: str) -> None:
    path = _make(tmp_path / "w.duckdb", 2)
    con = duckdb.connect(str(path))
    con.execute(f"drop table marts.{missing}")
    con.close()
    con = connect(path, read_only=True)
    try:
        sections = {s.key: s for s in build_sections(con)}
    finally:
        con.close()
    key = "channel_shift" if missing == "fct_channel_displacement" else "expansion"
    assert sections[key].unavailable == f"marts.{missing} is missing (build the project: supportmetrics build)"
    assert sections[key].figures == []
