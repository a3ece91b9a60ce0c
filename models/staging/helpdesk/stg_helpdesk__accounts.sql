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

        -- booleans (unknown, not false, where the helpdesk source cannot carry churn)
        {%- if supportmetrics.helpdesk_carries('accounts', 'churned_at') %}
            churned_at is not null as is_churned
        {%- else %}
            cast(null as {{ dbt.type_boolean() }}) as is_churned
        {%- endif %}

    from base

)

select * from final
