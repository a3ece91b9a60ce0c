"""The terminal maturity scorecard: the answer `make demo` ends with.

Reads only the stage-assessment marts (read-only DuckDB connection): the current stage for the
latest complete month and the latest 30 days, the headline metrics against the stage's
benchmark ranges, the stage per channel, the gate to the next stage and what blocks it, the
anti-patterns of the latest month, recent alerts and the pilot scorecard.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from supportmetrics.formatting import fmt_value

MARTS = "marts"

METRIC_LABELS: dict[str, str] = {
    "deflection_rate": "deflection rate",
    "csat_gap_points": "CSAT gap vs human-only (raw)",
    "csat_gap_like_for_like_points": "CSAT gap vs human-only, like for like",
    "csat_intents_without_human_baseline": "intents without a human CSAT baseline",
    "first_response_improvement_like_for_like": "first response vs pre-AI, like for like",
    "csat_gap_like_for_like_change_points": "CSAT gap change, like for like",
    "first_response_improvement_rate": "first response vs pre-AI baseline",
    "categories_covered": "categories covered",
    "true_resolution_rate": "full (true) resolution rate",
    "draft_accuracy": "draft accuracy",
    "escalation_accuracy": "escalation accuracy",
    "cost_per_ticket_change_rate": "cost per ticket vs pre-AI baseline",
    "critical_ai_errors_last_30_days": "critical AI errors, 30 days",
    "automated_resolution_rate": "automated resolution (pilot intents)",
    "response_accuracy": "response accuracy",
    "aht_reduction_rate": "AHT reduction vs pre-AI",
    "csat_ai_vs_human_points": "AI CSAT vs human",
    "escalation_rate": "escalation rate",
    "routing_accuracy": "routing accuracy",
    "draft_match_rate": "draft match rate",
    "draft_acceptance_rate": "draft acceptance (sent as is)",
    "qa_accuracy_ok_rate": "QA accuracy >= 4",
    "csat_satisfied_rate": "CSAT % satisfied (all)",
    "deflection_rate_min_last_2_periods": "lower deflection of the last 2 periods",
    "qa_accuracy_change_vs_previous_period": "QA accuracy change",
    "csat_gap_change_points": "CSAT gap change (raw)",
    "ai_active_conversations": "conversations with AI activity",
    "agent_hours_saved": "agent hours saved",
    "hourly_cost_usd": "agent hourly cost",
    "tool_cost_usd": "AI tool cost",
    "roi_multiple": "ROI multiple",
}
HEADLINE_ORDER = [
    "deflection_rate",
    "true_resolution_rate",
    "csat_gap_like_for_like_points",
    "csat_gap_points",
    "first_response_improvement_like_for_like",
    "first_response_improvement_rate",
    "categories_covered",
]
PILOT_ORDER = [
    "automated_resolution_rate",
    "response_accuracy",
    "aht_reduction_rate",
    "csat_ai_vs_human_points",
    "escalation_rate",
    "routing_accuracy",
    "draft_match_rate",
    "draft_acceptance_rate",
    "qa_accuracy_ok_rate",
    "csat_satisfied_rate",
    "deflection_rate",
    "agent_hours_saved",
    "hourly_cost_usd",
    "tool_cost_usd",
    "roi_multiple",
]
POSITION_STYLE = {"within": "green", "above": "green", "below": "yellow", "missing": "red", "no_benchmark": "dim"}
SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow"}


# ------------------------------------------------------------------------------------ helpers


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
    return bool(con.execute(query, [MARTS, name]).fetchone()[0])  # type: ignore[index]


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]




def fmt_interval(lower: Any, upper: Any, unit: str | None) -> str:
    """A 95% interval in the metric's unit, or '-' when the metric has none."""
    if lower is None or upper is None:
        return "-"
    return f"{fmt_value(lower, unit)} to {fmt_value(upper, unit)}"


def fmt_trajectory(trajectory: str | None, lower: Any, upper: Any, unit: str | None) -> str:
    """A trajectory in plain words with the 95% interval of the change it rests on: improving or
    declining only when that interval excludes zero, else flat (within noise)."""
    if trajectory is None:
        return "-"
    words = "flat (within noise)" if trajectory == "flat" else trajectory
    return f"{words}, change 95%: {fmt_interval(lower, upper, unit)}"


