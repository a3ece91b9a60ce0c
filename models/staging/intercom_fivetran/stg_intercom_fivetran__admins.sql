with

source as (

    select * from {{ source('intercom_fivetran', 'admin') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as admin_id,
        cast(name as {{ dbt.type_string() }}) as admin_name,
        cast(email as {{ dbt.type_string() }}) as email,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
