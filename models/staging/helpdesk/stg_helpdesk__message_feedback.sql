with

base as (

    select * from {{ ref('base_helpdesk__message_feedback') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        feedback_id,
        message_id,

        -- booleans
        is_helpful,

        -- timestamps
        created_at

    from base

)

select * from final
