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

solves as (

    select
        conversation_id,
        created_at as solved_at
    from ticket_events
    where event_type = 'status_change'
        and to_value in ('solved', 'closed')

),

reopen_events as (

    select
        conversation_id,
        event_id,
        created_at as reopened_at
    from ticket_events
    where event_type = 'status_change'
        and from_value in ('solved', 'closed')
        and to_value in ('open', 'pending')

),

-- the solve each reopen reopens: the latest solved/closed status change at or before it
reopened_solves as (

    select
        reopen_events.conversation_id,
        reopen_events.event_id,
        reopen_events.reopened_at,
        max(solves.solved_at) as solved_at
    from reopen_events
    left join solves
        on reopen_events.conversation_id = solves.conversation_id
            and solves.solved_at <= reopen_events.reopened_at
    group by 1, 2, 3

),

-- the window starts at that solve; without a recorded solve, at the conversation's end
reopens as (

    select
        conversations.conversation_id,
        count(*) as reopen_count,
        min(reopened_solves.reopened_at) as first_reopened_at,
        {{ dbt.listagg("reopened_solves.event_id", "', '", "order by reopened_solves.event_id") }} as reopen_event_ids
    from conversations
    inner join reopened_solves
        on conversations.conversation_id = reopened_solves.conversation_id
    where reopened_solves.reopened_at >= coalesce(reopened_solves.solved_at, conversations.ended_at)
        and reopened_solves.reopened_at
        <= {{ dbt.dateadd('hour', var('reopen_window_hours'), 'coalesce(reopened_solves.solved_at, conversations.ended_at)') }}
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
