"""Plotly figures of the visual report (supportmetrics.report): one function per chart.

Each function takes plain rows (lists of dicts read from the marts) and returns a figure; it
never computes a metric, it only draws what the marts say. Missing values (None) are drawn as
gaps, never as zeros.
"""

from __future__ import annotations

import math
from typing import Any, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

Row = dict[str, Any]

AI = "#4e79a7"
AI_THEN_HUMAN = "#f28e2b"
HUMAN = "#59a14f"
DEFLECTION = "#9d9d9d"
GAP = "rgba(225, 87, 89, 0.18)"
BAD = "#e15759"
ON_TARGET = "#59a14f"
NEUTRAL = "#9aa5b1"
STAGE_COLOURS = {0: "#bab0ac", 1: "#9c755f", 2: "#f28e2b", 3: "#edc948", 4: "#59a14f", 5: "#4e79a7"}
TRIGGER_COLOURS = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                   "#9c755f", "#bab0ac"]
STREAM_COLOURS = {"ai_only": AI, "ai_then_human": AI_THEN_HUMAN, "human_only": HUMAN}
STREAM_LABELS = {"ai_only": "AI only", "ai_then_human": "AI, then human", "human_only": "Human only"}

FONT = "Inter, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def _layout(fig: go.Figure, *, height: int, title: str | None = None, hovermode: str = "x unified") -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        height=height,
        margin=dict(l=60, r=30, t=60 if title else 30, b=40),
        font=dict(family=FONT, size=13),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hovermode=hovermode,
        title=dict(text=title) if title else None,
    )
    return fig


def _monthly_axis(fig: go.Figure) -> None:
    """Month labels on every x axis (monthly bars otherwise get odd day ticks)."""
    fig.update_xaxes(type="date", dtick="M1", tickformat="%b %Y")


def _values(rows: Sequence[Row], key: str) -> list[Any]:
    return [row.get(key) for row in rows]


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{100 * float(value):.1f}%"