def fmt_verdict(row: dict[str, Any]) -> str:
    """A check's verdict in plain words: pass (clear) / pass, within noise / FAIL /
    insufficient data with the n it has and the n it needs (or why the value is missing)."""
    verdict = row.get("verdict")
    if verdict == "insufficient_data":
        if row.get("metric_value") is None:
            return f"[yellow]insufficient data[/yellow] [dim]missing: {row.get('missing_reason') or 'no value'}[/dim]"
        return f"[yellow]insufficient data[/yellow] [dim]n = {row.get('n') or 0}, needs {row.get('min_n')}[/dim]"
    strength = row.get("verdict_strength")
    if verdict == "pass":
        if strength == "within_noise":
            return "[yellow]pass, within noise[/yellow]"
        return "[green]clear pass[/green]" if strength == "clear" else "[green]pass[/green]"
    return "[red]FAIL[/red], within noise" if strength == "within_noise" else "[red]FAIL[/red]"


def fmt_estimate(row: dict[str, Any], unit: str | None) -> str:
    """A value's 95% interval and the n it rests on, in plain words: '25.0% to 50.0% (n = 40)';
    '-' without an interval (a count, or a metric whose noise is not estimated)."""
    interval = fmt_interval(row.get("interval_lower"), row.get("interval_upper"), unit)
    n = row.get("n")
    if n is None:
        return interval
    needs = row.get("min_n")
    count = f"n = {int(n):,}" + (f", needs {needs}" if needs is not None and n < needs else "")
    return f"{interval} ({count})" if interval != "-" else count


def fmt_range(low: Any, high: Any, unit: str | None) -> str:
    """A benchmark range; an open bound is shown as a one-sided range."""
    if low is None and high is None:
        return "-"
    if high is None:
        return f">= {fmt_value(low, unit)}"
    if low is None:
        return f"<= {fmt_value(high, unit)}"
    return f"{fmt_value(low, unit)} - {fmt_value(high, unit)}"


def _label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def _period_label(row: dict[str, Any]) -> str:
    start: date = row["period_start"]
    end: date = row["period_end"] - timedelta(days=1)
    if row["period_type"] == "month":
        return f"{start:%B %Y}" + ("" if row["is_complete"] else " (incomplete)")
    return f"last {row['period_days']} days ({start:%d %b} - {end:%d %b %Y})"


# ------------------------------------------------------------------------------------ sections


def _current_stage(con: duckdb.DuckDBPyConnection, console: Console) -> dict[str, Any] | None:
    rows = _rows(
        con,
        f"""
        select *
        from {MARTS}.fct_stage_assessment
        where slice_dimension = 'overall' and (is_latest_complete_month or is_latest_trailing)
        order by period_type
        """,
    )
    if not rows:
        console.print("[yellow]No complete month to assess yet.[/yellow]")
        return None
    lines = []
    for row in rows:
        lines.append(
            f"[bold]Stage {row['assessed_stage']}: {row['assessed_stage_name']}[/bold]  "
            f"[dim]{_period_label(row)}[/dim]"
        )
    month = next((r for r in rows if r["period_type"] == "month"), rows[0])
    lines += _lead_lines(con, month)
    band = month.get("roi_band_label")
    if band:
        lines.append(f"ROI band at this stage: {band} ({month['roi_source']})")
    if month["next_stage"] is not None:
        gate = "passes" if month["is_next_gate_passed"] else "fails"
        lines.append(
            f"Next: stage {month['next_stage']} ({month['next_stage_name']}); the gate "
            f"{gate} ({month['next_gate_checks_passed']}/{month['next_gate_checks']} criteria)"
        )
    else:
        lines.append("Top stage reached.")
    console.print(Panel("\n".join(lines), title="AI support maturity", expand=False))
    return month


def _lead_lines(con: duckdb.DuckDBPyConnection, month: dict[str, Any]) -> list[str]:
    """The metrics the assessed stage leads with (seed stage_lead_metrics), for the assessed month."""
    from supportmetrics.next_steps import NotBuilt, stage_lead_metrics

    if month["period_type"] != "month":
        return []
    stage = int(month["assessed_stage"])
    try:
        leads = stage_lead_metrics(con, stage, month["period_start"])
    except NotBuilt as exc:
        return [f"[dim]What stage {stage} watches: not available ({exc})[/dim]"]
    lines = [f"[bold]What stage {stage} watches first[/bold] [dim]({month['period_start']:%B %Y})[/dim]"]
    for lead in leads:
        lines.append(f"  {lead.label}: [bold]{lead.value}[/bold]" + (f"  [dim]{lead.detail}[/dim]" if lead.detail else ""))
    return lines


