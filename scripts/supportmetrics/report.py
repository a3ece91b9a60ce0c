"""`supportmetrics report`: the marts as one self-contained HTML page a CX leader can open offline.

Charts: the maturity stage over time against the benchmark bands, deflection vs true resolution,
CSAT by stream, escalation triggers, the top open knowledge gaps, AI vs human cost per
resolution, and the pilot scorecard when a pilot start date is set. plotly.js is embedded once,
so the file needs no network.

Reads only the marts (plus the stage-benchmark seed, for the bands) over a read-only connection.
A section whose mart is missing or empty says "not available: <reason>" instead of drawing a
chart: no number is ever invented here, every value is a mart's.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Sequence

import duckdb
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs
from rich.text import Text

from supportmetrics import paths
from supportmetrics import report_charts as charts
from supportmetrics import report_next_steps
from supportmetrics.scorecard import (
    METRIC_LABELS,
    fmt_anti_pattern_verdict,
    fmt_estimate,
    fmt_trajectory,
    fmt_value,
    fmt_verdict,
)
from supportmetrics.warehouse import connect

REPORT_FILE = "supportmetrics-report.html"
TOP_KNOWLEDGE_GAPS = 10
MARTS = "marts"
REFERENCE = "reference"

Row = dict[str, Any]


class Unavailable(Exception):
    """A section cannot be drawn honestly; the message is the reason shown to the reader."""


@dataclass
class Section:
    key: str
    title: str
    question: str
    figures: list[go.Figure] = field(default_factory=list)
    unavailable: str | None = None
    notes: list[str] = field(default_factory=list)


class MartReader:
    """Reads marts (and seeds) and turns a missing or empty relation into Unavailable."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def exists(self, name: str, schema: str = MARTS) -> bool:
        query = "select count(*) from information_schema.tables where table_schema = ? and table_name = ?"
        return bool(self.con.execute(query, [schema, name]).fetchone()[0])  # type: ignore[index]

    def rows(self, name: str, sql: str, params: Sequence[Any] = (), *, empty: str | None = None,
             schema: str = MARTS) -> list[Row]:
        """Rows of `sql` over `schema.name`; Unavailable when the relation is missing, or empty and `empty` given."""
        if not self.exists(name, schema):
            raise Unavailable(f"{schema}.{name} is missing (build the project: supportmetrics build)")
        try:
            cursor = self.con.execute(sql, list(params))
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, values)) for values in cursor.fetchall()]
        except duckdb.Error as exc:
            raise Unavailable(f"{schema}.{name} could not be read ({str(exc).splitlines()[0]})") from None
        if not rows and empty is not None:
            raise Unavailable(empty)
        return rows


# --- sections ---------------------------------------------------------------------------------------


def _stage_section(reader: MartReader, section: Section) -> None:
    months = reader.rows(
        "fct_stage_assessment",
        """
        select period_start, assessed_stage, assessed_stage_name, deflection_rate, true_resolution_rate,
               is_complete, next_stage, next_stage_name, advancement_blockers, missing_inputs
        from marts.fct_stage_assessment
        where period_type = 'month' and slice_dimension = 'overall'
        order by period_start
        """,
        empty="marts.fct_stage_assessment has no monthly rows (no conversations)",
    )
    bands: list[Row] = []
    try:
        names = {}
        if reader.exists("stage_criteria", REFERENCE):
            names = {r["stage"]: r["stage_name"] for r in reader.rows(
                "stage_criteria",
                "select stage, min(stage_name) as stage_name from reference.stage_criteria group by 1",
                schema=REFERENCE)}
        bands = reader.rows(
            "stage_benchmarks",
            """
            select stage, benchmark_low, benchmark_high
            from reference.stage_benchmarks
            where metric = 'deflection_rate'
            order by stage
            """,
            schema=REFERENCE,
        )
        for band in bands:
            band["stage_name"] = names.get(band["stage"], "")
    except Unavailable as exc:
        section.notes.append(f"Benchmark bands not available: {exc}.")
    section.figures.append(charts.stage_over_time(months, bands))
    latest = next((m for m in reversed(months) if m.get("is_complete")), months[-1])
    line = (f"{latest['period_start']:%B %Y}{'' if latest.get('is_complete') else ' (incomplete)'}: "
            f"stage {latest['assessed_stage']} {latest.get('assessed_stage_name') or ''}.")
    if latest.get("next_stage") is not None and latest.get("advancement_blockers"):
        line += (f" To reach stage {latest['next_stage']} {latest.get('next_stage_name') or ''}: "
                 f"{latest['advancement_blockers']}.")
    section.notes.append(line)
    if latest.get("missing_inputs"):
        section.notes.append(f"Inputs this stage needs that are missing: {latest['missing_inputs']}.")
    _stage_verdict_notes(reader, section, latest)


