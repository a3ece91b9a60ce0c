with

source as (

    select * from {{ source('intercom_fivetran', 'contact_company_history') }}

),

final as (

    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(company_id as {{ dbt.type_string() }}) as company_id,
        cast(contact_updated_at as {{ dbt.type_timestamp() }}) as contact_updated_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
