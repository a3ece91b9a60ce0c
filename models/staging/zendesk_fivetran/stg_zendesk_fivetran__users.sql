with

source as (

    select * from {{ source('zendesk_fivetran', 'user') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as user_id,
        name as user_name,
        email,
        lower(cast(role as {{ dbt.type_string() }})) as role,
        cast(organization_id as {{ dbt.type_string() }}) as organization_id,
        cast(active as {{ dbt.type_boolean() }}) as is_active,
        cast(created_at as {{ dbt.type_string() }}) as created_at,
        cast(updated_at as {{ dbt.type_string() }}) as updated_at,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
