"""The four-week pilot scorecard on generated data, with a pilot start date set.

The default build leaves var pilot_start_date null, so the pilot marts are empty there. Here a
small stage-3 helpdesk is generated, the pilot starts on the Monday after the data's first AI
response (the first full week in which the AI answers customers or drafts for agents: the
rollout's shadow weeks before it only classify intents, so there is no response to measure),
and only what the pilot marts need is built
(`+rpt_pilot_scorecard +rpt_pilot_decision`) with that date, then the pilot models' own data tests
run with it. Checks: four 7-day weeks from the start date, each with values; each week's
conversation count equals a count made here straight from the raw Parquet files; the decision is
insufficient_data when week-4 response accuracy rests on fewer than var pilot_min_week_4_accuracy_n
reviews (saying the n it has and needs), else scale, adjust or overhaul, and its rule agrees with
the week-4 response accuracy against the thresholds of seeds/pilot_targets.csv.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from conftest import ROOT, WAREHOUSE_FILE, BuiltWarehouse, dbt_build_env, load_into, run_dbt

pytestmark = pytest.mark.slow

PROFILE = "stage3"
CONVERSATIONS = 2000
MONTHS = 6  # May-July pre-AI baseline, August shadow, AI answering from early September
PILOT_MARTS = ("+rpt_pilot_scorecard", "+rpt_pilot_decision")
PILOT_MODELS = ("fct_pilot_weekly_metrics", "rpt_pilot_scorecard", "rpt_pilot_decision")
# The scorecard rows with a target in the seed, plus the decision's CSAT input: each must have a
# value in every week of a stage-3 pilot.
VALUED_METRICS = (
    "automated_resolution_rate",
    "response_accuracy",
    "aht_reduction_rate",
    "csat_ai_vs_human_points",
    "escalation_rate",
    "routing_accuracy",
    "draft_match_rate",
    "csat_satisfied_rate",
    "deflection_rate",
)
DECISION_THRESHOLDS = (
    "scale_min_response_accuracy",
    "adjust_min_response_accuracy",
    "overhaul_min_csat_ai_vs_human_points",
    "csat_steady_min_change_points",
)


def _parquet(raw_dir: Path, table: str) -> str:
    return f"read_parquet('{raw_dir / table}/*.parquet')"


def _rows(built: BuiltWarehouse, sql: str) -> list[dict[str, Any]]:
    con = built.connect()
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]
    finally:
        con.close()


def _first_full_ai_week(raw_dir: Path) -> date:
    """The Monday after the raw data's first AI answer or draft: the first full week of AI responses."""
    con = duckdb.connect()
    try:
        first_ai = con.execute(
            f"select min(created_at) from {_parquet(raw_dir, 'ai_events')}"
            " where event_type in ('answer_sent', 'draft_suggested')"
        ).fetchone()[0]
    finally:
        con.close()
    assert first_ai is not None, "the generated data has no AI response"
    first_day = first_ai.date()
    return first_day + timedelta(days=7 - first_day.weekday())


