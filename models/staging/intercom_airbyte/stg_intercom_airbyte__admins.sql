with

source as (

    select * from {{ source('intercom_airbyte', 'admins') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as admin_id,
        cast(name as {{ dbt.type_string() }}) as admin_name,
        cast(email as {{ dbt.type_string() }}) as email,
        -- the stream lists the workspace's existing admins only
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