def _num(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return None if math.isnan(number) else number


# --- stage over time -------------------------------------------------------------------------------


def stage_over_time(months: Sequence[Row], bands: Sequence[Row]) -> go.Figure:
    """Assessed stage per month, and the deflection rate against each stage's benchmark band.

    months: period_start, assessed_stage, assessed_stage_name, deflection_rate
    bands: stage, stage_name, benchmark_low, benchmark_high (deflection_rate rows of stage_benchmarks)
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.62, 0.38],
                        subplot_titles=("Deflection rate against the stage benchmark bands", "Assessed stage"))
    x = _values(months, "period_start")
    fig.add_trace(go.Scatter(x=x, y=[_num(v) for v in _values(months, "deflection_rate")], name="Deflection rate",
                             mode="lines+markers", line=dict(color=AI, width=3),
                             hovertemplate="%{y:.1%}"), row=1, col=1)
    stages = [row.get("assessed_stage") for row in months]
    fig.add_trace(go.Bar(x=x, y=stages, name="Assessed stage", showlegend=False,
                         marker_color=[STAGE_COLOURS.get(int(s), "#cccccc") if s is not None else "#eeeeee"
                                       for s in stages],
                         text=[f"{s} {n}" if s is not None else "n/a" for s, n in
                               zip(stages, _values(months, "assessed_stage_name"))],
                         textposition="inside", hovertemplate="stage %{y}"), row=2, col=1)
    for band in bands:
        low, high = _num(band.get("benchmark_low")), _num(band.get("benchmark_high"))
        if low is None and high is None:
            continue
        stage = int(band["stage"])
        fig.add_hrect(y0=low or 0, y1=high if high is not None else 1, row=1, col=1, line_width=0,
                      fillcolor=STAGE_COLOURS.get(stage, "#cccccc"), opacity=0.16, layer="below",
                      annotation_text=f"stage {stage} {band.get('stage_name') or ''}".strip(),
                      annotation_position="top left", annotation_font_size=11)
    fig.update_yaxes(tickformat=".0%", range=[0, 1], row=1, col=1)
    fig.update_yaxes(range=[0, 5.2], dtick=1, row=2, col=1)
    _monthly_axis(fig)
    return _layout(fig, height=620)


# --- deflection vs true resolution -------------------------------------------------------------------


def deflection_vs_true_resolution(periods: Sequence[Row]) -> go.Figure:
    """Deflection, AI containment and true resolution per period, the gap shaded.

    periods: period_start, deflection_rate, judged_ai_containment_rate, true_resolution_rate,
    deflection_vs_true_resolution_gap_points, conversations, judged_ai_involved_conversations
    """
    x = _values(periods, "period_start")
    custom = [[row.get("conversations"), row.get("judged_ai_involved_conversations"),
               row.get("deflection_vs_true_resolution_gap_points")] for row in periods]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=[_num(v) for v in _values(periods, "deflection_rate")],
                             name="Deflection rate (deflected / all conversations)", mode="lines",
                             line=dict(color=DEFLECTION, width=2, dash="dot"), hovertemplate="%{y:.1%}"))
    fig.add_trace(go.Scatter(x=x, y=[_num(v) for v in _values(periods, "judged_ai_containment_rate")],
                             name="AI containment (deflected / AI conversations)", mode="lines+markers",
                             line=dict(color=AI_THEN_HUMAN, width=3), customdata=custom,
                             hovertemplate="%{y:.1%} of %{customdata[1]} judged AI conversations"))
    fig.add_trace(go.Scatter(x=x, y=[_num(v) for v in _values(periods, "true_resolution_rate")],
                             name="True resolution (no return, reopen, angry end or low CSAT)", mode="lines+markers",
                             line=dict(color=AI, width=3), fill="tonexty", fillcolor=GAP, customdata=custom,
                             hovertemplate="%{y:.1%} (gap %{customdata[2]:.1f} pts)"))
    fig.update_yaxes(tickformat=".0%", rangemode="tozero", title_text="share")
    fig.add_annotation(text="shaded: deflected but not truly resolved", xref="paper", yref="paper", x=1, y=-0.1,
                       showarrow=False, font=dict(size=12, color="#b03a3c"), xanchor="right", yanchor="top")
    _layout(fig, height=480)
    fig.update_layout(margin=dict(b=80))
    return fig


# --- CSAT by stream -------------------------------------------------------------------------------


def csat_by_stream(stream_rows: Sequence[Row], gap_rows: Sequence[Row]) -> go.Figure:
    """% satisfied per stream per month, and the AI-only vs human-only gap in points.

    stream_rows: period_start, stream, responses, csat_satisfied_rate
    gap_rows: period_start, csat_gap_points
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.65, 0.35],
                        subplot_titles=("CSAT % satisfied (4-5) by stream", "Gap: AI only minus human only (points)"))
    for stream, label in STREAM_LABELS.items():
        rows = [row for row in stream_rows if row.get("stream") == stream]
        if not rows:
            continue
        fig.add_trace(go.Bar(x=_values(rows, "period_start"), y=[_num(v) for v in _values(rows, "csat_satisfied_rate")],
                             name=label, marker_color=STREAM_COLOURS[stream], customdata=_values(rows, "responses"),
                             hovertemplate="%{y:.1%} of %{customdata} responses"), row=1, col=1)
    gaps = [_num(v) for v in _values(gap_rows, "csat_gap_points")]
    fig.add_trace(go.Bar(x=_values(gap_rows, "period_start"), y=gaps, name="CSAT gap", showlegend=False,
                         marker_color=[AI if (g or 0) >= 0 else BAD for g in gaps],
                         hovertemplate="%{y:+.1f} pts"), row=2, col=1)
    fig.update_layout(barmode="group")
    fig.update_yaxes(tickformat=".0%", range=[0, 1], row=1, col=1)
    fig.update_yaxes(zeroline=True, zerolinecolor="#888888", row=2, col=1)
    _monthly_axis(fig)
    return _layout(fig, height=560)


# --- escalation triggers --------------------------------------------------------------------------


