with

base as (

    select * from {{ ref('base_helpdesk__support_costs') }}
    where _row_status = 'current'

),

final as (

    select
        -- strings
        cost_type,

        -- numerics
        amount_usd,

        -- dates: normalised to the first day of the month
        cast({{ dbt.date_trunc('month', 'month') }} as date) as cost_month

    from base

)

select * from final
