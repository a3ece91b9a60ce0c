with

base as (

    select * from {{ ref('base_helpdesk__csat_responses') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        response_id,
        conversation_id,

        -- numerics (comment is PII free text and is dropped here)
        score,

        -- timestamps
        responded_at

    from base

)

select * from final
