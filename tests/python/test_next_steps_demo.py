"""End to end: the default demo preset's next steps (issue 18's "done when").

The preset `supportmetrics demo` uses (cli.DEMO_PROFILE, stage3) is generated small (6,000
conversations over 8 months, as in test_stage_assessment.py), loaded and built through the
next-steps marts. Stage 3 keeps the two hardest non-critical intents (technical troubleshooting,
bug reports) in draft_assist and the critical ones (security, payment disputes, legal) out of
autonomous scope, so:

- rpt_expansion_candidates ranks the two hard intents 1 and 2, each with its drafts (the
  readiness evidence, at least var stage_min_drafts of them) and its other checks' sample sizes;
- no intent of seeds/expansion_excluded_intents.csv, nor a catch-all label, is ever a candidate;
- the report's expansion section draws them as a table with "(n)" sample sizes and names the
  excluded intents, and the intent Pareto and channel-shift sections are drawn too.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Callable

import pytest

from conftest import ROOT, BuiltWarehouse
from supportmetrics.cli import DEMO_PROFILE
from supportmetrics.generator import generate
from supportmetrics.report import build_sections

SELECTION = ("resource_type:seed", "+rpt_expansion_candidates", "+rpt_intent_concentration",
             "+fct_channel_displacement", "+fct_channel_volume")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, warehouse_builder: Callable[..., BuiltWarehouse]) -> BuiltWarehouse:
    raw = tmp_path_factory.mktemp("raw_next_steps_demo") / "raw"
    generate(raw, profile=DEMO_PROFILE, conversations=6000, months=8, progress=False)
    return warehouse_builder("next_steps_demo", raw, select=SELECTION, tests=False)


def _excluded() -> set[str]:
    with (ROOT / "seeds" / "expansion_excluded_intents.csv").open() as handle:
        return {row["intent"] for row in csv.DictReader(handle)}


def test_default_demo_ranks_expansion_candidates_with_sample_sizes(demo: BuiltWarehouse) -> None:
    rows = demo.query("""
        select candidate_rank, intent, current_ai_mode, readiness, drafts, draft_acceptance_rate,
               scored_ai_reviews, reviewed_ai_conversations, conversations, live_kb_articles
        from marts.rpt_expansion_candidates order by candidate_rank""")
    assert DEMO_PROFILE == "stage3"
    assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
    assert {r[1] for r in rows} == {"technical_troubleshooting", "bug_report"}, rows
    for rank, intent, mode, readiness, drafts, acceptance, qa_n, esc_n, conversations, kb in rows:
        assert mode == "draft_assist", (intent, mode)
        assert readiness in ("ready", "not_ready", "insufficient_data")
        assert drafts >= 30 and acceptance is not None, (intent, drafts, acceptance)  # var stage_min_drafts
        assert qa_n is not None and esc_n is not None and conversations > drafts / 2 and kb >= 0
    excluded_modes = dict(demo.query("""
        select intent, current_ai_mode from marts.fct_expansion_evidence where is_excluded"""))
    assert {"security_concern", "payment_dispute", "legal_request"} <= set(excluded_modes)
    assert "autonomous" not in {excluded_modes[i] for i in ("security_concern", "payment_dispute", "legal_request")}


def test_default_demo_never_lists_an_excluded_intent(demo: BuiltWarehouse) -> None:
    candidates = {r[0] for r in demo.query("select intent from marts.rpt_expansion_candidates")}
    assert not candidates & (_excluded() | {"other", "unknown", "general", "misc"})


def test_default_demo_report_draws_the_next_steps_sections(demo: BuiltWarehouse) -> None:
    con = demo.connect()
    try:
        sections = {s.key: s for s in build_sections(con)}
    finally:
        con.close()
    for key in ("channel_shift", "intent_pareto", "expansion"):
        assert sections[key].unavailable is None, (key, sections[key].unavailable)
        assert sections[key].figures, key
    expansion = sections["expansion"]
    cells = expansion.figures[0].data[0].cells.values
    assert set(cells[1]) == {"technical_troubleshooting", "bug_report"}
    assert list(cells[0])[0].startswith("1")
    assert all(cell.endswith(")") and "(" in cell for cell in cells[4])  # draft acceptance (n)
    assert not any(note.startswith("No candidate left") for note in expansion.notes)
    never = [note for note in expansion.notes if note.startswith("Never recommended")]
    assert {"security_concern", "payment_dispute", "legal_request"} <= {n.split()[2] for n in never}
    assert not any("It is autonomous today" in note for note in never)