def _plain(markup: str) -> str:
    """A scorecard verdict without its terminal colours ('insufficient data: n = 12, needs 30')."""
    return Text.from_markup(markup).plain.replace("insufficient data n =", "insufficient data: n =")


def _metric_label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric.replace("_", " "))


def _stage_verdict_notes(reader: MartReader, section: Section, latest: Row) -> None:
    """The verdicts behind the latest month's stage in plain words: each rate criterion of the stages
    up to the next one and the gate out of the current stage with its value, 95% interval and n
    (clear pass, pass within noise, FAIL, insufficient data: n = 12, needs 30), the headline
    trajectories and the anti-patterns."""
    month, stage = latest["period_start"], latest["assessed_stage"]
    try:
        checks = reader.rows("fct_stage_criteria_checks", """
            select check_type, stage, from_stage, criterion, metric, unit, metric_value, operator, threshold, n, min_n,
                   interval_lower, interval_upper, verdict, verdict_strength, missing_reason
            from marts.fct_stage_criteria_checks
            where period_type = 'month' and period_start = ? and slice_dimension = 'overall'
                and ((check_type = 'stage_criterion' and stage between 2 and ? and min_n is not null)
                    or (check_type = 'gate' and from_stage = ?))
            order by case when check_type = 'gate' then 1 else 0 end, stage, criterion
            """, [month, (latest.get("next_stage") or stage), stage])
        for row in checks:
            kind = (f"Gate {row['from_stage']}->{row['stage']} {row['criterion']}" if row["check_type"] == "gate"
                    else f"Stage {row['stage']} {_metric_label(row['metric'])}")
            section.notes.append(
                f"{kind}: {fmt_value(row['metric_value'], row['unit'])} (95% interval and n: "
                f"{fmt_estimate(row, row['unit'])}), needs {row['operator']} {fmt_value(row['threshold'], row['unit'])}: "
                f"{_plain(fmt_verdict(row))}.")
        headline = reader.rows("rpt_stage_scorecard", """
            select metric, unit, trajectory, change_lower, change_upper from marts.rpt_stage_scorecard
            where period_type = 'month' and trajectory is not null order by metric
            """)
        if headline:
            section.notes.append("Month over month: " + "; ".join(
                f"{_metric_label(r['metric'])} {fmt_trajectory(r['trajectory'], r['change_lower'], r['change_upper'], r['unit'])}"
                for r in headline) + ".")
        patterns = reader.rows("fct_stage_anti_patterns", """
            select anti_pattern, verdict, n, min_n from marts.fct_stage_anti_patterns where period_start = ?
            order by anti_pattern
            """, [month])
        if patterns:
            section.notes.append("Anti-patterns: " + "; ".join(
                f"{r['anti_pattern'].replace('_', ' ')} {_plain(fmt_anti_pattern_verdict(r))}" for r in patterns) + ".")
    except Unavailable as exc:
        section.notes.append(f"Stage verdicts not available: {exc}.")


def _resolution_section(reader: MartReader, section: Section) -> None:
    weeks = reader.rows(
        "fct_resolution_quality",
        """
        select period_start, conversations, ai_involved_conversations, judged_ai_involved_conversations,
               pending_window_conversations, deflection_rate, judged_ai_containment_rate, true_resolution_rate,
               deflection_vs_true_resolution_gap_points
        from marts.fct_resolution_quality
        where period_grain = 'week' and slice_dimension = 'overall'
        order by period_start
        """,
        empty="marts.fct_resolution_quality has no rows (no conversations)",
    )
    if not any((w.get("ai_involved_conversations") or 0) > 0 for w in weeks):
        raise Unavailable("no AI-involved conversations yet, so there is nothing deflected to judge")
    section.figures.append(charts.deflection_vs_true_resolution(weeks))
    pending = sum(w.get("pending_window_conversations") or 0 for w in weeks[-2:])
    section.notes.append(
        "Weeks start on Monday. True resolution and containment are judged only on conversations whose 72 h "
        f"windows have closed; the last two weeks still hold {pending:,} conversations waiting for their window.")


