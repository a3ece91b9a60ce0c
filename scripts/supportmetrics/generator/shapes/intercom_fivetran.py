"""The generated helpdesk as Fivetran's Intercom connector lands it (history mode).

Reads the canonical raw files of a generated helpdesk and writes one Parquet file per Fivetran
table (`conversation_history.parquet`, `conversation_part_history.parquet`, ...), with the
connector's table and column names and its `_fivetran_start` / `_fivetran_active` /
`_fivetran_synced` columns. Ids keep the generator's text ids, so both shapes describe the same
conversations. Each conversation lands in two versions (opened, and its latest state), so the
adapter's latest-version rule is exercised; the other entities land their latest version.

How the canonical data is expressed: the first message of a conversation is its `source_*`
(Intercom keeps the opening message on the conversation, not among the parts), the other messages
are `comment` / `note` parts; customers write as `user`, human agents as `admin`, the AI agent as a
`bot` listed in `admin` under its name (matched by the identity seed's `intercom_bot_name` rule
`%(ai agent)%`), system messages as the `Operator` bot (`intercom_routing_bot_name`). Status
changes are `open` / `snoozed` / `close` parts (Intercom has no solved state: solved and closed are
one `close`, the automatic solved -> closed step does not land); a handoff is an `assignment` part
by the AI bot to the team (and the teammate, at the same time), the other assignments parts by the
actor. Intent and handoff trigger travel as conversation tags (`intent_<intent>`,
`handoff_<trigger>`), the segment as the company attribute `custom_segment`, the latest CSAT
response as the conversation rating, and Fin's verdict as `ai_agent_*`: confirmed_resolution when
the AI's resolution was confirmed, routed_to_team with a handoff, else assumed_resolution after an
AI answer.

What the shape cannot carry (README, "Connect Intercom"): web / api channels (they land as
Messenger conversations, chat), four priorities (Intercom has priority / not_priority), solved vs
closed, earlier CSAT responses of a conversation, platform sentiment, AI events other than answers
and confirmations, AI confidence and context summaries, message feedback, QA reviews, the
knowledge base, AI scope changes, costs, work sessions, CS interventions, agents' active dates and
costs, and account fields other than the segment.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from supportmetrics.generator.shapes import canonical_relation, write_tables

SEGMENT_COLUMN = "custom_segment"
OPERATOR_ID = "operator_bot"
AI_NAME_SUFFIX = " (AI agent)"

_LATEST = {
    "conv": "select * from conversations qualify row_number() over (partition by conversation_id order by updated_at desc) = 1",
    "msg": "select * from messages qualify row_number() over (partition by message_id order by created_at desc) = 1",
}

_PREP = f"""
    create temp table conv as {_LATEST['conv']};
    create temp table msg as select *, row_number() over (partition by conversation_id order by created_at, message_id) as seq
        from ({_LATEST['msg']});
    create temp table ai_agent as select min(agent_id) as agent_id from agents where agent_type = 'ai';
    create temp table human_agent as select min(agent_id) as agent_id from agents where agent_type = 'human';
    create temp table fin as
        select c.conversation_id,
            exists (select 1 from msg m where m.conversation_id = c.conversation_id and m.author_type = 'ai_agent') as participated,
            exists (select 1 from ai_events e where e.conversation_id = c.conversation_id and e.event_type = 'resolution_confirmed') as confirmed,
            exists (select 1 from handoffs h where h.conversation_id = c.conversation_id) as handed_off,
            exists (select 1 from ai_events e where e.conversation_id = c.conversation_id and e.event_type = 'answer_sent') as answered
        from conv c;
    create temp table rating as
        select * from csat_responses
        qualify row_number() over (partition by conversation_id order by responded_at desc, response_id desc) = 1;
"""

_ACTOR = """
    case {actor}
        when 'customer' then c.customer_id
        when 'human_agent' then (select agent_id from human_agent)
        when 'ai_agent' then (select agent_id from ai_agent)
        else '{operator}'
    end as author_id,
    case {actor}
        when 'customer' then 'user' when 'human_agent' then 'admin' else 'bot'
    end as author_type
