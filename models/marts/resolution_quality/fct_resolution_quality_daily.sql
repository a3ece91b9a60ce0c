with

facts as (

    select * from {{ ref('int_conversation_facts') }}

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
        not is_pending_window as is_judged,
        not is_pending_window and is_ai_involved as is_judged_ai_involved,
        not is_pending_window and is_deflected as is_judged_deflected,
        not is_pending_window and is_solved as is_judged_solved,
        coalesce(is_truly_resolved, false) as is_truly_resolved,
        not is_pending_window and is_deflected and not is_truly_resolved as is_false_deflection,
        not is_pending_window and is_solved and is_reopened as is_judged_reopened,
        not is_pending_window and is_ai_involved and not is_returned_24h as is_fcr_24h,
        not is_pending_window and is_ai_involved and not is_returned_72h as is_fcr_72h
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
