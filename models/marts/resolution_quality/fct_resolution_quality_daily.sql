{{ config(**incremental_period_config('created_date', 'day')) }}

with

-- an incremental run recomputes the created days it can change (macros/incremental_periods.sql):
-- a day's counts depend only on that day's conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'day') }}

),

flagged as (

    select
        created_date,
        channel,
        intent_label as intent,
        priority,
        account_segment,
        is_pending_window,
        is_ai_involved,
        is_deflected,
        is_escalated,
        is_solved,
        is_judged,
        is_judged_ai_involved,
        is_judged_deflected,
        is_judged_solved,
        coalesce(is_truly_resolved, false) as is_truly_resolved,
        is_false_deflection,
        is_judged_reopened,
        is_fcr_24h,
        is_fcr_72h
    from facts

),

final as (

    select
        created_date,
        channel,
        intent,
        priority,
        account_segment,
        count(*) as conversations,
        count(case when is_ai_involved then 1 end) as ai_involved_conversations,
        count(case when is_deflected then 1 end) as deflected_conversations,
        count(case when is_escalated then 1 end) as escalated_conversations,
        count(case when is_pending_window then 1 end) as pending_window_conversations,
        count(case when is_judged then 1 end) as judged_conversations,
        count(case when is_judged_ai_involved then 1 end) as judged_ai_involved_conversations,
        count(case when is_judged_deflected then 1 end) as judged_deflected_conversations,
        count(case when is_truly_resolved then 1 end) as truly_resolved_conversations,
        count(case when is_false_deflection then 1 end) as false_deflection_conversations,
        count(case when is_solved then 1 end) as all_solved_conversations,
        count(case when is_judged_solved then 1 end) as solved_conversations,
        count(case when is_judged_reopened then 1 end) as reopened_conversations,
        count(case when is_fcr_24h then 1 end) as fcr_24h_conversations,
        count(case when is_fcr_72h then 1 end) as fcr_72h_conversations
    from flagged
    group by 1, 2, 3, 4, 5

)

select * from final
