with

base as (

    select * from {{ ref('base_helpdesk__conversations') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        conversation_id,
        customer_id,

        -- strings (subject is PII and is dropped here); intent is normalised, null when unknown
        channel,
        priority,
        lower(intent) as intent,
        status,
        assigned_team,

        -- timestamps
        created_at,
        updated_at

    from base

)

select * from final
