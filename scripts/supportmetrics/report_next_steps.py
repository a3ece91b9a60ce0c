"""The report's stage-focus and next-steps sections (issue 18), drawn from next_steps.py's rows.

- focus: the metrics the current stage leads with (seed stage_lead_metrics), first on the page;
- channel_shift: volume share per channel against the pre-AI baseline, with the displacement
  verdicts of the human-only channels;
- intent_pareto: the Pareto of intents and the head against the tail;
- expansion: the ranked next categories to hand the AI with their evidence and sample sizes (or,
  when none is left, the evidence of the current scope).
Every value is a mart's; a missing mart makes the section say why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from supportmetrics import next_steps
from supportmetrics.formatting import fmt_pct
from supportmetrics import report_charts as charts

if TYPE_CHECKING:
    from supportmetrics.report import MartReader, Section


def _n(value: Any) -> str:
    return "0" if value is None else f"{int(value):,}"


def _unavailable(exc: next_steps.NotBuilt) -> Exception:
    from supportmetrics.report import Unavailable

    return Unavailable(str(exc))


def focus_section(reader: MartReader, section: Section) -> None:
    latest = reader.rows("fct_stage_assessment", """
        select period_start, assessed_stage, assessed_stage_name from marts.fct_stage_assessment
        where period_type = 'month' and slice_dimension = 'overall' and is_latest_complete_month
        """, empty="no complete month assessed yet (marts.fct_stage_assessment)")[0]
    try:
        leads = next_steps.stage_lead_metrics(reader.con, int(latest["assessed_stage"]), latest["period_start"])
    except next_steps.NotBuilt as exc:
        raise _unavailable(exc) from None
    if not leads:
        from supportmetrics.report import Unavailable

        raise Unavailable(f"the stage_lead_metrics seed names no metric for stage {latest['assessed_stage']}")
    section.title = f"Stage {latest['assessed_stage']} ({latest['assessed_stage_name']}): what to watch first"
    section.figures.append(charts.table(["metric", f"{latest['period_start']:%B %Y}", "sample size / interval / why missing"],
                                        [[lead.label, lead.value, lead.detail or "-"] for lead in leads],
                                        widths=[160, 70, 400], row_height=48))
    section.notes.append("The metrics the maturity model names for this stage (seed stage_lead_metrics); "
                         "everything else follows below.")


def channel_shift_section(reader: MartReader, section: Section) -> None:
    try:
        months = next_steps.channel_shift(reader.con)
        verdicts = next_steps.displacement_verdicts(reader.con)
    except next_steps.NotBuilt as exc:
        raise _unavailable(exc) from None
    if not months:
        from supportmetrics.report import Unavailable

        raise Unavailable("marts.fct_channel_volume is empty (no conversations)")
    if all(row["baseline_volume_share"] is None for row in months):
        section.notes.append("No pre-AI baseline month: shares are shown without their baseline.")
    section.figures.append(charts.channel_shift(months))
    if not verdicts:
        section.notes.append("No human-only channel beside the AI channels in the latest complete month: "
                             "nothing for customers to move to.")
    for row in verdicts:
        section.notes.append(
            f"{row['period_start']:%B %Y}, human-only {row['channel']}: {row['verdict_text']} (share change "
            f"{row['share_change_points']:+.1f} pts vs pre-AI, 95%: {row['share_change_lower_points']:+.1f} to "
            f"{row['share_change_upper_points']:+.1f}; n = {_n(row['n'])}, needs {row['min_n']}).")
    section.notes.append("Dotted: each channel's pre-AI share. Displacement = the AI channels' deflection rises while a "
                         "human-only channel's share or volume per customer rises beyond noise (fct_channel_displacement).")


def intent_pareto_section(reader: MartReader, section: Section) -> None:
    try:
        intents = next_steps.intent_pareto(reader.con)
        groups = next_steps.intent_concentration(reader.con)
    except next_steps.NotBuilt as exc:
        raise _unavailable(exc) from None
    if not intents:
        from supportmetrics.report import Unavailable

        raise Unavailable("marts.fct_intent_pareto is empty (no conversations in the window)")
    section.figures.append(charts.intent_pareto(intents))
    first = intents[0]
    section.notes.append(f"Window: {first['window_start']:%d %b} - {first['window_end']:%d %b %Y} "
                         f"({first['window_days']} days, {_n(first['window_conversations'])} conversations).")
    for row in groups:
        if row["intent_group"] == "head" and row["summary"]:
            section.notes.append(row["summary"] + ".")
        if row["intent_group"] in ("head", "tail"):
            resolution = (fmt_pct(row["true_resolution_rate"]) if row["true_resolution_rate"] is not None
                          else f"n/a ({row['true_resolution_missing_reason']})")
            section.notes.append(
                f"{row['intent_group'].capitalize()} ({row['intents']} intents): AI coverage {fmt_pct(row['ai_coverage_rate'])} "
                f"(95%: {fmt_pct(row['ai_coverage_lower'])} to {fmt_pct(row['ai_coverage_upper'])}, n = {_n(row['conversations'])}), "
                f"true resolution {resolution} (n = {_n(row['judged_ai_involved_conversations'])}).")


def expansion_section(reader: MartReader, section: Section) -> None:
    try:
        candidates = next_steps.expansion_candidates(reader.con, limit=15)
        evidence = next_steps.current_scope_evidence(reader.con)
    except next_steps.NotBuilt as exc:
        raise _unavailable(exc) from None
    header = ["rank", "intent", "mode", "readiness", "draft acceptance (n)", "QA accuracy (n)",
              "escalation accuracy (n)", "open gaps", "live KB", "volume", "deflection +", "hours / month"]
    if candidates:
        cells = [[
            f"{row['candidate_rank']}{' (now)' if row['is_recommended_now'] else ''}", row["intent"],
            row["current_ai_mode"], row["readiness_reason"],
            f"{fmt_pct(row['draft_acceptance_rate'])} ({_n(row['drafts'])})",
            f"{fmt_pct(row['qa_accuracy_rate'])} ({_n(row['scored_ai_reviews'])})",
            f"{fmt_pct(row['escalation_accuracy'])} ({_n(row['reviewed_ai_conversations'])})",
            _n(row["open_knowledge_gaps"]), _n(row["live_kb_articles"]), fmt_pct(row["volume_share"]),
            "n/a" if row["projected_deflection_points"] is None else f"{row['projected_deflection_points']:+.1f} pts",
            "n/a" if row["projected_capacity_hours_per_month"] is None
            else f"{row['projected_capacity_hours_per_month']:,.1f} h",
        ] for row in candidates]
        section.figures.append(charts.table(header, cells, widths=[45, 120, 80, 260, 85, 75, 85, 45, 45, 55, 70, 65],
                                            row_height=40))
        section.notes.append("(now) = ready and among the one or two categories to add at a time; add them, then "
                             "monitor quality for each before the next. Projections use the deflection the autonomous "
                             "intents already reach (or the intent's draft acceptance) and the intent's pre-AI handle time.")
    else:
        scope = [row for row in evidence if not row["is_excluded"]]
        section.notes.append("No candidate left: every categorised intent already has autonomous scope. The evidence "
                             "of the current scope follows.")
        section.figures.append(charts.table(
            ["intent", "mode", "draft acceptance (n)", "QA accuracy (n)", "escalation accuracy (n)", "open gaps",
             "live KB", "volume"],
            [[row["intent"], row["current_ai_mode"], f"{fmt_pct(row['draft_acceptance_rate'])} ({_n(row['drafts'])})",
              f"{fmt_pct(row['qa_accuracy_rate'])} ({_n(row['scored_ai_reviews'])})",
              f"{fmt_pct(row['escalation_accuracy'])} ({_n(row['reviewed_ai_conversations'])})",
              _n(row["open_knowledge_gaps"]), _n(row["live_kb_articles"]), fmt_pct(row["volume_share"])] for row in scope]))
    excluded = [row for row in evidence if row["is_excluded"] and row["exclusion_reason"] and
                not row["exclusion_reason"].startswith("not a category")]
    for row in excluded:
        warning = " It is autonomous today: review that decision." if row["is_autonomous"] else ""
        section.notes.append(f"Never recommended: {row['intent']} ({row['exclusion_reason']}).{warning}")