def _pct(value: float) -> str:
    """The decision rule's percent format: 100 x value, one decimal (numeric rounding)."""
    scaled = Decimal(repr(100 * value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return f"{scaled.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


@pytest.fixture(scope="module")
def pilot(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuiltWarehouse, date]:
    """The generated helpdesk loaded and built through the pilot marts with a pilot start date."""
    from supportmetrics.generator import generate

    raw_dir = tmp_path_factory.mktemp("pilot_raw") / "raw"
    manifest = generate(raw_dir, profile=PROFILE, conversations=CONVERSATIONS, months=MONTHS, progress=False)
    start = _first_full_ai_week(raw_dir)
    assert start + timedelta(days=28) <= date.fromisoformat(manifest["end"]), (
        f"the pilot ({start} + 28 days) does not fit before the data's end {manifest['end']}"
    )

    work = tmp_path_factory.mktemp("wh_pilot")
    built = BuiltWarehouse(name="pilot", raw_dir=raw_dir, work_dir=work, env=dbt_build_env(work))
    built.load_results = load_into(raw_dir, work / WAREHOUSE_FILE)
    pilot_vars = f"{{pilot_start_date: '{start.isoformat()}'}}"
    built.dbt_output = run_dbt(
        ["build", "--quiet", "--select", *PILOT_MARTS, "--exclude", "resource_type:test", "resource_type:unit_test",
         "--vars", pilot_vars],
        built.env, cwd=work,
    ).stdout
    # the pilot models' data tests, which the default build (no pilot date) runs on empty tables
    run_dbt(["test", "--quiet", "--select", *PILOT_MODELS, "--exclude", "resource_type:unit_test",
             "--vars", pilot_vars], built.env, cwd=work)
    return built, start


def test_four_weeks_from_the_start_date_with_values(pilot: tuple[BuiltWarehouse, date]) -> None:
    built, start = pilot
    weeks = _rows(built, """
        select pilot_week, week_start, week_end, is_complete_week, count(*) as metrics
        from marts.fct_pilot_weekly_metrics
        group by 1, 2, 3, 4
        order by 1
    """)
    assert [w["pilot_week"] for w in weeks] == [1, 2, 3, 4]
    assert len({w["metrics"] for w in weeks}) == 1, weeks  # every metric in every week
    for week in weeks:
        offset = 7 * (week["pilot_week"] - 1)
        assert week["week_start"] == start + timedelta(days=offset), week
        assert week["week_end"] == start + timedelta(days=offset + 7), week
        assert week["is_complete_week"], week

    scorecard = {row["metric"]: row for row in _rows(built, "select * from marts.rpt_pilot_scorecard")}
    assert set(VALUED_METRICS) <= set(scorecard), sorted(scorecard)
    missing = [
        f"{metric} week {n}: {scorecard[metric][f'week_{n}_missing_reason']}"
        for metric in VALUED_METRICS
        for n in (1, 2, 3, 4)
        if scorecard[metric][f"week_{n}_value"] is None
    ]
    assert not missing, missing
    for metric in VALUED_METRICS:
        row = scorecard[metric]
        assert row["is_pilot_complete"], metric
        assert row["week_1_start"] == start, metric
        if row["target_min"] is not None or row["target_max"] is not None:
            assert row["is_week_1_on_target"] is not None and row["is_week_4_on_target"] is not None, metric


def test_weekly_conversations_match_the_raw_files(pilot: tuple[BuiltWarehouse, date]) -> None:
    built, start = pilot
    in_mart = {
        row["pilot_week"]: row["conversations"]
        for row in _rows(built, """
            select pilot_week, cast(denominator as bigint) as conversations
            from marts.fct_pilot_weekly_metrics
            where metric = 'deflection_rate'
        """)
    }
    con = duckdb.connect()
    try:
        in_raw = {}
        for week in (1, 2, 3, 4):
            week_start = datetime.combine(start + timedelta(days=7 * (week - 1)), datetime.min.time())
            week_end = week_start + timedelta(days=7)
            # raw rows carry duplicates and superseded versions: count conversations, not rows
            in_raw[week] = con.execute(
                f"select count(distinct conversation_id) from {_parquet(built.raw_dir, 'conversations')}"
                " where created_at >= ? and created_at < ?",
                [week_start, week_end],
            ).fetchone()[0]
    finally:
        con.close()
    assert all(count > 0 for count in in_raw.values()), in_raw
    assert in_mart == in_raw


def test_decision_agrees_with_week_4_accuracy_and_the_seed_thresholds(pilot: tuple[BuiltWarehouse, date]) -> None:
    built, _ = pilot
    with (ROOT / "seeds" / "pilot_targets.csv").open(newline="") as handle:
        seed = {row["metric"]: row for row in csv.DictReader(handle) if row["target_kind"] == "decision"}
    thresholds = {name: float(seed[name]["target_min"]) for name in DECISION_THRESHOLDS}

    decisions = _rows(built, "select * from marts.rpt_pilot_decision")
    assert len(decisions) == 1, decisions
    decision = decisions[0]
    scorecard = {row["metric"]: row for row in _rows(built, "select * from marts.rpt_pilot_scorecard")}

    accuracy = scorecard["response_accuracy"]["week_4_value"]
    csat_vs_human = scorecard["csat_ai_vs_human_points"]["week_4_value"]
    satisfied_1 = scorecard["csat_satisfied_rate"]["week_1_value"]
    satisfied_4 = scorecard["csat_satisfied_rate"]["week_4_value"]
    assert decision["response_accuracy_week_4"] == pytest.approx(accuracy)
    for name, value in thresholds.items():
        assert decision[name] == pytest.approx(value), name

    csat_steady = 100 * (satisfied_4 - satisfied_1) >= thresholds["csat_steady_min_change_points"]
    # a decision needs week-4 accuracy on at least var pilot_min_week_4_accuracy_n reviews (or drafts)
    min_n = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"]["pilot_min_week_4_accuracy_n"]
    accuracy_n = scorecard["response_accuracy"]["week_4_n"]
    assert decision["response_accuracy_week_4_n"] == accuracy_n
    if accuracy_n < min_n:
        assert decision["decision"] == "insufficient_data", decision
        assert decision["decision_rule"] == (
            f"week-4 response accuracy {_pct(accuracy)} rests on n = {int(accuracy_n)}, needs {min_n}")
        return
    if accuracy < thresholds["adjust_min_response_accuracy"]:
        expected = "overhaul"
    elif csat_vs_human is not None and csat_vs_human < thresholds["overhaul_min_csat_ai_vs_human_points"]:
        expected = "overhaul"
    elif accuracy >= thresholds["scale_min_response_accuracy"] and csat_steady:
        expected = "scale"
    else:
        expected = "adjust"
    assert decision["decision"] in {"scale", "adjust", "overhaul"}
    assert decision["decision"] == expected, decision

    rule = decision["decision_rule"]
    accuracy_text = _pct(accuracy)
    if expected == "overhaul" and accuracy < thresholds["adjust_min_response_accuracy"]:
        assert rule == f"week-4 response accuracy {accuracy_text} < {_pct(thresholds['adjust_min_response_accuracy'])}"
    elif expected == "overhaul":
        assert rule.startswith("week-4 AI CSAT is ") and "under the human score" in rule, rule
    elif expected == "scale":
        assert rule.startswith(
            f"week-4 response accuracy {accuracy_text} >= {_pct(thresholds['scale_min_response_accuracy'])}"
            " and CSAT steady or better"
        ), rule
    elif accuracy >= thresholds["scale_min_response_accuracy"]:
        assert rule.startswith(f"week-4 response accuracy {accuracy_text} >= ") and "CSAT is not steady" in rule, rule
    else:
        assert rule == (
            f"week-4 response accuracy {accuracy_text} is between "
            f"{_pct(thresholds['adjust_min_response_accuracy'])} and {_pct(thresholds['scale_min_response_accuracy'])}"
        )


def test_report_draws_the_pilot_scorecard_from_the_built_marts(pilot: tuple[BuiltWarehouse, date],
                                                                tmp_path: Path) -> None:
    """With a pilot date set, the visual report's pilot section is drawn from the real marts
    (not only from the hand-made ones of test_report) and names the decision."""
    from supportmetrics.report import write_report

    built, _ = pilot
    (decision,) = _rows(built, "select decision from marts.rpt_pilot_decision")[0].values()
    page = write_report(tmp_path / "report.html", warehouse=built.warehouse).read_text()
    start = page.index('<section id="pilot" data-section')
    end = page.find("<section id=", start + 1)
    section = page[start:end if end > 0 else len(page)]
    assert "not available" not in section
    assert len(re.findall(r'<div id="chart-[^"]+" class="plotly-graph-div"', section)) >= 1
    assert f"Decision: {decision.replace('_', ' ').upper()}." in section
