{{ config(**incremental_conversation_config(high_water_mark_column='high_water_mark_at')) }}

with

conversations as (

    select * from {{ ref('int_conversations_enriched') }}
    where {{ in_incremental_scope() }}

),

-- every conversation, in scope or not: the later side of a return
all_conversations as (

    select * from {{ ref('int_conversations_enriched') }}

),

ticket_events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where {{ in_incremental_scope() }}

),

sessions as (

    select * from {{ ref('int_conversation_sessions') }}
    where {{ in_incremental_scope() }}

),

high_water_mark as (

    select * from {{ ref('int_data_high_water_mark') }}

),

return_pairs as (

    {{ supportmetrics.conversation_return_pairs('conversations', 'all_conversations') }}

),

return_matches as (

    select
        conversation_id,
        sum(case when is_same_or_unknown_intent and is_within_short_window then 1 else 0 end) as returns_24h_count,
        sum(case when is_same_or_unknown_intent and is_within_long_window then 1 else 0 end) as returns_72h_count,
        sum(case when is_follow_up_ticket then 1 else 0 end) as follow_up_ticket_count,
        {{ dbt.listagg(
            "case when is_same_or_unknown_intent and is_within_long_window then later_conversation_id end",
            "', '", "order by later_conversation_id") }} as returned_72h_conversation_ids,
        {{ dbt.listagg(
            "case when is_follow_up_ticket then later_conversation_id end",
            "', '", "order by later_conversation_id") }} as follow_up_conversation_ids
    from return_pairs
    group by 1

),

solves as (

    select
        conversation_id,
        created_at as solved_at
    from ticket_events
    where event_type = 'status_change'
        and to_value in ('solved', 'closed')

),

-- each reopen with the solve it reopens: the latest solved/closed status change at or before it
reopened_solves as (

    select
        ticket_events.conversation_id,
        ticket_events.event_id,
        ticket_events.created_at as reopened_at,
        max(solves.solved_at) as solved_at
    from ticket_events
    left join solves
        on ticket_events.conversation_id = solves.conversation_id
            and solves.solved_at <= ticket_events.created_at
    where ticket_events.event_type = 'status_change'
        and ticket_events.from_value in ('solved', 'closed')
        and ticket_events.to_value in ('open', 'pending')
    group by 1, 2, 3

),

-- the reopen window starts at that solve; without a recorded solve, at the conversation's end
reopens as (

    select
        conversations.conversation_id,
        count(*) as reopen_count,
        {{ dbt.listagg("reopened_solves.event_id", "', '", "order by reopened_solves.event_id") }} as reopen_event_ids
    from conversations
    inner join reopened_solves
        on conversations.conversation_id = reopened_solves.conversation_id
    where reopened_solves.reopened_at >= coalesce(reopened_solves.solved_at, conversations.ended_at)
        and reopened_solves.reopened_at
        <= {{ dbt.dateadd('hour', var('reopen_window_hours'), 'coalesce(reopened_solves.solved_at, conversations.ended_at)') }}
    group by 1

),

session_rollup as (

    select
        conversation_id,
        count(*) as session_count,
        sum(active_seconds) as active_seconds
    from sessions
    group by 1

),

signals as (

    select
        conversations.*,
        coalesce(return_matches.returns_24h_count, 0) > 0 as is_returned_24h,
        coalesce(return_matches.returns_72h_count, 0) > 0 as is_returned_72h,
        coalesce(return_matches.follow_up_ticket_count, 0) > 0 as has_follow_up_ticket,
        coalesce(reopens.reopen_count, 0) > 0 as is_reopened,
        return_matches.returned_72h_conversation_ids,
        return_matches.follow_up_conversation_ids,
        reopens.reopen_event_ids,
        -- unknown sentiment (no platform or lexicon score) is not a negative signal
        coalesce(conversations.last_customer_sentiment < {{ var('negative_sentiment_threshold') }}, false)
            as has_negative_end_sentiment,
        coalesce(conversations.csat_score <= {{ var('low_csat_max_score') }}, false) as has_low_csat,
        conversations.ended_at > {{ dbt.dateadd('hour', -1 * var('return_window_long_hours'), 'high_water_mark.high_water_mark_at') }}
            as is_pending_window,
        high_water_mark.high_water_mark_at,
        coalesce(session_rollup.session_count, 0) as session_count,
        coalesce(session_rollup.active_seconds, 0) as active_seconds
    from conversations
    cross join high_water_mark
    left join return_matches
        on conversations.conversation_id = return_matches.conversation_id
    left join reopens
        on conversations.conversation_id = reopens.conversation_id
    left join session_rollup
        on conversations.conversation_id = session_rollup.conversation_id

),

judged as (

    select
        signals.*,
        is_returned_72h or has_follow_up_ticket or is_reopened
        or has_negative_end_sentiment or has_low_csat as has_negative_signal,
        has_resolution_confirmed or has_helpful_feedback or is_csat_satisfied as has_confirmation
    from signals

),

final as (

    select
        conversation_id,
        customer_id,
        account_id,
        account_segment,
        channel,
        priority,
        intent,
        intent_label,
        status,
        assigned_team,
        created_at,
        cast({{ dbt.date_trunc('day', 'created_at') }} as date) as created_date,
        first_customer_message_at,
        first_response_at,
        -- the customer's wait: from the first customer message (creation without one) to the first response
        {{ dbt.datediff('coalesce(first_customer_message_at, created_at)', 'first_response_at', 'second') }}
            as first_response_seconds,
        first_human_response_at,
        first_ai_message_at,
        last_public_message_at,
        last_public_author_type,
        ended_at,
        resolved_at,
        customer_message_count,
        ai_message_count,
        human_message_count,
        handoff_count,
        session_count,
        active_seconds,
        first_customer_sentiment,
        last_customer_sentiment,
        last_customer_sentiment_source,
        csat_score,
        is_csat_satisfied,
        is_ai_involved,
        is_escalated,
        is_deflected,
        handling_path,
        is_solved,
        is_returned_24h,
        is_returned_72h,
        has_follow_up_ticket,
        is_reopened,
        has_negative_end_sentiment,
        has_low_csat,
        has_negative_signal,
        has_confirmation,
        is_pending_window,
        -- window-judged outcomes are null while the windows are still open
        case when not is_pending_window then is_deflected and not has_negative_signal end as is_truly_resolved,
        not is_pending_window as is_judged,
        not is_pending_window and is_ai_involved as is_judged_ai_involved,
        not is_pending_window and is_deflected as is_judged_deflected,
        not is_pending_window and is_solved as is_judged_solved,
        not is_pending_window and is_deflected and has_negative_signal as is_false_deflection,
        not is_pending_window and is_solved and is_reopened as is_judged_reopened,
        not is_pending_window and is_ai_involved and not is_returned_24h as is_fcr_24h,
        not is_pending_window and is_ai_involved and not is_returned_72h as is_fcr_72h,
        case
            when not is_ai_involved then null
            when is_escalated then 'escalated'
            when is_pending_window then 'pending_window'
            when has_negative_signal then 'false_deflection'
            when has_confirmation then 'confirmed'
            else 'assumed'
        end as resolution_state,
        is_deflected and last_public_author_type = 'ai_agent' and not has_confirmation as is_abandoned,
        case
            when is_deflected and last_public_author_type = 'ai_agent' and not has_confirmation
                then ai_replies_before_silence
        end as drop_off_turn,
        returned_72h_conversation_ids,
        follow_up_conversation_ids,
        reopen_event_ids,
        high_water_mark_at
    from judged

)

select * from final
