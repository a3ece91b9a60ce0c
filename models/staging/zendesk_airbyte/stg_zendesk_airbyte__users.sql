with

source as (

    select * from {{ source('zendesk_airbyte', 'users') }}

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
        -- Airbyte flags no soft delete on users (a deleted user is inactive, and still an author)
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