def _csat_section(reader: MartReader, section: Section) -> None:
    streams = reader.rows(
        "fct_csat_streams",
        """
        select period_start, stream, responses, csat_satisfied_rate, csat_mean
        from marts.fct_csat_streams
        where period_grain = 'month' and slice_dimension = 'overall'
        order by period_start, stream
        """,
        empty="marts.fct_csat_streams has no rows (no conversations)",
    )
    if not any((s.get("responses") or 0) > 0 for s in streams):
        raise Unavailable("no CSAT responses (the csat_responses table is empty or unmatched)")
    gaps = reader.rows(
        "fct_csat_gap",
        """
        select period_start, csat_gap_points, csat_gap_missing_reason
        from marts.fct_csat_gap
        where period_grain = 'month' and slice_dimension = 'overall'
        order by period_start
        """,
    )
    section.figures.append(charts.csat_by_stream(streams, gaps))
    latest_gap = next((g for g in reversed(gaps) if g.get("csat_gap_points") is not None), None)
    if latest_gap is not None:
        section.notes.append(f"Latest gap ({latest_gap['period_start']:%B %Y}): "
                             f"{latest_gap['csat_gap_points']:+.1f} points (AI only minus human only).")


def _escalation_section(reader: MartReader, section: Section) -> None:
    triggers = reader.rows(
        "fct_handoff_performance",
        """
        select period_start, slice_value as trigger, handoffs, context_preservation_rate
        from marts.fct_handoff_performance
        where slice_dimension = 'trigger'
        order by period_start, trigger
        """,
        empty="no handoffs: no AI conversation has been escalated to a human",
    )
    quality: list[Row] = []
    try:
        quality = reader.rows(
            "fct_escalation_quality",
            """
            select period_start, appropriate, unnecessary, missed, escalation_accuracy
            from marts.fct_escalation_quality
            where period_grain = 'month' and slice_dimension = 'overall' and reviewed_ai_conversations > 0
            order by period_start
            """,
        )
        if not quality:
            section.notes.append("QA verdicts not available: no QA-reviewed AI conversations.")
    except Unavailable as exc:
        section.notes.append(f"QA verdicts not available: {exc}.")
    section.figures.append(charts.escalation_triggers(triggers, quality))
    section.notes.append("'implicit' = a human replied after the AI without a handoff record (no context passed).")


def _knowledge_gap_section(reader: MartReader, section: Section) -> None:
    counts = reader.rows(
        "fct_knowledge_gaps",
        "select count(*) as gaps, count(case when is_open then 1 end) as open_gaps from marts.fct_knowledge_gaps",
    )[0]
    if not counts["gaps"]:
        raise Unavailable("marts.fct_knowledge_gaps is empty: no knowledge-gap signals "
                          "(no low-confidence answers or handoffs, no unhelpful feedback)")
    if not counts["open_gaps"]:
        raise Unavailable(f"no open knowledge gaps: all {counts['gaps']} gaps seen were closed by a "
                          "knowledge-base change")
    gaps = reader.rows(
        "fct_knowledge_gaps",
        """
        select gap_id, intent, signals, low_confidence_answers, low_confidence_handoffs, unhelpful_answers,
               open_for_days, first_seen_at
        from marts.fct_knowledge_gaps
        where is_open
        order by signals desc, open_for_days desc, gap_id
        limit ?
        """,
        [TOP_KNOWLEDGE_GAPS],
    )
    section.figures.append(charts.open_knowledge_gaps(gaps))
    section.notes.append(f"{counts['open_gaps']} open of {counts['gaps']} gaps seen; the {len(gaps)} with the most "
                         "signals are shown. A gap closes at the next knowledge-base change of its intent.")


