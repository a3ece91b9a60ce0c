-- The efficiency marts reconcile with int_conversation_facts (and the work sessions) month by
-- month on their overall rows: conversations and responded conversations of
-- fct_first_response_times (path 'all', and the paths add up to it), handle seconds and worked
-- conversations of fct_handle_time, AI-involved and escalated conversations of
-- fct_escalation_timing, peak + off-peak conversations of fct_peak_hour_resolution and the
-- ('all', 'all') row of fct_sla_attainment (a helpdesk source that cannot carry work sessions:
-- handle seconds and worked conversations null). Returns one row per failing check and month.

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

work_sessions as (

    select * from {{ ref('stg_helpdesk__agent_work_sessions') }}

),

first_response_times as (

    select * from {{ ref('fct_first_response_times') }}
    where slice_dimension = 'overall'

),

handle_time as (

    select * from {{ ref('fct_handle_time') }}
    where slice_dimension = 'overall'
        and handling_path = 'all'

),

escalation_timing as (

    select * from {{ ref('fct_escalation_timing') }}
    where slice_dimension = 'overall'

),

peak_hours as (

    select * from {{ ref('fct_peak_hour_resolution') }}

),

sla as (

    select * from {{ ref('fct_sla_attainment') }}
    where priority = 'all'
        and account_segment = 'all'

),

monthly_facts as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as period_start,
        count(*) as conversations,
        count(first_response_at) as responded_conversations,
        count(case when is_ai_involved then 1 end) as ai_involved_conversations,
        count(case when is_escalated then 1 end) as escalated_conversations
    from facts
    group by 1

),

monthly_sessions as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        count(distinct work_sessions.conversation_id) as worked_conversations,
        sum(work_sessions.handle_seconds) as total_handle_seconds
    from work_sessions
    inner join facts
        on work_sessions.conversation_id = facts.conversation_id
    group by 1

),

path_totals as (

    select
        period_start,
        sum(conversations) as conversations,
        sum(responded_conversations) as responded_conversations
    from first_response_times
    where handling_path != 'all'
    group by 1

),

checks as (

    select
        'first_response_times' as check_name,
        monthly_facts.period_start,
        monthly_facts.conversations = first_response_times.conversations
        and monthly_facts.responded_conversations = first_response_times.responded_conversations
        and path_totals.conversations = first_response_times.conversations
        and path_totals.responded_conversations = first_response_times.responded_conversations as is_ok
    from monthly_facts
    left join first_response_times
        on monthly_facts.period_start = first_response_times.period_start
            and first_response_times.handling_path = 'all'
    left join path_totals
        on monthly_facts.period_start = path_totals.period_start

    union all

    select
        'handle_time' as check_name,
        monthly_facts.period_start,
        handle_time.conversations = monthly_facts.conversations
        {%- if supportmetrics.helpdesk_carries('agent_work_sessions') %}
            and handle_time.worked_conversations = coalesce(monthly_sessions.worked_conversations, 0)
            and handle_time.total_handle_seconds = coalesce(monthly_sessions.total_handle_seconds, 0) as is_ok
        {%- else %}
            -- a source without agent work sessions: the counts are null, never 0
            and handle_time.worked_conversations is null
            and handle_time.total_handle_seconds is null as is_ok
        {%- endif %}
    from monthly_facts
    left join handle_time
        on monthly_facts.period_start = handle_time.period_start
    left join monthly_sessions
        on monthly_facts.period_start = monthly_sessions.period_start

    union all

    select
        'escalation_timing' as check_name,
        monthly_facts.period_start,
        escalation_timing.conversations = monthly_facts.conversations
        and escalation_timing.ai_involved_conversations = monthly_facts.ai_involved_conversations
        and escalation_timing.escalated_conversations = monthly_facts.escalated_conversations as is_ok
    from monthly_facts
    left join escalation_timing
        on monthly_facts.period_start = escalation_timing.period_start

    union all

    select
        'peak_hour_resolution' as check_name,
        monthly_facts.period_start,
        peak_hours.peak_conversations + peak_hours.off_peak_conversations = monthly_facts.conversations as is_ok
    from monthly_facts
    left join peak_hours
        on monthly_facts.period_start = peak_hours.period_start

    union all

    select
        'sla_attainment' as check_name,
        monthly_facts.period_start,
        sla.conversations = monthly_facts.conversations as is_ok
    from monthly_facts
    left join sla
        on monthly_facts.period_start = sla.period_start

)

select *
from checks
where not coalesce(is_ok, false)
