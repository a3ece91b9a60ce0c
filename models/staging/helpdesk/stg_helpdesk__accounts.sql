with

base as (

    select * from {{ ref('base_helpdesk__accounts') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        account_id,

        -- strings (account_name is PII and is dropped here)
        segment,
        plan,

        -- numerics
        arr_usd,

        -- dates and timestamps
        renewal_date,
        created_at,
        churned_at,
        updated_at,

        -- booleans
        churned_at is not null as is_churned

    from base

)

select * from final
