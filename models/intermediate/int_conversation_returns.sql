with

conversations as (

    select * from {{ ref('int_conversations_enriched') }}

),

pairs as (

    select
        original.conversation_id,
        later.conversation_id as later_conversation_id,
        original.customer_id,
        original.ended_at,
        later.created_at as later_created_at,
        original.intent,
        later.intent as later_intent,
        later.handling_path as later_handling_path,
        {{ dbt.datediff('original.ended_at', 'later.created_at', 'second') }}             as seconds_after_end
    from conversations as original
    inner join conversations as later
        on original.customer_id = later.customer_id
            and original.conversation_id != later.conversation_id
            and later.created_at > original.ended_at
            and later.created_at <= {{ dbt.dateadd('hour', var('return_window_long_hours'), 'original.ended_at') }}

),

final as (

    select
        pairs.*,
        intent is null or later_intent is null or intent = later_intent as is_same_or_unknown_intent,
        seconds_after_end <= {{ var('return_window_short_hours') }} * 3600 as is_within_short_window,
        seconds_after_end <= {{ var('return_window_long_hours') }} * 3600 as is_within_long_window,
        later_handling_path in ('human_only', 'ai_then_human')
        and seconds_after_end <= {{ var('follow_up_window_hours') }} * 3600 as is_follow_up_ticket
    from pairs

)

select * from final