def _next_steps(con: duckdb.DuckDBPyConnection, console: Console, limit: int = 5) -> None:
    """Channel shift, intent concentration and the next categories to hand the AI (marts/next_steps)."""
    from supportmetrics.next_steps import NotBuilt, displacement_verdicts, expansion_candidates, intent_concentration

    try:
        verdicts = displacement_verdicts(con)
        head = next((r for r in intent_concentration(con) if r["intent_group"] == "head"), None)
        candidates = expansion_candidates(con, limit)
    except NotBuilt as exc:
        console.print(f"[dim]Next steps not available: {exc}[/dim]")
        return
    if verdicts:
        for row in verdicts:
            style = {"fail": "bold yellow", "pass": "green"}.get(row["verdict"], "yellow")
            console.print(f"Channel shift, {row['period_start']:%B %Y}, human-only {row['channel']}: "
                          f"[{style}]{row['verdict_text']}[/] (share {fmt_value(row['share_change_points'], 'points')} "
                          f"vs pre-AI, n = {row['n']:,})")
    else:
        console.print("Channel shift: no human-only channel beside the AI channels in the latest complete month.")
    if head is not None:
        console.print(f"Intent concentration: {head['summary']}; AI coverage of the head "
                      f"{fmt_value(head['ai_coverage_rate'], 'fraction')}, true resolution "
                      f"{fmt_value(head['true_resolution_rate'], 'fraction')} (n = {head['judged_ai_involved_conversations']:,}).")
    if not candidates:
        console.print("Expansion candidates: none left (every categorised intent is autonomous or excluded).")
        return
    table = Table(title="Next categories to hand the AI (rpt_expansion_candidates)")
    for column in ("rank", "intent", "mode", "readiness", "draft acceptance (n)", "QA accuracy (n)",
                   "open gaps", "volume", "deflection +", "hours / month"):
        table.add_column(column, justify="left" if column in ("intent", "mode", "readiness") else "right")
    for row in candidates:
        ready = {"ready": "green", "not_ready": "red"}.get(row["readiness"], "yellow")
        table.add_row(
            str(row["candidate_rank"]) + (" *" if row["is_recommended_now"] else ""),
            row["intent"], row["current_ai_mode"], f"[{ready}]{row['readiness'].replace('_', ' ')}[/]",
            f"{fmt_value(row['draft_acceptance_rate'], 'fraction')} ({row['drafts']:,})",
            f"{fmt_value(row['qa_accuracy_rate'], 'fraction')} ({row['scored_ai_reviews']:,})",
            str(row["open_knowledge_gaps"]), fmt_value(row["volume_share"], "fraction"),
            fmt_value(row["projected_deflection_points"], "points"),
            fmt_value(row["projected_capacity_hours_per_month"], "hours"),
        )
    console.print(table)
    console.print("[dim]* recommended now: ready, and among the one or two categories to add at a time.[/dim]")


