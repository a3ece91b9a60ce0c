{{ config(**incremental_conversation_config()) }}

with

conversations as (

    select * from {{ ref('int_conversations_enriched') }}
    where {{ in_incremental_scope() }}

),

windows as (

    select * from {{ ref('int_conversation_resolution_windows') }}

),

sessions as (

    select * from {{ ref('int_conversation_sessions') }}
    where {{ in_incremental_scope() }}

),

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}

),

high_water_mark as (

    -- the data's high-water mark: the latest event seen in conversations or messages
    select max(observed_at) as high_water_mark_at
    from (
        select max(created_at) as observed_at from conversations
        union all
        select max(created_at) as observed_at from messages
    ) as observations

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
        windows.returns_24h_count,
        windows.returns_72h_count,
        windows.follow_up_ticket_count,
        windows.reopen_count,
        windows.returned_72h_conversation_ids,
        windows.follow_up_conversation_ids,
        windows.reopen_event_ids,
        windows.returns_24h_count > 0 as is_returned_24h,
        windows.returns_72h_count > 0 as is_returned_72h,
        windows.follow_up_ticket_count > 0 as has_follow_up_ticket,
        windows.reopen_count > 0 as is_reopened,
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
    inner join windows
        on conversations.conversation_id = windows.conversation_id
    cross join high_water_mark
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
