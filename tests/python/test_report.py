"""The visual report (`supportmetrics report`): a self-contained HTML page of charts from the marts.

Fast tests render a hand-made warehouse where some marts are missing or empty: those sections
must say "not available: <reason>" and draw nothing, the others draw their chart; the warehouse
is opened read-only. Slow tests run the command on the shared demo build (test_semantic_layer's
`bi_demo_warehouse`), render the page in headless Chromium (offline), count the rendered plotly
charts in the DOM and check the screenshot is not blank.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path
from typing import Callable

import duckdb
import pytest

from conftest import BuiltWarehouse
from supportmetrics.report import REPORT_FILE, build_sections, write_report
from supportmetrics.warehouse import connect
from test_docs_site import dump_dom, screenshot
from test_semantic_layer import bi_demo_warehouse

SECTION_KEYS = ["focus", "stage", "resolution", "csat", "escalation", "knowledge_gaps", "cost", "channel_shift",
                "intent_pareto", "expansion", "pilot"]


def _sections(page: str) -> dict[str, str]:
    """section key -> its HTML."""
    found = {m.group(1): m.start() for m in re.finditer(r'<section id="([a-z_]+)" data-section', page)}
    ordered = sorted(found.items(), key=lambda kv: kv[1])
    return {key: page[start:(ordered[i + 1][1] if i + 1 < len(ordered) else len(page))]
            for i, (key, start) in enumerate(ordered)}


def _chart_divs(html_text: str) -> int:
    return len(re.findall(r'<div id="chart-[^"]+" class="plotly-graph-div"', html_text))


# --- fast: a hand-made warehouse ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def partial_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Marts for some sections only: resolution quality and a pilot scorecard; CSAT with no responses, only
    closed knowledge gaps, costs without cost data; the stage, handoff and escalation marts missing."""
    path = tmp_path_factory.mktemp("report_partial") / "warehouse.duckdb"
    con = connect(path)
    con.execute("create schema marts")
    con.execute("""
        create table marts.fct_resolution_quality as
        select * from (values
            ('week', date '2026-09-07', 'overall', 'all', 100, 40, 38, 30, 2, 0.10, 0.75, 0.55, 20.0),
            ('week', date '2026-09-14', 'overall', 'all', 120, 50, 41, 35, 9, 0.12, 0.80, 0.60, 20.0),
            ('month', date '2026-09-01', 'overall', 'all', 220, 90, 79, 65, 11, 0.11, 0.78, 0.58, 20.0)
        ) as t(period_grain, period_start, slice_dimension, slice_value, conversations, ai_involved_conversations,
               judged_ai_involved_conversations, deflected_conversations, pending_window_conversations,
               deflection_rate, judged_ai_containment_rate, true_resolution_rate,
               deflection_vs_true_resolution_gap_points)
    """)
    con.execute("""
        create table marts.fct_csat_streams as
        select * from (values
            ('month', date '2026-09-01', 'overall', 'all', 'ai_only', 50, 0, null::double, null::double)
        ) as t(period_grain, period_start, slice_dimension, slice_value, stream, conversations, responses,
                 csat_satisfied_rate, csat_mean)
    """)
    con.execute("""
        create table marts.fct_knowledge_gaps as
        select * from (values ('billing#1', 'billing', 3, 2, 1, 0, false, null::double, timestamp '2026-09-01'))
            as t(gap_id, intent, signals, low_confidence_answers, low_confidence_handoffs, unhelpful_answers,
                 is_open, open_for_days, first_seen_at)
    """)
    con.execute("""
        create table marts.fct_cost_per_resolution as
        select * from (values (date '2026-09-01', null::double, null::double, null::double, null::double, 12, 30,
                               'no_support_cost_rows', null::double))
            as t(cost_month, ai_cost_per_resolution, human_cost_per_resolution, blended_cost_per_ticket,
                 baseline_cost_per_ticket, ai_true_resolutions, human_resolutions, cost_missing_reason,
                 cost_per_ticket_change_rate)
    """)
    con.execute("""
        create table marts.rpt_pilot_scorecard as
        select * from (values
            ('response_accuracy', 'fraction', 0.9, null::double, 'QA accuracy',
             0.8, 0.85, 0.9, 0.93, false, true, true),
            ('escalation_rate', 'fraction', 0.05, 0.15, 'escalated / AI', 0.3, 0.2, 0.15, 0.12, false, true, true),
            ('agent_hours_saved', 'hours', null::double, null::double, null, 1.5, null, 2.5, 4.0, null, null, true)
        ) as t(metric, unit, target_min, target_max, target_description, week_1_value, week_2_value, week_3_value,
               week_4_value, is_week_1_on_target, is_week_4_on_target, is_pilot_complete)
    """)
    con.execute("""
        create table marts.rpt_pilot_decision as
        select 'scale' as decision, 'week-4 response accuracy 93.0% >= 90.0%' as decision_rule
    """)
    con.close()
    return path


