with

source as (

    select * from {{ source('intercom_airbyte', 'teams') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as team_id,
        cast(name as {{ dbt.type_string() }}) as team_name,
        -- the stream lists the workspace's existing teams only
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
