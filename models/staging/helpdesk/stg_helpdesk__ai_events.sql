with

base as (

    select * from {{ ref('base_helpdesk__ai_events') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        ai_event_id,
        conversation_id,
        message_id,
        kb_article_id,

        -- strings
        event_type,
        lower(intent) as intent,
        draft_outcome,
        action_name,

        -- numerics
        confidence,

        -- timestamps
        created_at

    from base

)

select * from final