def escalation_triggers(trigger_rows: Sequence[Row], quality_rows: Sequence[Row]) -> go.Figure:
    """Handoffs per trigger per month (stacked), and the QA verdict on escalation decisions.

    trigger_rows: period_start, trigger, handoffs, context_preservation_rate
    quality_rows: period_start, appropriate, unnecessary, missed, escalation_accuracy (may be empty)
    """
    with_quality = bool(quality_rows)
    fig = make_subplots(rows=2 if with_quality else 1, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        row_heights=[0.6, 0.4] if with_quality else None,
                        subplot_titles=("Handoffs by trigger", "QA verdict on the AI's escalation decisions")
                        if with_quality else ("Handoffs by trigger",))
    totals: dict[str, int] = {}
    for row in trigger_rows:
        totals[row["trigger"]] = totals.get(row["trigger"], 0) + int(row.get("handoffs") or 0)
    for index, trigger in enumerate(sorted(totals, key=lambda t: -totals[t])):
        rows = [row for row in trigger_rows if row["trigger"] == trigger]
        fig.add_trace(go.Bar(x=_values(rows, "period_start"), y=_values(rows, "handoffs"),
                             name=trigger.replace("_", " "), legendgroup="triggers",
                             legendgrouptitle_text="Handoff trigger" if index == 0 else None,
                             marker_color=TRIGGER_COLOURS[index % len(TRIGGER_COLOURS)],
                             customdata=[_pct(v) for v in _values(rows, "context_preservation_rate")],
                             hovertemplate="%{y} handoffs, context preserved %{customdata}"), row=1, col=1)
    if with_quality:
        verdicts = (("appropriate", "#8cd17d", "appropriate"), ("unnecessary", "#ffbe7d", "unnecessary"),
                    ("missed", "#9d7660", "missed (should have escalated)"))
        for index, (key, colour, label) in enumerate(verdicts):
            fig.add_trace(go.Bar(x=_values(quality_rows, "period_start"), y=_values(quality_rows, key), name=label,
                                 marker_color=colour, legendgroup="qa",
                                 legendgrouptitle_text="QA verdict" if index == 0 else None,
                                 hovertemplate="%{y} reviews"), row=2, col=1)
    fig.update_layout(barmode="stack")
    _monthly_axis(fig)
    _layout(fig, height=600 if with_quality else 430)
    fig.update_layout(legend=dict(orientation="v", x=1.01, y=1, xanchor="left", yanchor="top", groupclick="toggleitem"))
    return fig


# --- knowledge gaps -------------------------------------------------------------------------------


def open_knowledge_gaps(gaps: Sequence[Row]) -> go.Figure:
    """Top open knowledge gaps by signals (horizontal bars), coloured by how long they are open.

    gaps: gap_id, intent, signals, low_confidence_answers, low_confidence_handoffs,
    unhelpful_answers, open_for_days, first_seen_at
    """
    ordered = list(reversed(list(gaps)))
    days = [_num(v) for v in _values(ordered, "open_for_days")]
    custom = [[row.get("low_confidence_answers"), row.get("low_confidence_handoffs"), row.get("unhelpful_answers"),
               "n/a" if d is None else f"{d:.0f}", str(row.get("first_seen_at"))[:10]] for row, d in zip(ordered, days)]
    fig = go.Figure(go.Bar(
        x=_values(ordered, "signals"), y=_values(ordered, "gap_id"), orientation="h",
        marker=dict(color=[d or 0 for d in days], colorscale="OrRd", showscale=True,
                    colorbar=dict(title=dict(text="days open"))),
        text=[f"{c[3]} days open" for c in custom], textposition="auto", customdata=custom,
        hovertemplate=("%{y}: %{x} signals<br>low-confidence answers %{customdata[0]}, low-confidence handoffs "
                       "%{customdata[1]}, thumbs-down %{customdata[2]}<br>first seen %{customdata[4]}<extra></extra>"),
    ))
    fig.update_xaxes(title_text="gap signals (low-confidence answers and handoffs, thumbs-down)")
    _layout(fig, height=max(320, 60 + 34 * len(ordered)), hovermode="closest")
    fig.update_layout(margin=dict(l=200))
    return fig