def _cost_section(reader: MartReader, section: Section) -> None:
    months = reader.rows(
        "fct_cost_per_resolution",
        """
        select cost_month, ai_cost_per_resolution, human_cost_per_resolution, blended_cost_per_ticket,
               baseline_cost_per_ticket, ai_true_resolutions, human_resolutions, cost_missing_reason,
               cost_per_ticket_change_rate
        from marts.fct_cost_per_resolution
        order by cost_month
        """,
        empty="marts.fct_cost_per_resolution has no rows (no conversations and no cost data)",
    )
    keys = ("ai_cost_per_resolution", "human_cost_per_resolution", "blended_cost_per_ticket")
    if not any(m.get(k) is not None for m in months for k in keys):
        reasons = sorted({m["cost_missing_reason"] for m in months if m.get("cost_missing_reason")})
        raise Unavailable("no month can be costed (" + (", ".join(reasons) or "no cost or resolution data") + ")")
    section.figures.append(charts.cost_per_resolution(months))
    gaps = [f"{m['cost_month']:%b %Y}: {m['cost_missing_reason']}" for m in months if m.get("cost_missing_reason")]
    if gaps:
        section.notes.append("Months without a cost figure: " + "; ".join(gaps) + ".")
    latest = next((m for m in reversed(months) if m.get("cost_per_ticket_change_rate") is not None), None)
    if latest is not None:
        section.notes.append(f"Blended cost per ticket in {latest['cost_month']:%B %Y}: "
                             f"{100 * latest['cost_per_ticket_change_rate']:+.0f}% vs the pre-AI baseline.")


def _pilot_section(reader: MartReader, section: Section) -> None:
    metrics = reader.rows(
        "rpt_pilot_scorecard",
        """
        select metric, unit, target_min, target_max, target_description,
               week_1_value, week_2_value, week_3_value, week_4_value, is_week_1_on_target, is_week_4_on_target,
               is_pilot_complete
        from marts.rpt_pilot_scorecard
        order by case when target_min is null and target_max is null then 1 else 0 end, metric
        """,
        empty="no pilot start date set (dbt var pilot_start_date), so there is no pilot to score",
    )
    section.figures.append(charts.pilot_scorecard(metrics))
    try:
        decision = reader.rows("rpt_pilot_decision", "select decision, decision_rule from marts.rpt_pilot_decision")
    except Unavailable as exc:
        decision = []
        section.notes.append(f"Decision not available: {exc}.")
    for row in decision:
        words = str(row["decision"]).replace("_", " ").upper()  # insufficient_data -> INSUFFICIENT DATA
        section.notes.append(f"Decision: {words}. {row.get('decision_rule') or ''}")
    if metrics and not metrics[0].get("is_pilot_complete"):
        section.notes.append("The data does not cover all four pilot weeks yet.")
    section.notes.append("Shaded band: the target range. Week 1 and week 4 bars are green on target, red off target; "
                         "grey bars are weeks 2-3 or metrics without a target.")


SECTIONS: tuple[tuple[str, str, str, Callable[[MartReader, Section], None]], ...] = (
    ("focus", "What this stage watches first",
     "The few metrics the maturity model says matter at the current stage (the rest of the report follows).",
     report_next_steps.focus_section),
    ("stage", "Maturity stage over time",
     "Where does the helpdesk sit on the five-stage AI-support maturity model, month by month, and how does "
     "its deflection rate compare with each stage's benchmark band?",
     _stage_section),
    ("resolution", "Deflection vs true resolution",
     "Of the conversations the AI 'deflected', how many were really resolved: no return within 72 h, no reopen, "
     "no angry ending, no low CSAT?",
     _resolution_section),
    ("csat", "CSAT by stream",
     "Are customers the AI handled alone as satisfied as those humans handled?",
     _csat_section),
    ("escalation", "Why conversations escalate",
     "What makes the AI hand conversations to humans, and were those handoffs the right call?",
     _escalation_section),
    ("knowledge_gaps", "Top open knowledge gaps",
     "Which intents keep tripping the AI (low-confidence answers, low-confidence handoffs, thumbs-down) with no "
     "knowledge-base article fixing them yet?",
     _knowledge_gap_section),
    ("cost", "Cost per resolution: AI vs human",
     "What does a resolution cost when the AI truly resolves it, and when a human does?",
     _cost_section),
    ("channel_shift", "Channel shift",
     "Are customers moving to channels where the AI does not answer, avoiding it, while its deflection rises?",
     report_next_steps.channel_shift_section),
    ("intent_pareto", "Intent concentration",
     "How few intents make up 70% of the volume, and how well does the AI cover and resolve them against the rest?",
     report_next_steps.intent_pareto_section),
    ("expansion", "Next categories to hand the AI",
     "Which intents are ready for autonomous AI next, on what evidence, and what would each move?",
     report_next_steps.expansion_section),
    ("pilot", "Pilot scorecard",
     "Four weeks of pilot side by side against the pilot plan's targets: scale, adjust or overhaul?",
     _pilot_section),
)


