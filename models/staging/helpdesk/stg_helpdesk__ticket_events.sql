with

base as (

    select * from {{ ref('base_helpdesk__ticket_events') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        event_id,
        conversation_id,

        -- strings
        event_type,
        lower(from_value) as from_value,
        lower(to_value) as to_value,
        actor_type,

        -- timestamps
        created_at

    from base

)

select * from final
