{{ config(**incremental_conversation_config(recomputes_all_when_agents_change=true)) }}

with

-- an incremental run recomputes the sessions of the conversations in int_incremental_scope
-- (a session loaded since the previous run puts its conversation in scope, known or not), and
-- every session when an agent row was loaded since then (macro incremental_agents_changed)
work_sessions as (

    select * from {{ ref('stg_helpdesk__agent_work_sessions') }}
    where {{ in_incremental_scope() }} or {{ incremental_agents_changed() }}

),

agents as (

    select * from {{ ref('stg_helpdesk__agents') }}

),

conversations as (

    select * from {{ ref('int_conversations_enriched') }}
    where {{ in_incremental_scope() }} or {{ incremental_agents_changed() }}

),

joined as (

    select
        work_sessions.agent_id,
        work_sessions.conversation_id,
        work_sessions.started_at,
        work_sessions.ended_at,
        agents.agent_type,
        agents.team,
        agents.hourly_cost_usd,
        conversations.created_at as conversation_created_at,
        conversations.intent,
        conversations.handling_path,
        case when work_sessions.handle_seconds > 0 then work_sessions.handle_seconds else 0 end as handle_seconds
    from work_sessions
    left join agents
        on work_sessions.agent_id = agents.agent_id
    left join conversations
        on work_sessions.conversation_id = conversations.conversation_id

),

human_sessions as (

    select * from joined
    where coalesce(agent_type, 'human') = 'human'

),

final as (

    select
        agent_id,
        conversation_id,
        started_at,
        ended_at,
        cast({{ dbt.date_trunc('month', 'started_at') }} as date) as work_month,
        cast({{ dbt.date_trunc('month', 'conversation_created_at') }} as date) as conversation_month,
        {{ supportmetrics.unknown_if_null('intent') }} as intent,
        handling_path,
        team,
        hourly_cost_usd,
        handle_seconds,
        cast(handle_seconds as {{ supportmetrics.type_double() }}) / 3600 as handle_hours,
        cast(handle_seconds as {{ supportmetrics.type_double() }}) / 3600 * hourly_cost_usd as labour_cost_usd,
        hourly_cost_usd is not null as has_hourly_cost
    from human_sessions

)

select * from final