# --- cost per resolution --------------------------------------------------------------------------


def cost_per_resolution(months: Sequence[Row]) -> go.Figure:
    """AI vs human cost per resolution per month, the blended cost per ticket and its pre-AI baseline.

    months: cost_month, ai_cost_per_resolution, human_cost_per_resolution, blended_cost_per_ticket,
    baseline_cost_per_ticket, ai_true_resolutions, human_resolutions, cost_missing_reason
    """
    x = _values(months, "cost_month")
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=[_num(v) for v in _values(months, "ai_cost_per_resolution")],
                             name="AI cost per true resolution", mode="lines+markers", line=dict(color=AI, width=3),
                             customdata=_values(months, "ai_true_resolutions"),
                             hovertemplate="$%{y:,.2f} over %{customdata} true resolutions"))
    fig.add_trace(go.Scatter(x=x, y=[_num(v) for v in _values(months, "human_cost_per_resolution")],
                             name="Human cost per resolution", mode="lines+markers", line=dict(color=HUMAN, width=3),
                             customdata=_values(months, "human_resolutions"),
                             hovertemplate="$%{y:,.2f} over %{customdata} resolutions"))
    fig.add_trace(go.Scatter(x=x, y=[_num(v) for v in _values(months, "blended_cost_per_ticket")],
                             name="Blended cost per ticket", mode="lines", line=dict(color=DEFLECTION, dash="dot"),
                             hovertemplate="$%{y:,.2f}"))
    baseline = next((_num(row.get("baseline_cost_per_ticket")) for row in months
                     if row.get("baseline_cost_per_ticket") is not None), None)
    if baseline is not None:
        fig.add_hline(y=baseline, line=dict(color="#666666", dash="dash", width=1),
                      annotation_text=f"pre-AI cost per ticket ${baseline:,.2f}", annotation_position="bottom right")
    fig.update_yaxes(tickprefix="$", rangemode="tozero", title_text="USD")
    _monthly_axis(fig)
    return _layout(fig, height=440)


# --- pilot scorecard ------------------------------------------------------------------------------


def pilot_scorecard(metrics: Sequence[Row]) -> go.Figure:
    """Weeks 1-4 of each pilot metric with its target band, one small panel per metric.

    metrics: metric, unit, target_min, target_max, week_N_value (N = 1..4), is_week_1_on_target,
    is_week_4_on_target (green: on target, red: off target, grey: not judged or no target)
    """
    metrics = list(metrics)
    columns = 3
    rows = max(1, math.ceil(len(metrics) / columns))
    fig = make_subplots(rows=rows, cols=columns, vertical_spacing=0.22 / rows * 2, horizontal_spacing=0.08,
                        subplot_titles=[m["metric"].replace("_", " ") for m in metrics])
    for index, metric in enumerate(metrics):
        row, col = index // columns + 1, index % columns + 1
        fraction = metric.get("unit") == "fraction"
        values = [_num(metric.get(f"week_{week}_value")) for week in (1, 2, 3, 4)]
        low, high = _num(metric.get("target_min")), _num(metric.get("target_max"))
        # week 1 and week 4 are judged against the target by the mart; weeks 2-3 are context
        on_target = {1: metric.get("is_week_1_on_target"), 4: metric.get("is_week_4_on_target")}
        colours = [ON_TARGET if on_target.get(w) is True else BAD if on_target.get(w) is False else NEUTRAL
                   for w in (1, 2, 3, 4)]
        fig.add_trace(go.Bar(x=["W1", "W2", "W3", "W4"], y=values, marker_color=colours, showlegend=False,
                             name=metric["metric"],
                             text=[_bar_label(v, fraction) for v in values], textposition="outside",
                             hovertemplate="%{x}: %{text}<extra>" + metric["metric"] + "</extra>"),
                      row=row, col=col)
        if low is not None or high is not None:
            present = [v for v in values if v is not None] or [0.0]
            y0 = low if low is not None else min(present + [0.0])
            y1 = high if high is not None else (1.0 if fraction else max(present + [y0]) * 1.2 + 1)
            fig.add_hrect(y0=y0, y1=y1, row=row, col=col, fillcolor=HUMAN, opacity=0.15, line_width=0, layer="below")
        if fraction:
            fig.update_yaxes(tickformat=".0%", range=[min([0.0] + [v for v in values if v is not None]) * 1.15, 1.1],
                             row=row, col=col)
    return _layout(fig, height=260 * rows + 60, hovermode="closest")


