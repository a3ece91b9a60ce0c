with

source as (

    select * from {{ source('intercom_airbyte', 'tags') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as tag_id,
        cast(name as {{ dbt.type_string() }}) as tag_name,
        -- the stream lists the workspace's existing tags only
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
