"""The generated helpdesk as Fivetran's Zendesk connector lands it.

Reads the canonical raw files of a generated helpdesk and writes one Parquet file per Fivetran
table (`ticket.parquet`, `ticket_comment.parquet`, ...), with the connector's table and column
names and its `_fivetran_synced` / `_fivetran_deleted` columns. Ids keep the generator's text ids
(the adapter reads every id as text), so both shapes describe the same conversations. Like the
connector, which merges on each table's primary key, the shape keeps one row per key (the
latest), so the canonical files' duplicate and superseded copies do not reach it.

What the shape cannot carry (README, "Connect Zendesk"): platform sentiment scores, AI events
other than the AI's public answers (intent classification, confidence, drafts, actions,
resolution confirmations), the AI's confidence and context summary at handoff, message feedback,
QA reviews, the knowledge base, AI scope changes, costs, work sessions, CS interventions, and
account fields other than the segment. Intents and handoff triggers travel as ticket tags
(`intent_<intent>`, `handoff_<trigger>`), the segment as the organization column
`custom_segment`, the AI agent as a user named "... (AI agent)".
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from supportmetrics.generator.shapes import canonical_relation, write_tables

SEGMENT_COLUMN = "custom_segment"
AI_NAME_SUFFIX = " (AI agent)"

# Fivetran table -> select over the canonical tables (registered as views of the same name)
TABLES: dict[str, str] = {
    "ticket": f"""
        select
            c.conversation_id as id, c.customer_id as requester_id, c.customer_id as submitter_id,
            last_assignee.to_value as assignee_id, c.assigned_team as group_id,
            cu.account_id as organization_id, cast(null as varchar) as brand_id,
            case c.channel when 'social' then 'facebook' else c.channel end as via_channel,
            c.status, c.priority, c.subject, cast(null as varchar) as type,
            c.created_at, c.updated_at, false as _fivetran_deleted, c.updated_at as _fivetran_synced
        from (
            select * from conversations
            qualify row_number() over (partition by conversation_id order by updated_at desc) = 1
        ) c
        left join (
            select * from customers qualify row_number() over (partition by customer_id order by updated_at desc) = 1
        ) cu on c.customer_id = cu.customer_id
        left join (
            select conversation_id, arg_max(to_value, created_at) as to_value
            from ticket_events where event_type = 'assignment' group by conversation_id
        ) last_assignee on c.conversation_id = last_assignee.conversation_id
    """,
    "ticket_comment": """
        select
            message_id as id, conversation_id as ticket_id,
            case when author_type = 'system' then '-1' else author_id end as user_id,
            body, is_public as public, created_at as created,
            false as _fivetran_deleted, created_at as _fivetran_synced
        from messages
        qualify row_number() over (partition by message_id order by created_at desc) = 1
    """,
    "ticket_field_history": """
        select
            e.conversation_id as ticket_id,
            case e.event_type when 'status_change' then 'status' when 'assignment' then 'assignee_id'
                else 'priority' end as field_name,
            e.created_at as updated, e.to_value as value,
            -- the canonical data knows the actor's type only: the requester, or a stand-in user of that type
            case e.actor_type
                when 'customer' then c.customer_id
                when 'ai_agent' then (select min(agent_id) from agents where agent_type = 'ai')
                when 'human_agent' then (select min(agent_id) from agents where agent_type = 'human')
            end as user_id,
            e.created_at as _fivetran_synced
        from ticket_events e
        left join (select distinct conversation_id, customer_id from conversations) c
            on e.conversation_id = c.conversation_id
        qualify row_number() over (partition by e.event_id order by e.created_at desc) = 1
        union all
        -- the AI escalating to a team: a group change at the handoff
        select
            conversation_id as ticket_id, 'group_id' as field_name, created_at as updated,
            to_team as value, (select min(agent_id) from agents where agent_type = 'ai') as user_id,
            created_at as _fivetran_synced
        from handoffs
        where to_team is not null
        qualify row_number() over (partition by handoff_id order by created_at desc) = 1
    """,
    "user": f"""
        select
            customer_id as id, full_name as name, email, 'end-user' as role,
            account_id as organization_id, true as active, created_at, updated_at,
            false as _fivetran_deleted, updated_at as _fivetran_synced
        from customers
        qualify row_number() over (partition by customer_id order by updated_at desc) = 1
        union all
        select
            agent_id as id,
            case when agent_type = 'ai' then display_name || '{AI_NAME_SUFFIX}' else display_name end as name,
            cast(null as varchar) as email, 'agent' as role, cast(null as varchar) as organization_id,
            active_to is null as active, active_from as created_at, active_from as updated_at,
            false as _fivetran_deleted, active_from as _fivetran_synced
        from agents
        qualify row_number() over (partition by agent_id order by active_from desc) = 1
    """,
    "organization": f"""
        select
            account_id as id, account_name as name, segment as {SEGMENT_COLUMN}, created_at, updated_at,
            false as _fivetran_deleted, updated_at as _fivetran_synced
        from accounts
        qualify row_number() over (partition by account_id order by updated_at desc) = 1
    """,
    "group": """
        select distinct team as id, team as name, false as _fivetran_deleted,
            timestamp '2020-01-01' as _fivetran_synced
        from (select assigned_team as team from conversations union select team from agents) teams
        where team is not null
    """,
    "ticket_tag": """
        select conversation_id as ticket_id, 'intent_' || intent as tag, updated_at as _fivetran_synced
        from conversations where intent is not null
        union all
        select conversation_id as ticket_id, 'handoff_' || min("trigger") as tag, min(created_at) as _fivetran_synced
        from handoffs group by conversation_id
    """,
    "satisfaction_rating": """
        select
            response_id as id, conversation_id as ticket_id, cast(score as varchar) as score,
            comment, responded_at as created_at, responded_at as updated_at,
            false as _fivetran_deleted, responded_at as _fivetran_synced
        from csat_responses
        qualify row_number() over (partition by response_id order by responded_at desc) = 1
    """,
    "brand": """
        select cast(null as varchar) as id, cast(null as varchar) as name,
            false as _fivetran_deleted, cast(null as timestamp) as _fivetran_synced
        where false
    """,
}

CANONICAL_INPUTS = ("accounts", "customers", "agents", "conversations", "messages", "ticket_events",
                    "handoffs", "csat_responses")


def convert(canonical_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the Fivetran Zendesk tables of the canonical helpdesk in `canonical_dir` to
    `out_dir` (one `<table>.parquet` each); returns the rows written per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for table in CANONICAL_INPUTS:
            con.execute(f'create view "{table}" as select * from {canonical_relation(canonical_dir, table)}')
        return write_tables(con, TABLES, out_dir)
    finally:
        con.close()
