{%- set slices = {'overall': "'all'", 'channel': 'channel', 'intent': 'intent'} %}
{%- set paths = ['handling_path', "'all'"] %}

{{ config(**incremental_period_config('period_start', 'month')) }}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations and their work sessions (a loaded work session
-- puts its conversation in int_incremental_scope, hence its month)
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

work_sessions as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('stg_helpdesk__agent_work_sessions') }}

),

-- every session, whatever its month: the missing reason says whether the source has any
session_volume as (

    select count(*) as work_session_rows from work_sessions

),

handle_per_conversation as (

    select
        conversation_id,
        count(*) as work_sessions,
        cast(sum(handle_seconds) as {{ dbt.type_bigint() }}) as handle_seconds
    from work_sessions
    where conversation_id in (select facts.conversation_id from facts)
    group by 1

),

conversations as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        facts.channel,
        facts.intent,
        facts.handling_path,
        coalesce(handle_per_conversation.work_sessions, 0) as work_sessions,
        handle_per_conversation.handle_seconds
    from facts
    left join handle_per_conversation
        on facts.conversation_id = handle_per_conversation.conversation_id

),

sliced as (

    {{ supportmetrics.slice_fanout('conversations', slices, [
        'period_start',
        'work_sessions',
        'handle_seconds',
    ], cross={'handling_path': paths}) }}

),

aggregated as (

    select
        period_start,
        slice_dimension,
        slice_value,
        handling_path,
        count(*) as conversations,
        count(handle_seconds) as worked_conversations,
        cast(sum(work_sessions) as {{ dbt.type_bigint() }}) as work_sessions,
        coalesce(cast(sum(handle_seconds) as {{ dbt.type_bigint() }}), 0) as total_handle_seconds,
        {{ supportmetrics.median('handle_seconds') }} as median_handle_seconds,
        {{ supportmetrics.percentile('handle_seconds', 0.9) }} as p90_handle_seconds
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        'month' as period_grain,
        aggregated.period_start,
        aggregated.slice_dimension,
        aggregated.slice_value,
        aggregated.handling_path,
        aggregated.conversations,
        -- counts of agent work the source cannot carry are null, never 0
        {{ supportmetrics.carried_or_null('aggregated.worked_conversations', 'agent_work_sessions') }} as worked_conversations,
        {{ supportmetrics.carried_or_null('aggregated.work_sessions', 'agent_work_sessions') }} as work_sessions,
        {{ supportmetrics.carried_or_null('aggregated.total_handle_seconds', 'agent_work_sessions') }} as total_handle_seconds,
        {{ supportmetrics.carried_or_null('cast(aggregated.total_handle_seconds as ' ~ supportmetrics.type_double() ~ ') / 3600',
            'agent_work_sessions') }} as total_handle_hours,
        cast(aggregated.total_handle_seconds as {{ supportmetrics.type_double() }})
        / nullif(aggregated.worked_conversations, 0) as avg_handle_seconds,
        aggregated.median_handle_seconds,
        aggregated.p90_handle_seconds,
        {% call supportmetrics.carried_or_reason('agent_work_sessions') -%}
            case
                when session_volume.work_session_rows = 0 then 'no_agent_work_sessions'
                when aggregated.worked_conversations = 0 then 'no_worked_conversations'
            end
        {%- endcall %} as handle_time_missing_reason
    from aggregated
    cross join session_volume

)

select * from final