"""

TABLES: dict[str, str] = {
    "conversation_history": f"""
        select
            c.conversation_id as id, c.created_at, c.created_at as updated_at, 'open' as state,
            case when c.priority in ('high', 'urgent') then 'priority' else 'not_priority' end as priority,
            cast(null as varchar) as title, cast(null as varchar) as assignee_id, cast(null as varchar) as team_assignee_id,
            m.message_id as source_id,
            case c.channel when 'email' then 'email' when 'voice' then 'phone_call' when 'social' then 'facebook'
                else 'conversation' end as source_type,
            c.subject as source_subject, m.body as source_body,
            case m.author_type when 'customer' then m.author_id when 'system' then '{OPERATOR_ID}' else m.author_id end
                as source_author_id,
            case m.author_type when 'customer' then 'user' when 'human_agent' then 'admin' else 'bot' end as source_author_type,
            cast(null as integer) as conversation_rating_value, cast(null as varchar) as conversation_rating_remark,
            cast(null as timestamp) as conversation_rating_created_at,
            cast(null as boolean) as ai_agent_participated, cast(null as varchar) as ai_agent_resolution_state,
            cast(null as integer) as ai_agent_rating, cast(null as varchar) as ai_agent_rating_remark,
            cast(null as varchar) as ai_agent_last_answer_type,
            cast(null as varchar) as {SEGMENT_COLUMN},
            c.created_at as _fivetran_start, c.updated_at = c.created_at as _fivetran_active, c.created_at as _fivetran_synced
        from conv c left join msg m on m.conversation_id = c.conversation_id and m.seq = 1
        where c.updated_at > c.created_at
        union all
        select
            c.conversation_id as id, c.created_at, c.updated_at,
            case c.status when 'pending' then 'snoozed' when 'open' then 'open' else 'closed' end as state,
            case when c.priority in ('high', 'urgent') then 'priority' else 'not_priority' end as priority,
            cast(null as varchar) as title,
            (select arg_max(to_value, created_at) from ticket_events e
                where e.conversation_id = c.conversation_id and e.event_type = 'assignment') as assignee_id,
            c.assigned_team as team_assignee_id,
            m.message_id as source_id,
            case c.channel when 'email' then 'email' when 'voice' then 'phone_call' when 'social' then 'facebook'
                else 'conversation' end as source_type,
            c.subject as source_subject, m.body as source_body,
            case m.author_type when 'customer' then m.author_id when 'system' then '{OPERATOR_ID}' else m.author_id end
                as source_author_id,
            case m.author_type when 'customer' then 'user' when 'human_agent' then 'admin' else 'bot' end as source_author_type,
            r.score as conversation_rating_value, r.comment as conversation_rating_remark,
            r.responded_at as conversation_rating_created_at,
            f.participated as ai_agent_participated,
            case
                when not f.participated then null
                when f.confirmed then 'confirmed_resolution'
                when f.handed_off then 'routed_to_team'
                when f.answered then 'assumed_resolution'
            end as ai_agent_resolution_state,
            cast(null as integer) as ai_agent_rating, cast(null as varchar) as ai_agent_rating_remark,
            case when f.participated then 'ai_answer' end as ai_agent_last_answer_type,
            cast(null as varchar) as {SEGMENT_COLUMN},
            c.updated_at as _fivetran_start, true as _fivetran_active, c.updated_at as _fivetran_synced
        from conv c
        left join msg m on m.conversation_id = c.conversation_id and m.seq = 1
        left join rating r on r.conversation_id = c.conversation_id
        left join fin f on f.conversation_id = c.conversation_id
    """,
    "conversation_part_history": f"""
        select
            m.message_id as id, m.conversation_id, c.updated_at as conversation_updated_at,
            case when m.is_public then 'comment' else 'note' end as part_type,
            case m.author_type when 'customer' then m.author_id when 'system' then '{OPERATOR_ID}' else m.author_id end
                as author_id,
            case m.author_type when 'customer' then 'user' when 'human_agent' then 'admin' else 'bot' end as author_type,
            cast(null as varchar) as assigned_to_id, cast(null as varchar) as assigned_to_type,
            m.body, m.created_at, m.created_at as updated_at, c.updated_at as _fivetran_synced
        from msg m inner join conv c on c.conversation_id = m.conversation_id
        where m.seq > 1
        union all
        select
            'part_' || e.event_id as id, e.conversation_id, c.updated_at as conversation_updated_at,
            case e.to_value when 'open' then 'open' when 'pending' then 'snoozed' else 'close' end as part_type,
            {_ACTOR.format(actor='e.actor_type', operator=OPERATOR_ID)},
            cast(null as varchar), cast(null as varchar), cast(null as varchar) as body,
            e.created_at, e.created_at as updated_at, c.updated_at as _fivetran_synced
        from (select * from ticket_events qualify row_number() over (partition by event_id order by created_at desc) = 1) e
        inner join conv c on c.conversation_id = e.conversation_id
        where e.event_type = 'status_change'
            and not (e.from_value in ('solved', 'closed') and e.to_value in ('solved', 'closed'))
        union all
        select
            'part_' || e.event_id as id, e.conversation_id, c.updated_at as conversation_updated_at,
            'assignment' as part_type,
            {_ACTOR.format(actor='e.actor_type', operator=OPERATOR_ID)},
            e.to_value as assigned_to_id, 'admin' as assigned_to_type, cast(null as varchar) as body,
            e.created_at, e.created_at as updated_at, c.updated_at as _fivetran_synced
        from (select * from ticket_events qualify row_number() over (partition by event_id order by created_at desc) = 1) e
        inner join conv c on c.conversation_id = e.conversation_id
        where e.event_type = 'assignment' and e.actor_type != 'ai_agent'
        union all
        select
            'part_' || h.handoff_id || '_' || t.kind as id, h.conversation_id, c.updated_at,
            'assignment' as part_type, (select agent_id from ai_agent) as author_id, 'bot' as author_type,
            case t.kind when 'team' then h.to_team else h.to_agent_id end as assigned_to_id,
            t.kind as assigned_to_type, cast(null as varchar) as body,
            h.created_at, h.created_at as updated_at, c.updated_at as _fivetran_synced
        from (select * from handoffs qualify row_number() over (partition by handoff_id order by created_at desc) = 1) h
        inner join conv c on c.conversation_id = h.conversation_id
        cross join (select 'team' as kind union all select 'admin') t
        where (t.kind = 'team' and h.to_team is not null) or (t.kind = 'admin' and h.to_agent_id is not null)
    """,
    "contact_history": """
        select
            customer_id as id, 'user' as role, full_name as name, email, created_at, updated_at,
            updated_at as _fivetran_start, true as _fivetran_active, updated_at as _fivetran_synced
        from customers
        qualify row_number() over (partition by customer_id order by updated_at desc) = 1
    """,
    "company_history": f"""
        select
            account_id as id, account_name as name, segment as {SEGMENT_COLUMN}, created_at, updated_at,
            updated_at as _fivetran_start, true as _fivetran_active, updated_at as _fivetran_synced
        from accounts
        qualify row_number() over (partition by account_id order by updated_at desc) = 1
    """,
    "contact_company_history": """
        select customer_id as contact_id, account_id as company_id, updated_at as contact_updated_at,
            updated_at as _fivetran_synced
        from customers
        where account_id is not null
        qualify row_number() over (partition by customer_id order by updated_at desc) = 1
    """,
    "conversation_contact_history": """
        select conversation_id, customer_id as contact_id, created_at as conversation_updated_at,
            created_at as _fivetran_synced
        from conv where updated_at > created_at
        union all
        select conversation_id, customer_id as contact_id, updated_at as conversation_updated_at,
            updated_at as _fivetran_synced
        from conv
    """,
    "conversation_tag_history": """
        select conversation_id, 'tag_intent_' || intent as tag_id, updated_at as conversation_updated_at,
            updated_at as _fivetran_synced
        from conv where intent is not null
        union all
        select h.conversation_id, 'tag_handoff_' || min(h."trigger") as tag_id, c.updated_at, c.updated_at
        from handoffs h inner join conv c on c.conversation_id = h.conversation_id
        group by h.conversation_id, c.updated_at
    """,
    "tag": """
        select distinct 'tag_intent_' || intent as id, 'intent_' || intent as name, false as _fivetran_deleted,
            timestamp '2020-01-01' as _fivetran_synced
        from conv where intent is not null
        union
        select distinct 'tag_handoff_' || "trigger" as id, 'handoff_' || "trigger" as name, false, timestamp '2020-01-01'
        from handoffs
    """,
    "admin": f"""
        select
            agent_id as id,
            case when agent_type = 'ai' and display_name not like '%{AI_NAME_SUFFIX}' then display_name || '{AI_NAME_SUFFIX}'
                else display_name end as name,
            cast(null as varchar) as email, false as _fivetran_deleted, active_from as _fivetran_synced
        from agents
        qualify row_number() over (partition by agent_id order by active_from desc) = 1
        union all
        select '{OPERATOR_ID}', 'Operator', null, false, timestamp '2020-01-01'
    """,
    "team": """
        select distinct team as id, team as name, false as _fivetran_deleted, timestamp '2020-01-01' as _fivetran_synced
        from (select assigned_team as team from conv union select team from agents) teams
        where team is not null
    """,
    "team_admin": """
        select team as team_id, agent_id as admin_id, false as _fivetran_deleted, active_from as _fivetran_synced
        from agents
        where team is not null
        qualify row_number() over (partition by agent_id order by active_from desc) = 1
    """,
}

# (message_id, body) of the landed messages, over the tables in schema {schema}: what the loader
# scores for lexicon sentiment on engines without the dbt Python model (vendor_load)
MESSAGE_BODIES = """
    select source_id as message_id, source_body as body from "{schema}".conversation_history
    where source_id is not null
    qualify row_number() over (partition by id order by _fivetran_start desc nulls last, updated_at desc) = 1
    union all
    select id as message_id, body from "{schema}".conversation_part_history
    where part_type in ('comment', 'note', 'quick_reply', 'note_and_reopen')
    qualify row_number() over (partition by id order by conversation_updated_at desc nulls last) = 1
"""

CANONICAL_INPUTS = ("accounts", "customers", "agents", "conversations", "messages", "ticket_events",
                    "handoffs", "csat_responses", "ai_events")


def convert(canonical_dir: Path, out_dir: Path) -> dict[str, int]:
    """Write the Fivetran Intercom tables of the canonical helpdesk in `canonical_dir` to
    `out_dir` (one `<table>.parquet` each); returns the rows written per table."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        for table in CANONICAL_INPUTS:
            con.execute(f'create view "{table}" as select * from {canonical_relation(canonical_dir, table)}')
        con.execute(_PREP)
        return write_tables(con, TABLES, out_dir)
    finally:
        con.close()
