with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

final as (

    select
        -- ids
        conversation_id,

        -- dimensions (intent 'unknown' when null: the facts' intent_label)
        channel,
        intent_label as intent,
        priority,
        account_segment,
        handling_path,
        resolution_state,
        status,
        assigned_team,

        -- numerics
        customer_message_count,
        ai_message_count,
        human_message_count,
        handoff_count,
        csat_score,

        -- booleans: volume flags (pending window included)
        is_ai_involved,
        is_deflected,
        is_escalated,
        is_solved,
        is_pending_window,
        is_abandoned,
        csat_score is not null as has_csat_response,
        is_csat_satisfied,

        -- booleans: window-judged flags (false while is_pending_window)
        not is_pending_window as is_judged,
        not is_pending_window and is_ai_involved as is_judged_ai_involved,
        not is_pending_window and is_deflected as is_judged_deflected,
        not is_pending_window and is_solved as is_judged_solved,
        coalesce(is_truly_resolved, false) as is_truly_resolved,
        not is_pending_window and is_deflected and not is_truly_resolved as is_false_deflection,
        not is_pending_window and is_solved and is_reopened as is_judged_reopened,
        not is_pending_window and is_ai_involved and not is_returned_24h as is_fcr_24h,
        not is_pending_window and is_ai_involved and not is_returned_72h as is_fcr_72h,

        -- dates and timestamps (UTC)
        created_date,
        created_at,
        ended_at,
        resolved_at

    from facts

)

select * from final