def _bar_label(value: float | None, fraction: bool) -> str:
    if value is None:
        return "n/a"
    return f"{100 * value:.0f}%" if fraction else f"{value:,.1f}"



# --- next steps (issue 18) ---------------------------------------------------------------------------


def table(header: Sequence[str], cells: Sequence[Sequence[Any]], *, widths: Sequence[int] | None = None,
          row_height: int = 28) -> go.Figure:
    """A plain table (the report's evidence lists): header and one list per row of text cells;
    `widths` are relative column widths, `row_height` the pixels a row needs (more for wrapped text)."""
    columns = [list(column) for column in zip(*cells)] if cells else [[] for _ in header]
    fig = go.Figure(go.Table(
        columnwidth=list(widths) if widths else None,
        header=dict(values=list(header), fill_color="#e4e7eb", align="left", font=dict(size=12)),
        cells=dict(values=columns, align="left", font=dict(size=12), height=26),
    ))
    return _layout(fig, height=110 + row_height * len(cells), hovermode="closest")


def channel_shift(months: Sequence[Row]) -> go.Figure:
    """Monthly volume share per channel (solid) against its pre-AI baseline share (dotted).

    months: period_start, channel, volume_share, baseline_volume_share (fct_channel_volume, intent 'all')
    """
    fig = go.Figure()
    channels = sorted({row["channel"] for row in months})
    for index, channel in enumerate(channels):
        series = [row for row in months if row["channel"] == channel]
        colour = TRIGGER_COLOURS[index % len(TRIGGER_COLOURS)]
        fig.add_trace(go.Scatter(x=_values(series, "period_start"), y=[_num(v) for v in _values(series, "volume_share")],
                                 mode="lines+markers", name=channel, line=dict(color=colour)))
        baseline = next((_num(r["baseline_volume_share"]) for r in series if r.get("baseline_volume_share") is not None),
                        None)
        if baseline is not None:
            fig.add_trace(go.Scatter(x=[series[0]["period_start"], series[-1]["period_start"]], y=[baseline, baseline],
                                     mode="lines", name=f"{channel}, pre-AI", showlegend=False,
                                     line=dict(color=colour, dash="dot", width=1),
                                     hovertemplate=f"{channel} pre-AI share: %{{y:.1%}}<extra></extra>"))
    fig.update_yaxes(tickformat=".0%", title_text="share of all conversations")
    _monthly_axis(fig)
    return _layout(fig, height=420)


def intent_pareto(intents: Sequence[Row]) -> go.Figure:
    """Volume share per intent (head dark, tail light) with the cumulative share on a second axis.

    intents: intent, volume_share, cumulative_share, is_head, head_share_target (fct_intent_pareto)
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Bar(x=_values(intents, "intent"), y=[_num(v) for v in _values(intents, "volume_share")],
                         marker_color=[AI if row["is_head"] else NEUTRAL for row in intents], name="volume share",
                         hovertemplate="%{x}: %{y:.1%}<extra></extra>"), secondary_y=False)
    fig.add_trace(go.Scatter(x=_values(intents, "intent"), y=[_num(v) for v in _values(intents, "cumulative_share")],
                             mode="lines+markers", name="cumulative share", line=dict(color=AI_THEN_HUMAN)),
                  secondary_y=True)
    target = _num(intents[0].get("head_share_target")) if intents else None
    if target is not None:
        fig.add_hline(y=target, line_dash="dash", line_color=BAD, secondary_y=True,
                      annotation_text=f"{100 * target:.0f}% of volume", annotation_position="top left")
    fig.update_yaxes(tickformat=".0%", title_text="share of volume", secondary_y=False)
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05], secondary_y=True)
    return _layout(fig, height=420, hovermode="closest")
