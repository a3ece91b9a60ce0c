with

base as (

    select * from {{ ref('base_helpdesk__messages') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        message_id,
        conversation_id,
        author_id,

        -- strings; body is PII: only text-signal models read it, and they never expose it
        author_type,
        body,

        -- numerics
        sentiment_score,

        -- booleans
        is_public,

        -- timestamps
        created_at

    from base

)

select * from final