def build_sections(con: duckdb.DuckDBPyConnection) -> list[Section]:
    """Every section, drawn or with the reason it is not available."""
    reader = MartReader(con)
    sections = []
    for key, title, question, build in SECTIONS:
        section = Section(key, title, question)
        try:
            build(reader, section)
        except Unavailable as exc:
            section.figures, section.notes, section.unavailable = [], [], str(exc)
        sections.append(section)
    return sections


# --- headline cards ----------------------------------------------------------------------------------


def _first(reader: MartReader, name: str, sql: str) -> Row | None:
    try:
        rows = reader.rows(name, sql)
    except Unavailable:
        return None
    return rows[0] if rows else None


def _pct(value: Any) -> str:
    return "n/a" if value is None else f"{100 * float(value):.1f}%"


def headline_cards(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(label, value, caption) for the top of the page; 'n/a' where a mart has no value."""
    reader = MartReader(con)
    cards: list[tuple[str, str, str]] = []
    stage = _first(reader, "fct_stage_assessment", """
        select period_start, assessed_stage, assessed_stage_name from marts.fct_stage_assessment
        where period_type = 'month' and slice_dimension = 'overall' and is_latest_complete_month""")
    cards.append(("Maturity stage",
                  "n/a" if stage is None else f"{stage['assessed_stage']} {stage['assessed_stage_name']}",
                  "latest complete month" if stage is None else f"{stage['period_start']:%B %Y}"))
    rq = _first(reader, "fct_resolution_quality", """
        select period_start, conversations, deflection_rate, true_resolution_rate,
               deflection_vs_true_resolution_gap_points
        from marts.fct_resolution_quality where period_grain = 'month' and slice_dimension = 'overall'
        order by period_start desc limit 1""")
    caption = "" if rq is None else f"{rq['period_start']:%B %Y}, {rq['conversations']:,} conversations"
    cards.append(("Deflection rate", _pct(None if rq is None else rq["deflection_rate"]), caption))
    cards.append(("True resolution rate", _pct(None if rq is None else rq["true_resolution_rate"]), caption))
    gap = None if rq is None else rq["deflection_vs_true_resolution_gap_points"]
    cards.append(("Deflected, not resolved", "n/a" if gap is None else f"{gap:.1f} pts",
                  "of judged AI conversations"))
    csat = _first(reader, "fct_csat_gap", """
        select period_start, csat_gap_points from marts.fct_csat_gap
        where period_grain = 'month' and slice_dimension = 'overall' and csat_gap_points is not null
        order by period_start desc limit 1""")
    cards.append(("CSAT gap, AI vs human", "n/a" if csat is None else f"{csat['csat_gap_points']:+.1f} pts",
                  "" if csat is None else f"{csat['period_start']:%B %Y}"))
    cost = _first(reader, "fct_cost_per_resolution", """
        select cost_month, ai_cost_per_resolution, human_cost_per_resolution from marts.fct_cost_per_resolution
        where ai_cost_per_resolution is not null and human_cost_per_resolution is not null
        order by cost_month desc limit 1""")
    cards.append(("Cost per resolution",
                  "n/a" if cost is None else
                  f"${cost['ai_cost_per_resolution']:,.2f} AI / ${cost['human_cost_per_resolution']:,.2f} human",
                  "" if cost is None else f"{cost['cost_month']:%B %Y}"))
    return cards


def data_as_of(con: duckdb.DuckDBPyConnection) -> str | None:
    row = _first(MartReader(con), "fct_resolution_quality_daily",
                 "select max(created_date) as as_of from marts.fct_resolution_quality_daily")
    return None if row is None or row["as_of"] is None else f"{row['as_of']:%d %B %Y}"


# --- HTML ----------------------------------------------------------------------------------------------

CSS = """
body { font-family: Inter, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; margin: 0;
       background: #f5f6f8; color: #1f2933; }
header { background: #1f2933; color: #ffffff; padding: 28px 40px 22px; }
header h1 { margin: 0 0 6px; font-size: 26px; }
header p { margin: 0; color: #cbd2d9; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 48px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 14px; margin-bottom: 22px; }
.card { background: #ffffff; border-radius: 10px; padding: 14px 16px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.card .label { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #616e7c; }
.card .value { font-size: 22px; font-weight: 700; margin: 4px 0; }
.card .caption { font-size: 12px; color: #7b8794; }
nav { margin-bottom: 18px; font-size: 14px; }
nav a { margin-right: 14px; color: #2f6fb0; text-decoration: none; }
section { background: #ffffff; border-radius: 10px; padding: 18px 22px; margin-bottom: 22px;
          box-shadow: 0 1px 3px rgba(0,0,0,.08); }
section h2 { margin: 0 0 4px; font-size: 20px; }
section .question { margin: 0 0 10px; color: #52606d; }
section .note { margin: 6px 0 0; font-size: 13px; color: #52606d; }
.unavailable { padding: 18px; border: 1px dashed #9aa5b1; border-radius: 8px; color: #52606d; background: #fafbfc; }
footer { font-size: 12px; color: #7b8794; text-align: center; padding-bottom: 30px; }
"""


def render_html(sections: Sequence[Section], cards: Sequence[tuple[str, str, str]], *,
                as_of: str | None, generated_at: datetime) -> str:
    """The whole page: plotly.js once in the head, then one block per section."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>supportmetrics: AI support report</title>",
        f"<style>{CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        "<header><h1>AI customer support: what really got resolved</h1>",
        f"<p>Data up to {esc(as_of or 'n/a')}. Deflection is not resolution: every chart puts them side by side.</p>",
        "</header><main>",
        '<div class="cards">',
    ]
    for label, value, caption in cards:
        parts.append(f'<div class="card"><div class="label">{esc(label)}</div><div class="value">{esc(value)}</div>'
                     f'<div class="caption">{esc(caption)}</div></div>')
    parts.append("</div><nav>")
    parts += [f'<a href="#{esc(s.key)}">{esc(s.title)}</a>' for s in sections]
    parts.append("</nav>")
    chart_index = 0
    for section in sections:
        parts.append(f'<section id="{esc(section.key)}" data-section="{esc(section.key)}">')
        parts.append(f"<h2>{esc(section.title)}</h2>")
        if section.question:
            parts.append(f'<p class="question">{esc(section.question)}</p>')
        if section.unavailable:
            parts.append(f'<div class="unavailable">not available: {esc(section.unavailable)}</div>')
        for figure in section.figures:
            chart_index += 1
            parts.append(figure.to_html(full_html=False, include_plotlyjs=False,
                                        div_id=f"chart-{section.key}-{chart_index}",
                                        default_height=f"{figure.layout.height or 450}px",
                                        config={"displaylogo": False, "responsive": True}))
        for note in section.notes:
            parts.append(f'<p class="note">{esc(note)}</p>')
        parts.append("</section>")
    parts.append(f"<footer>Generated {generated_at:%Y-%m-%d %H:%M} UTC by supportmetrics from the warehouse marts. "
                 "Sections without data say why instead of showing a number.</footer>")
    parts.append("</main></body></html>")
    return "\n".join(parts)


def default_report_path() -> Path:
    return paths.reports_dir() / REPORT_FILE


def write_report(out: Path | None = None, *, warehouse: Path | None = None) -> Path:
    """Render the report from the warehouse (read-only) into `out` (default reports/supportmetrics-report.html)."""
    source = warehouse or paths.warehouse_path()
    if not source.exists():
        raise FileNotFoundError(f"No warehouse at {source}: build it first (supportmetrics build or make demo)")
    con = connect(source, read_only=True)
    try:
        sections = build_sections(con)
        cards = headline_cards(con)
        as_of = data_as_of(con)
    finally:
        con.close()
    page = render_html(sections, cards, as_of=as_of, generated_at=datetime.now(timezone.utc))
    target = out or default_report_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target
