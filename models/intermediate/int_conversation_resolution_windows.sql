with

conversations as (

    select * from {{ ref('int_conversations_enriched') }}

),

returns as (

    select * from {{ ref('int_conversation_returns') }}

),

ticket_events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}

),

return_matches as (

    select
        conversation_id,
        sum(case when is_same_or_unknown_intent and is_within_short_window then 1 else 0 end) as returns_24h_count,
        sum(case when is_same_or_unknown_intent and is_within_long_window then 1 else 0 end) as returns_72h_count,
        sum(case when is_follow_up_ticket then 1 else 0 end) as follow_up_ticket_count,
        {{ dbt.listagg(
            "case when is_same_or_unknown_intent and is_within_short_window then later_conversation_id end",
            "', '", "order by later_conversation_id") }} as returned_24h_conversation_ids,
        {{ dbt.listagg(
            "case when is_same_or_unknown_intent and is_within_long_window then later_conversation_id end",
            "', '", "order by later_conversation_id") }} as returned_72h_conversation_ids,
        {{ dbt.listagg(
            "case when is_follow_up_ticket then later_conversation_id end",
            "', '", "order by later_conversation_id") }} as follow_up_conversation_ids
    from returns
    group by 1

),

reopens as (

    select
        conversations.conversation_id,
        count(*) as reopen_count,
        min(ticket_events.created_at) as first_reopened_at,
        {{ dbt.listagg("ticket_events.event_id", "', '", "order by ticket_events.event_id") }} as reopen_event_ids
    from conversations
    inner join ticket_events
        on conversations.conversation_id = ticket_events.conversation_id
    where ticket_events.event_type = 'status_change'
        and ticket_events.from_value in ('solved', 'closed')
        and ticket_events.to_value in ('open', 'pending')
        and ticket_events.created_at >= conversations.ended_at
        and ticket_events.created_at <= {{ dbt.dateadd('hour', var('reopen_window_hours'), 'conversations.ended_at') }}
    group by 1

),

final as (

    select
        conversations.conversation_id,
        conversations.ended_at,
        coalesce(return_matches.returns_24h_count, 0) as returns_24h_count,
        coalesce(return_matches.returns_72h_count, 0) as returns_72h_count,
        coalesce(return_matches.follow_up_ticket_count, 0) as follow_up_ticket_count,
        coalesce(reopens.reopen_count, 0) as reopen_count,
        return_matches.returned_24h_conversation_ids,
        return_matches.returned_72h_conversation_ids,
        return_matches.follow_up_conversation_ids,
        reopens.reopen_event_ids,
        reopens.first_reopened_at
    from conversations
    left join return_matches
        on conversations.conversation_id = return_matches.conversation_id
    left join reopens
        on conversations.conversation_id = reopens.conversation_id

)

select * from final
