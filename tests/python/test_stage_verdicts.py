"""Three-state stage verdicts end to end (issue 17): a criterion is judged only when its n reaches
the minimum of its metric kind (vars stage_min_*); below it the verdict is insufficient_data, says
the n it has and the n it needs, and the assessed stage does not rise on it. On the small clean
fixture (13 conversations) every rate criterion is insufficient; on the generated data set every
check with enough n keeps the plain threshold verdict (value against threshold)."""

from __future__ import annotations

import io
import operator
from typing import Any, Callable

import pytest
from rich.console import Console

from conftest import BuiltWarehouse, fixture_dir
from supportmetrics.scorecard import fmt_anti_pattern_verdict, fmt_estimate, fmt_interval, fmt_trajectory, fmt_verdict

SELECTION = ("resource_type:seed", "+path:models/marts/stage_assessment")
OPERATORS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}


def _rows(built: BuiltWarehouse, sql: str) -> list[dict[str, Any]]:
    con = built.connect()
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def clean(warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return warehouse_builder("clean_stage", fixture_dir("clean_input"), select=SELECTION, tests=False)


def test_small_data_is_insufficient_and_says_the_n_needed(clean: BuiltWarehouse) -> None:
    checks = _rows(clean, """
        select c.*, v.metric_value as conversations
        from marts.fct_stage_criteria_checks as c
        inner join marts.fct_stage_metric_values as v
            on c.period_type = v.period_type and c.period_start = v.period_start
                and c.slice_dimension = v.slice_dimension and c.slice_value = v.slice_value
                and v.metric = 'conversations'
        where c.slice_dimension = 'overall' and c.check_type = 'stage_criterion' and c.metric = 'deflection_rate'
    """)
    assert checks, "no deflection criterion on the clean fixture"
    assert any(int(check["conversations"]) > 0 for check in checks)
    for check in checks:
        n = int(check["conversations"])
        assert n < 30
        if n == 0:  # a window without conversations: no value at all
            assert check["verdict"] == "insufficient_data" and check["is_missing"]
            assert check["verdict_text"].startswith("insufficient data: missing")
            continue
        assert check["n"] == n and check["min_n"] == 30
        assert check["verdict"] == "insufficient_data" and check["is_passed"] is False
        assert check["verdict_text"] == f"insufficient data: n = {n}, needs 30"
        assert f"insufficient data: n = {n}, needs 30" in check["check_text"]


def test_stage_does_not_rise_on_insufficient_criteria(clean: BuiltWarehouse) -> None:
    rows = _rows(clean, """
        select a.period_type, a.period_start, a.assessed_stage, a.advancement_blockers
        from marts.fct_stage_assessment as a
        where a.slice_dimension = 'overall'
    """)
    assert rows
    # stage 2 needs deflection and the CSAT gap: both rates, both below their minimum n here
    assert all(row["assessed_stage"] <= 1 for row in rows), rows
    assert any("needs 30" in (row["advancement_blockers"] or "") for row in rows), rows


def test_gates_on_small_data_are_insufficient_and_do_not_open(clean: BuiltWarehouse) -> None:
    """A gate on a rate (one with a minimum n) is insufficient_data on the tiny fixture, with the n
    it has and needs, and a gate resting on one is never passed: the stage does not rise through it."""
    gates = _rows(clean, """
        select * from marts.fct_stage_criteria_checks
        where slice_dimension = 'overall' and check_type = 'gate' and min_n is not null
    """)
    assert gates, "no rate gate on the clean fixture"
    assert {g["metric"] for g in gates} >= {"csat_gap_like_for_like_points", "draft_accuracy"}
    for gate in gates:
        assert gate["verdict"] == "insufficient_data" and gate["is_passed"] is False, gate
        if not gate["is_missing"]:
            assert gate["verdict_text"] == f"insufficient data: n = {gate['n'] or 0}, needs {gate['min_n']}"
    blocked = _rows(clean, """
        select a.period_type, a.period_start, a.is_next_gate_passed, a.assessed_stage
        from marts.fct_stage_assessment as a
        inner join marts.fct_stage_criteria_checks as c
            on a.period_type = c.period_type and a.period_start = c.period_start
                and a.slice_dimension = c.slice_dimension and a.slice_value = c.slice_value
                and c.check_type = 'gate' and c.from_stage = a.assessed_stage and c.verdict = 'insufficient_data'
        where a.slice_dimension = 'overall'
    """)
    assert blocked, "no assessed period meets an insufficient gate"
    assert all(row["is_next_gate_passed"] is False for row in blocked), blocked


def test_verdict_words() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=200, color_system=None)
    console.print(fmt_verdict({"verdict": "insufficient_data", "metric_value": 0.4, "n": 12, "min_n": 30}))
    console.print(fmt_verdict({"verdict": "pass", "verdict_strength": "within_noise"}))
    console.print(fmt_verdict({"verdict": "pass", "verdict_strength": "clear"}))
    console.print(fmt_verdict({"verdict": "fail", "verdict_strength": "clear"}))
    console.print(fmt_verdict({"verdict": "fail", "verdict_strength": "within_noise"}))
    console.print(fmt_verdict({"verdict": "pass", "verdict_strength": None}))
    console.print(fmt_anti_pattern_verdict({"verdict": "insufficient_data", "n": 1, "min_n": 3}))
    console.print(fmt_anti_pattern_verdict({"verdict": "fail"}))
    console.print(fmt_anti_pattern_verdict({"verdict": "pass"}))
    assert buffer.getvalue().splitlines() == [
        "insufficient data n = 12, needs 30", "pass, within noise", "clear pass", "FAIL", "FAIL, within noise",
        "pass", "insufficient data n = 1 month(s), needs 3", "PRESENT", "absent"]
    assert fmt_estimate({"interval_lower": 0.25, "interval_upper": 0.5, "n": 40, "min_n": 30}, "fraction") == (
        "25.0% to 50.0% (n = 40)")
    assert fmt_estimate({"interval_lower": -30.0, "interval_upper": 20.0, "n": 12, "min_n": 30}, "points") == (
        "-30.0 pts to +20.0 pts (n = 12, needs 30)")
    assert fmt_estimate({"n": None}, "count") == "-"
    assert fmt_interval(0.25, 0.5, "fraction") == "25.0% to 50.0%"
    assert fmt_interval(None, 0.5, "fraction") == "-"
    assert fmt_trajectory("improving", 0.377, 0.601, "fraction") == "improving, change 95%: 37.7% to 60.1%"
    assert fmt_trajectory("flat", -0.116, 0.155, "fraction") == "flat (within noise), change 95%: -11.6% to 15.5%"
    assert fmt_trajectory(None, None, None, "fraction") == "-"


def test_large_n_verdicts_are_the_threshold_verdicts(generated_raw: Any,
                                                     warehouse_builder: Callable[..., BuiltWarehouse]) -> None:
    built = warehouse_builder("generated_stage", generated_raw.raw_dir, select=SELECTION, tests=False)
    checks = _rows(built, "select * from marts.fct_stage_criteria_checks where metric_value is not null")
    judged = [c for c in checks if c["min_n"] is None or c["n"] >= c["min_n"]]
    below = [c for c in checks if c["min_n"] is not None and c["n"] < c["min_n"]]
    assert judged, "no check with enough n on the generated data set"
    for check in judged:
        expected = OPERATORS[check["operator"]](check["metric_value"], check["threshold"])
        assert check["verdict"] == ("pass" if expected else "fail"), check
        assert check["is_passed"] is expected
    assert all(c["verdict"] == "insufficient_data" and not c["is_passed"] for c in below)
    # the whole-helpdesk months of the generated set are large: their rate verdicts are judged
    overall_months = [c for c in judged if c["slice_dimension"] == "overall" and c["period_type"] == "month"
                      and c["metric"] == "deflection_rate"]
    assert overall_months