@pytest.fixture(scope="module")
def partial_report(partial_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report_partial_out") / REPORT_FILE
    assert write_report(out, warehouse=partial_warehouse) == out
    return out.read_text(encoding="utf-8")


def test_every_section_is_present_once(partial_report: str) -> None:
    assert list(_sections(partial_report)) == SECTION_KEYS


def test_missing_or_empty_marts_say_why_and_draw_nothing(partial_report: str) -> None:
    sections = _sections(partial_report)
    expected = {
        "stage": "not available: marts.fct_stage_assessment is missing",
        "csat": "not available: no CSAT responses",
        "escalation": "not available: marts.fct_handoff_performance is missing",
        "knowledge_gaps": "not available: no open knowledge gaps: all 1 gaps seen were closed",
        "cost": "not available: no month can be costed (no_support_cost_rows)",
    }
    for key, message in expected.items():
        assert message in sections[key], (key, sections[key][:600])
        assert _chart_divs(sections[key]) == 0, key


def test_sections_with_data_draw_their_chart(partial_report: str) -> None:
    sections = _sections(partial_report)
    for key in ("resolution", "pilot"):
        assert "not available" not in sections[key]
        assert _chart_divs(sections[key]) == 1, key
    assert "Decision: SCALE." in sections["pilot"]
    # the chart data are the mart's values, not recomputed ones
    assert "0.55" in sections["resolution"] and "0.6" in sections["resolution"]


def test_the_page_is_self_contained(partial_report: str) -> None:
    assert partial_report.count("<script type=\"text/javascript\">") == 1  # plotly.js, inlined once
    assert re.findall(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", partial_report) == []


def test_no_pilot_date_means_no_pilot_chart(partial_warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "warehouse.duckdb"
    copy.write_bytes(partial_warehouse.read_bytes())
    con = duckdb.connect(str(copy))
    con.execute("delete from marts.rpt_pilot_scorecard")
    con.close()
    con = connect(copy, read_only=True)
    try:
        pilot = {s.key: s for s in build_sections(con)}["pilot"]
    finally:
        con.close()
    assert pilot.figures == [] and pilot.unavailable is not None
    assert pilot.unavailable.startswith("no pilot start date set (dbt var pilot_start_date)")


def test_the_warehouse_is_only_read(partial_warehouse: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(partial_warehouse.read_bytes()).hexdigest()
    write_report(tmp_path / REPORT_FILE, warehouse=partial_warehouse)
    assert hashlib.sha256(partial_warehouse.read_bytes()).hexdigest() == before


def test_no_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build it first"):
        write_report(tmp_path / REPORT_FILE, warehouse=tmp_path / "missing.duckdb")


# --- slow: the demo build, rendered in Chromium --------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    return bi_demo_warehouse(tmp_path_factory, warehouse_builder)


@pytest.fixture(scope="module")
def demo_report(built: BuiltWarehouse, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`supportmetrics report` on the demo build; the page lands in SUPPORTMETRICS_REPORTS_DIR."""
    reports = tmp_path_factory.mktemp("reports")
    env = dict(os.environ, SUPPORTMETRICS_DUCKDB_PATH=str(built.warehouse), SUPPORTMETRICS_REPORTS_DIR=str(reports))
    cli = Path(sys.executable).parent / "supportmetrics"
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "supportmetrics.cli"]
    proc = subprocess.run([*command, "report"], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = reports / REPORT_FILE
    assert page.exists(), proc.stdout
    return page


def _png_stats(png: Path) -> tuple[int, int, float]:
    """(width, height, share of non-zero bytes in the filtered pixel stream): ~0 for a blank page."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, size = 8, bytearray(), (0, 0)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            size = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(bytes(idat))
    return size[0], size[1], 1 - raw.count(0) / len(raw)


@pytest.mark.slow
def test_demo_report_draws_every_section_with_data(demo_report: Path) -> None:
    sections = _sections(demo_report.read_text(encoding="utf-8"))
    assert list(sections) == SECTION_KEYS
    drawn = [key for key in SECTION_KEYS if key != "pilot"]
    for key in drawn:
        assert "not available" not in sections[key], (key, sections[key][:800])
        assert _chart_divs(sections[key]) >= 1, key
    # the demo build has no pilot start date: the section says so instead of drawing
    assert "not available: no pilot start date set" in sections["pilot"]


@pytest.mark.slow
def test_demo_report_renders_in_a_browser(demo_report: Path, tmp_path: Path) -> None:
    dom = dump_dom(demo_report.as_uri(), budget_ms=20000)
    charts = re.findall(r'<div id="chart-[^"]+" class="plotly-graph-div[^"]*"', dom)
    assert len(charts) >= 6, f"{len(charts)} chart divs"
    # plotly.js ran (offline) and drew an SVG into each chart
    assert dom.count('class="main-svg"') >= len(charts), "plotly did not render every chart"
    for section, html_text in _sections(dom).items():
        if _chart_divs(html_text):
            assert 'class="main-svg"' in html_text, f"section {section} has no rendered chart"
    png = screenshot(demo_report.as_uri(), tmp_path / "report.png", width=1400, height=6000, budget_ms=20000)
    width, height, ink = _png_stats(png)
    assert (width, height) == (1400, 6000)
    assert png.stat().st_size > 150_000, png.stat().st_size
    assert ink > 0.005, f"the screenshot looks blank ({ink:.4%} non-background)"


def test_stage_verdicts_are_written_in_plain_words(tmp_path: Path) -> None:
    """The stage section's notes: each rate criterion and gate with its value, 95% interval and n,
    and the verdict in words (clear pass, pass within noise, insufficient data: n = 12, needs 30);
    the headline trajectories and the anti-patterns' three-state verdicts."""
    from supportmetrics.report import MartReader, Section, _stage_verdict_notes

    con = connect(tmp_path / "warehouse.duckdb")
    con.execute("create schema marts")
    con.execute("""
        create table marts.fct_stage_criteria_checks as select * from (values
            ('stage_criterion', 2, null, 'deflection_rate', 'deflection_rate', 'fraction', 0.2, '>=', 0.1, 300, 30,
             0.16, 0.25, 'pass', 'clear', null),
            ('stage_criterion', 2, null, 'csat_gap_like_for_like_points', 'csat_gap_like_for_like_points', 'points',
             -1.0, '>=', -2.0, 12, 30, -20.0, 18.0, 'insufficient_data', null, null),
            ('gate', 2, 1, 'draft accuracy above 85%', 'draft_accuracy', 'fraction', 0.88, '>', 0.85, 200, 30,
             0.83, 0.92, 'pass', 'within_noise', null)
        ) as t(check_type, stage, from_stage, criterion, metric, unit, metric_value, operator, threshold, n, min_n,
               interval_lower, interval_upper, verdict, verdict_strength, missing_reason)
        cross join (select date '2026-10-01' as period_start, 'month' as period_type, 'overall' as slice_dimension)
    """)
    con.execute("""
        create table marts.rpt_stage_scorecard as select * from (values
            ('month', 'deflection_rate', 'fraction', 'improving', 0.02, 0.09)
        ) as t(period_type, metric, unit, trajectory, change_lower, change_upper)
    """)
    con.execute("""
        create table marts.fct_stage_anti_patterns as select * from (values
            (date '2026-10-01', 'permanent_pilot', 'insufficient_data', 2, 3),
            (date '2026-10-01', 'measurement_void', 'fail', null, null)
        ) as t(period_start, anti_pattern, verdict, n, min_n)
    """)
    section = Section("stage", "t", "q")
    _stage_verdict_notes(MartReader(con), section, {"period_start": date(2026, 10, 1), "assessed_stage": 1, "next_stage": 2})
    con.close()
    assert section.notes == [
        "Stage 2 CSAT gap vs human-only, like for like: -1.0 pts (95% interval and n: -20.0 pts to +18.0 pts "
        "(n = 12, needs 30)), needs >= -2.0 pts: insufficient data: n = 12, needs 30.",
        "Stage 2 deflection rate: 20.0% (95% interval and n: 16.0% to 25.0% (n = 300)), needs >= 10.0%: clear pass.",
        "Gate 1->2 draft accuracy above 85%: 88.0% (95% interval and n: 83.0% to 92.0% (n = 200)), needs > 85.0%: "
        "pass, within noise.",
        "Month over month: deflection rate improving, change 95%: 2.0% to 9.0%.",
        "Anti-patterns: measurement void PRESENT; permanent pilot insufficient data: n = 2 month(s), needs 3.",
    ]
