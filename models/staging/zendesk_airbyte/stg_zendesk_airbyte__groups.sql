with

source as (

    select * from {{ source('zendesk_airbyte', 'groups') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as group_id,
        cast(name as {{ dbt.type_string() }}) as group_name,
        coalesce(cast(deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