def _headline_vs_benchmarks(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    rows = _rows(con, f"select * from {MARTS}.rpt_stage_scorecard")
    if not rows:
        return
    by_metric: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        by_metric.setdefault(row["metric"], {})[row["period_type"]] = row
    any_row = rows[0]
    table = Table(title=f"Headline metrics vs the stage {any_row['assessed_stage']} benchmarks")
    table.add_column("metric")
    table.add_column("latest month", justify="right")
    table.add_column("95% interval (n)", justify="right")
    table.add_column("last 30 days", justify="right")
    table.add_column("stage range", justify="right")
    table.add_column("next stage", justify="right")
    table.add_column("position")
    table.add_column("vs previous month")
    order = HEADLINE_ORDER + sorted(m for m in by_metric if m not in HEADLINE_ORDER)
    for metric in order:
        if metric not in by_metric:
            continue
        month = by_metric[metric].get("month") or {}
        trailing = by_metric[metric].get("trailing") or {}
        ref = month or trailing
        unit = ref.get("unit")
        position = ref.get("benchmark_position") or "missing"
        strength = ref.get("benchmark_position_strength")
        position_text = position.replace("_", " ") + (f" ({strength.replace('_', ' ')})" if strength else "")
        table.add_row(
            _label(metric),
            fmt_value(month.get("metric_value"), unit) if month else "-",
            fmt_estimate(month, unit) if month else "-",
            fmt_value(trailing.get("metric_value"), unit) if trailing else "-",
            fmt_range(ref.get("benchmark_low"), ref.get("benchmark_high"), unit),
            fmt_range(ref.get("next_stage_benchmark_low"), ref.get("next_stage_benchmark_high"), unit),
            f"[{POSITION_STYLE.get(position, 'white')}]{position_text}[/]",
            fmt_trajectory(month.get("trajectory"), month.get("change_lower"), month.get("change_upper"), unit)
            if month else "-",
        )
    console.print(table)


def _channels(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    rows = _rows(
        con,
        f"""
        select slice_value, period_type, assessed_stage, deflection_rate, csat_gap_points,
               csat_gap_like_for_like_points, true_resolution_rate, conversations
        from {MARTS}.fct_stage_assessment
        where slice_dimension = 'channel' and (is_latest_complete_month or is_latest_trailing)
        order by slice_value, period_type
        """,
    )
    if not rows:
        return
    channels: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        channels.setdefault(row["slice_value"], {})[row["period_type"]] = row
    table = Table(title="Stage per channel")
    for column in ("channel", "month", "30 days", "deflection", "true resolution", "CSAT gap like for like",
                   "CSAT gap raw", "conversations"):
        table.add_column(column, justify="left" if column == "channel" else "right")
    for channel, periods in sorted(channels.items(), key=lambda kv: -float((kv[1].get("month") or {}).get("conversations") or 0)):
        month = periods.get("month") or {}
        trailing = periods.get("trailing") or {}
        table.add_row(
            channel,
            str(month.get("assessed_stage", "-")),
            str(trailing.get("assessed_stage", "-")),
            fmt_value(month.get("deflection_rate"), "fraction"),
            fmt_value(month.get("true_resolution_rate"), "fraction"),
            fmt_value(month.get("csat_gap_like_for_like_points"), "points"),
            fmt_value(month.get("csat_gap_points"), "points"),
            fmt_value(month.get("conversations"), "count"),
        )
    console.print(table)


def _gate(con: duckdb.DuckDBPyConnection, console: Console, month: dict[str, Any]) -> None:
    if month["next_stage"] is None:
        return
    rows = _rows(
        con,
        f"""
        select check_type, criterion, metric, unit, metric_value, operator, threshold, is_passed, missing_reason,
            n, min_n, interval_lower, interval_upper, verdict, verdict_strength
        from {MARTS}.fct_stage_criteria_checks
        where period_type = ? and period_start = ? and slice_dimension = 'overall'
            and ((check_type = 'gate' and from_stage = ?) or (check_type = 'stage_criterion' and stage = ?))
        order by case when check_type = 'gate' then 0 else 1 end, criterion
        """,
        [month["period_type"], month["period_start"], month["assessed_stage"], month["next_stage"]],
    )
    table = Table(
        title=f"To reach stage {month['next_stage']} ({month['next_stage_name']}), {_period_label(month)}"
    )
    for column in ("kind", "criterion", "value", "95% interval", "n", "needs", "result"):
        table.add_column(column, justify="right" if column in ("value", "95% interval", "n", "needs") else "left")
    for row in rows:
        criterion = row["criterion"] if row["check_type"] == "gate" else _label(row["metric"])
        table.add_row(
            "gate" if row["check_type"] == "gate" else "criterion",
            criterion,
            fmt_value(row["metric_value"], row["unit"]),
            fmt_interval(row["interval_lower"], row["interval_upper"], row["unit"]),
            "-" if row["n"] is None else f"{row['n']:,}",
            f"{row['operator']} {fmt_value(row['threshold'], row['unit'])}",
            fmt_verdict(row),
        )
    console.print(table)
    console.print(f"[bold]Blocks advancement:[/bold] {month['advancement_blockers']}")


def fmt_anti_pattern_verdict(row: dict[str, Any]) -> str:
    """An anti-pattern's three-state verdict in plain words: PRESENT / absent / insufficient data
    with the months it has and needs."""
    verdict = row.get("verdict")
    if verdict == "fail":
        return "[bold yellow]PRESENT[/bold yellow]"
    if verdict == "insufficient_data":
        unit = "conversation(s)" if row.get("anti_pattern") == "channel_displacement" else "month(s)"
        return f"[yellow]insufficient data[/yellow] [dim]n = {row.get('n')} {unit}, needs {row.get('min_n')}[/dim]"
    return "[green]absent[/green]"


def _anti_patterns(con: duckdb.DuckDBPyConnection, console: Console, month: dict[str, Any]) -> None:
    if not _exists(con, "fct_stage_anti_patterns"):
        return
    rows = _rows(
        con,
        f"""
        select anti_pattern, verdict, n, min_n, evidence
        from {MARTS}.fct_stage_anti_patterns
        where period_start = ?
        order by case verdict when 'fail' then 0 when 'insufficient_data' then 1 else 2 end, anti_pattern
        """,
        [month["period_start"]],
    )
    if not rows:
        return
    if all(row["verdict"] == "pass" for row in rows):
        console.print(f"[green]No maturity anti-pattern in {month['period_start']:%B %Y}.[/green]")
        return
    table = Table(title=f"Anti-patterns, {month['period_start']:%B %Y}")
    table.add_column("anti-pattern", style="bold")
    table.add_column("verdict")
    table.add_column("evidence")
    for row in rows:
        table.add_row(row["anti_pattern"].replace("_", " "), fmt_anti_pattern_verdict(row), row["evidence"])
    console.print(table)


def _alerts(con: duckdb.DuckDBPyConnection, console: Console, recent_days: int = 7, limit: int = 10) -> None:
    if not _exists(con, "fct_stage_alerts"):
        return
    last = con.execute(f"select max(last_data_date) from {MARTS}.dim_stage_assessment_periods").fetchone()[0]  # type: ignore[index]
    if last is None:
        return
    since = last - timedelta(days=recent_days - 1)
    rows = _rows(
        con,
        f"""
        select alert_date, metric, scope, severity, alert_message
        from {MARTS}.fct_stage_alerts
        where alert_date >= ?
        order by alert_date desc, severity, metric, scope
        """,
        [since],
    )
    total = con.execute(f"select count(*) from {MARTS}.fct_stage_alerts").fetchone()[0]  # type: ignore[index]
    if not rows:
        console.print(f"[green]No alert in the last {recent_days} days of data[/green] ({total} in the whole history).")
        return
    table = Table(title=f"Alerts, last {recent_days} days of data ({len(rows)} of {total} in the whole history)")
    for column in ("date", "severity", "metric", "scope", "alert"):
        table.add_column(column)
    for row in rows[:limit]:
        style = SEVERITY_STYLE.get(row["severity"], "white")
        table.add_row(
            f"{row['alert_date']:%Y-%m-%d}", f"[{style}]{row['severity']}[/]", row["metric"], row["scope"], row["alert_message"]
        )
    console.print(table)


def _pilot(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    if not _exists(con, "rpt_pilot_scorecard"):
        return
    rows = _rows(con, f"select * from {MARTS}.rpt_pilot_scorecard")
    if not rows:
        console.print(
            "[dim]Pilot scorecard: no pilot (var pilot_start_date is not set; run dbt with "
            "--vars '{pilot_start_date: YYYY-MM-DD}' to score a four-week pilot).[/dim]"
        )
        return
    by_metric = {row["metric"]: row for row in rows}
    first = rows[0]
    table = Table(title=f"Four-week pilot from {first['week_1_start']:%d %b %Y}")
    table.add_column("metric")
    for week in range(1, 5):
        table.add_column(f"week {week}", justify="right")
    table.add_column("target", justify="right")
    table.add_column("week 1 -> 4")
    table.add_column("trajectory")
    for metric in PILOT_ORDER + sorted(m for m in by_metric if m not in PILOT_ORDER):
        row = by_metric.get(metric)
        if row is None:
            continue
        unit = row["unit"]
        on_target = {True: "[green]on target[/green]", False: "[red]off target[/red]", None: ""}
        verdict = " -> ".join(
            s for s in (on_target[row["is_week_1_on_target"]], on_target[row["is_week_4_on_target"]]) if s
        )
        table.add_row(
            _label(metric),
            *(fmt_value(row[f"week_{week}_value"], unit) for week in range(1, 5)),
            fmt_range(row["target_min"], row["target_max"], unit),
            verdict,
            fmt_trajectory(row.get("week_1_to_4_trajectory"), row.get("week_1_to_4_change_lower"),
                           row.get("week_1_to_4_change_upper"), unit),
        )
    console.print(table)
    decision = _rows(con, f"select * from {MARTS}.rpt_pilot_decision")
    if decision:
        d = decision[0]
        style = {"scale": "green", "adjust": "yellow", "overhaul": "red"}.get(d["decision"], "white")
        roi = fmt_value(d["roi_multiple"], "ratio") if d["roi_multiple"] is not None else f"n/a ({d['roi_missing_reason']})"
        console.print(f"[bold]Pilot decision: [{style}]{d['decision']}[/][/bold]: {d['decision_rule']}. ROI multiple {roi}.")


def print_scorecard(con: duckdb.DuckDBPyConnection, console: Console) -> None:
    """Print the maturity scorecard from the marts; say so when they have not been built."""
    if not _exists(con, "fct_stage_assessment"):
        console.print("[yellow]The stage assessment marts are not built yet (dbt build).[/yellow]")
        return
    month = _current_stage(con, console)
    if month is None:
        return
    _headline_vs_benchmarks(con, console)
    _channels(con, console)
    _gate(con, console, month)
    _anti_patterns(con, console, month)
    _alerts(con, console)
    _next_steps(con, console)
    _pilot(con, console)
