{{ config(**incremental_conversation_config()) }}

with

-- an incremental run recomputes the conversations in int_incremental_scope, as its source does;
-- nothing here spans conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_scope() }}

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
        is_judged,
        is_judged_ai_involved,
        is_judged_deflected,
        is_judged_solved,
        coalesce(is_truly_resolved, false) as is_truly_resolved,
        is_false_deflection,
        is_judged_reopened,
        is_fcr_24h,
        is_fcr_72h,

        -- dates and timestamps (UTC)
        created_date,
        created_at,
        ended_at,
        resolved_at

    from facts

)

select * from final
