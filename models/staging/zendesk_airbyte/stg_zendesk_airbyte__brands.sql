with

source as (

    select * from {{ source('zendesk_airbyte', 'brands') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as brand_id,
        cast(name as {{ dbt.type_string() }}) as brand_name,
        coalesce({{ dbt.safe_cast('is_deleted', dbt.type_boolean()) }}, false) as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
