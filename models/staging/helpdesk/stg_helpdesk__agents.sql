with

base as (

    select * from {{ ref('base_helpdesk__agents') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        agent_id,

        -- strings (display_name is PII and is dropped here)
        agent_type,
        team,

        -- numerics
        hourly_cost_usd,

        -- timestamps
        active_from,
        active_to

    from base

)

select * from final
