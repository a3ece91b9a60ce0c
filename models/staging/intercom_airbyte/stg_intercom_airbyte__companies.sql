with

source as (

    select * from {{ source('intercom_airbyte', 'companies') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as company_id,
        cast(name as {{ dbt.type_string() }}) as company_name,
        {{ supportmetrics.intercom_airbyte_custom_attribute('custom_attributes', 'intercom_segment_attribute') }} as segment,
        -- Airbyte flags no deleted company: every record is an active version
        true as is_active_version,
        {{ supportmetrics.intercom_airbyte_epoch('created_at') }} as created_at,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as updated_at,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as valid_from,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
