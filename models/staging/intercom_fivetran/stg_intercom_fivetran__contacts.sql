with

source as (

    select * from {{ source('intercom_fivetran', 'contact_history') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as contact_id,
        lower(cast(role as {{ dbt.type_string() }})) as role,
        cast(name as {{ dbt.type_string() }}) as contact_name,
        cast(email as {{ dbt.type_string() }}) as email,
        coalesce(cast(_fivetran_active as {{ dbt.type_boolean() }}), true) as is_active_version,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        cast(_fivetran_start as {{ dbt.type_timestamp() }}) as valid_from,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
