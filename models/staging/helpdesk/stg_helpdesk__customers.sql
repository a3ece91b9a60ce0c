with

base as (

    select * from {{ ref('base_helpdesk__customers') }}
    where _row_status = 'current'

),

final as (

    select
        -- ids
        customer_id,
        account_id,

        -- strings: email is PII, kept only as a hash of the normalised address; full_name is dropped
        {{ dbt.hash("lower(trim(email))") }} as email_hash,

        -- timestamps
        created_at,
        updated_at

    from base

)

select * from final
