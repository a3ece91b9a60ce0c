"""Arrow schemas of the 16 raw tables, in the contract's column order (spec/raw-schema.md).

Timestamps are naive UTC microseconds, dates are dates, ids and enums are strings, booleans are
booleans. `KEYS` names each table's grain, used to count unique rows for the manifest.
"""

from __future__ import annotations

import pyarrow as pa

TS = pa.timestamp("us")
STR = pa.string()
F64 = pa.float64()
I64 = pa.int64()
BOOL = pa.bool_()
DATE = pa.date32()

SCHEMAS: dict[str, pa.Schema] = {
    "accounts": pa.schema([
        ("account_id", STR), ("account_name", STR), ("segment", STR), ("arr_usd", F64), ("plan", STR),
        ("created_at", TS), ("renewal_date", DATE), ("churned_at", TS), ("updated_at", TS),
    ]),
    "customers": pa.schema([
        ("customer_id", STR), ("account_id", STR), ("email", STR), ("full_name", STR),
        ("created_at", TS), ("updated_at", TS),
    ]),
    "agents": pa.schema([
        ("agent_id", STR), ("agent_type", STR), ("display_name", STR), ("team", STR),
        ("hourly_cost_usd", F64), ("active_from", TS), ("active_to", TS),
    ]),
    "conversations": pa.schema([
        ("conversation_id", STR), ("customer_id", STR), ("channel", STR), ("created_at", TS),
        ("subject", STR), ("priority", STR), ("intent", STR), ("status", STR), ("assigned_team", STR),
        ("updated_at", TS),
    ]),
    "messages": pa.schema([
        ("message_id", STR), ("conversation_id", STR), ("created_at", TS), ("author_type", STR),
        ("author_id", STR), ("is_public", BOOL), ("body", STR), ("sentiment_score", F64),
    ]),
    "ticket_events": pa.schema([
        ("event_id", STR), ("conversation_id", STR), ("created_at", TS), ("event_type", STR),
        ("from_value", STR), ("to_value", STR), ("actor_type", STR),
    ]),
    "ai_events": pa.schema([
        ("ai_event_id", STR), ("conversation_id", STR), ("message_id", STR), ("created_at", TS),
        ("event_type", STR), ("intent", STR), ("confidence", F64), ("kb_article_id", STR),
        ("draft_outcome", STR), ("action_name", STR),
    ]),
    "handoffs": pa.schema([
        ("handoff_id", STR), ("conversation_id", STR), ("created_at", TS), ("trigger", STR),
        ("to_team", STR), ("to_agent_id", STR), ("ai_confidence", F64), ("context_summary", STR),
    ]),
    "csat_responses": pa.schema([
        ("response_id", STR), ("conversation_id", STR), ("responded_at", TS), ("score", I64), ("comment", STR),
    ]),
    "message_feedback": pa.schema([
        ("feedback_id", STR), ("message_id", STR), ("created_at", TS), ("is_helpful", BOOL),
    ]),
    "qa_reviews": pa.schema([
        ("review_id", STR), ("conversation_id", STR), ("reviewed_at", TS), ("reviewer_id", STR),
        ("accuracy_score", I64), ("completeness_score", I64), ("tone_score", I64), ("labelled_intent", STR),
        ("escalation_assessment", STR), ("critical_error", BOOL),
    ]),
    "kb_articles": pa.schema([
        ("article_id", STR), ("title", STR), ("intent", STR), ("created_at", TS), ("updated_at", TS),
        ("archived_at", TS),
    ]),
    "ai_scope_changes": pa.schema([("intent", STR), ("effective_from", TS), ("mode", STR)]),
    "support_costs": pa.schema([("month", DATE), ("cost_type", STR), ("amount_usd", F64)]),
    "agent_work_sessions": pa.schema([
        ("agent_id", STR), ("conversation_id", STR), ("started_at", TS), ("ended_at", TS),
    ]),
    "cs_interventions": pa.schema([
        ("intervention_id", STR), ("account_id", STR), ("csm_id", STR), ("created_at", TS),
        ("intervention_type", STR), ("ai_involvement", STR), ("ai_content_retained_pct", F64), ("outcome", STR),
    ]),
}

KEYS: dict[str, tuple[str, ...]] = {
    "accounts": ("account_id",),
    "customers": ("customer_id",),
    "agents": ("agent_id",),
    "conversations": ("conversation_id",),
    "messages": ("message_id",),
    "ticket_events": ("event_id",),
    "ai_events": ("ai_event_id",),
    "handoffs": ("handoff_id",),
    "csat_responses": ("response_id",),
    "message_feedback": ("feedback_id",),
    "qa_reviews": ("review_id",),
    "kb_articles": ("article_id",),
    "ai_scope_changes": ("intent", "effective_from"),
    "support_costs": ("month", "cost_type"),
    "agent_work_sessions": ("agent_id", "conversation_id", "started_at"),
    "cs_interventions": ("intervention_id",),
}

TABLES: tuple[str, ...] = tuple(SCHEMAS)

# tables built conversation by conversation (written chunk by chunk)
CONVERSATION_TABLES: tuple[str, ...] = (
    "conversations", "messages", "ticket_events", "ai_events", "handoffs", "csat_responses",
    "message_feedback", "qa_reviews", "agent_work_sessions",
)
