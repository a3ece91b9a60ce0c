with

work_sessions as (

    select * from {{ ref('int_cost_work_sessions') }}

),

baseline as (

    select * from {{ ref('int_ai_rollout_baseline') }}

),

baseline_sessions as (

    select
        work_sessions.conversation_id,
        work_sessions.intent,
        work_sessions.handle_seconds
    from work_sessions
    cross join baseline
    where baseline.has_baseline
        and work_sessions.conversation_month >= baseline.baseline_start_month
        and work_sessions.conversation_month < baseline.baseline_end_month

),

per_conversation as (

    select
        conversation_id,
        intent,
        sum(handle_seconds) as handle_seconds
    from baseline_sessions
    group by 1, 2

),

final as (

    select
        intent,
        count(*) as baseline_worked_conversations,
        sum(handle_seconds) as baseline_handle_seconds,
        cast(sum(handle_seconds) as {{ supportmetrics.type_double() }}) / count(*) as pre_ai_aht_seconds
    from per_conversation
    group by 1

)

select * from final
