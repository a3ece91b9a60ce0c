"""One rule, one place: each business rule is written in exactly one model or macro and read
everywhere else. The check scans the SQL of models/ and macros/ (comments removed) for the
expression that computes each rule; a match outside the rule's home is a copy.

Singular tests under tests/ are out of scope on purpose: the reconciliation tests re-derive
counts from staging to check the marts independently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# rule -> (pattern of the expression that computes it, the one file allowed to hold it)
RULES: dict[str, tuple[str, str]] = {
    "csat_satisfied": (r"satisfied_csat_min_score|csat_score\s*>=", "models/intermediate/int_conversations_enriched.sql"),
    "low_csat": (r"low_csat_max_score|csat_score\s*<=", "models/intermediate/int_conversation_facts.sql"),
    "qa_accuracy_ok": (r"qa_accuracy_ok_min_score|accuracy_score\s*>=", "models/intermediate/int_qa_reviews_scored.sql"),
    "unknown_label": (r"coalesce\(\s*(?:[\w.]+|\{\{[^}]*\}\})\s*,\s*'unknown'\s*\)", "macros/labels.sql"),
    "confidence_decile": (r"confidence\w*\s*\*\s*10\b", "models/intermediate/int_learning_conversation_ai_signals.sql"),
    "judged_flags": (r"not[ \t]+[\w.]*is_pending_window[ \t]+and\b|and[ \t]+not[ \t]+[\w.]*is_pending_window[ \t]+as\b", "models/intermediate/int_conversation_facts.sql"),
    "first_handoff": (r"handoff_sequence\s*=\s*1\b", "models/intermediate/int_handoffs.sql"),
    "routing": (r"event_type\s*=\s*'assignment'", "models/intermediate/int_conversation_routing.sql"),
    "ai_draft_outcome": (r"draft_outcome\s*(?:=|!=|<>|\bin\b|\bis\b)|event_type\s*(?:=|\bin\b)[^)\n]*'draft_suggested'", "models/intermediate/int_ai_drafts.sql"),
    "slice_fanout": (r"\{%-?\s*for\b[^%]*\bslices\b", "macros/slices.sql"),
    # the customer's wait for the first response starts at the first customer message (creation without one)
    "first_response_seconds": (
        r"datediff\(\s*['\"]coalesce\(\s*[\w.]*first_customer_message_at\s*,\s*[\w.]*created_at\s*\)['\"]\s*,"
        r"\s*['\"][\w.]*first_response_at['\"]",
        "models/intermediate/int_conversation_facts.sql"),
}

# Copies that remain in models/marts/stage_assessment, which is being rebuilt (issue 13, item 3)
# to read the rules above. Remove each entry when its copy goes; a stale entry fails the test.
PENDING: set[tuple[str, str]] = set()  # copies still to remove: none

_COMMENTS = re.compile(r"\{#.*?#\}|--[^\n]*", re.S)


def rule_hits(sql: str) -> set[str]:
    """The rules whose computing expression appears in `sql` (Jinja and SQL comments ignored;
    SQL is lower-case by the style guide, so the match is case-sensitive: the account segment's
    'Unknown' is a different label)."""
    code = _COMMENTS.sub("", sql)
    return {rule for rule, (pattern, _) in RULES.items() if re.search(pattern, code)}


def _scan() -> dict[str, set[str]]:
    """rule -> files (relative to the project root) that compute it."""
    found: dict[str, set[str]] = {rule: set() for rule in RULES}
    for folder in ("models", "macros"):
        for path in sorted((ROOT / folder).rglob("*.sql")):
            for rule in rule_hits(path.read_text()):
                found[rule].add(path.relative_to(ROOT).as_posix())
    return found


@pytest.fixture(scope="module")
def found() -> dict[str, set[str]]:
    return _scan()


@pytest.mark.parametrize("rule", sorted(RULES))
def test_rule_is_computed_in_its_one_place(rule: str, found: dict[str, set[str]]) -> None:
    home = RULES[rule][1]
    assert home in found[rule], f"{rule}: its home {home} no longer computes it; update RULES"
    copies = sorted(f for f in found[rule] - {home} if (rule, f) not in PENDING)
    assert copies == [], f"{rule} is recomputed in {copies}: read it from {home} instead"


def test_no_stale_pending_copies(found: dict[str, set[str]]) -> None:
    stale = sorted((rule, f) for rule, f in PENDING if f not in found[rule])
    assert stale == [], f"these copies are gone: remove them from PENDING: {stale}"


@pytest.mark.parametrize(("sql", "rule"), [
    ("count(case when csat_score >= 4 then 1 end)", "csat_satisfied"),
    ("sum(case when accuracy_score >= {{ var('qa_accuracy_ok_min_score') }} then 1 end)", "qa_accuracy_ok"),
    ("coalesce(facts.intent, 'unknown') as intent", "unknown_label"),
    ("cast(floor(ai_confidence * 10) as int) + 1", "confidence_decile"),
    ("where handoff_sequence = 1", "first_handoff"),
    ("not is_pending_window and is_ai_involved and not is_returned_24h as is_fcr_24h", "judged_flags"),
    ("where ticket_events.event_type = 'assignment'", "routing"),
    ("sum(case when draft_outcome in ('sent_as_is', 'edited') then 1 end)", "ai_draft_outcome"),
    ("where ai_events.event_type in ('draft_suggested', 'ai_answer')", "ai_draft_outcome"),
    ("{%- for slice_dimension, slice_expression in slices.items() %}", "slice_fanout"),
    ("{{ dbt.datediff('coalesce(facts.first_customer_message_at, facts.created_at)', 'facts.first_response_at', 'second') }}",
     "first_response_seconds"),
])
def test_scanner_finds_a_copy(sql: str, rule: str) -> None:
    assert rule in rule_hits(sql)


def test_scanner_ignores_comments_and_reads() -> None:
    sql = "-- csat_score >= 4\n{# handoff_sequence = 1 #}\nselect is_csat_satisfied, intent_label, is_first_handoff"
    assert rule_hits(sql) == set()
