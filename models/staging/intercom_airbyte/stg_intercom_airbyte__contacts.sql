with

source as (

    select * from {{ source('intercom_airbyte', 'contacts') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as contact_id,
        lower(cast(role as {{ dbt.type_string() }})) as role,
        cast(name as {{ dbt.type_string() }}) as contact_name,
        cast(email as {{ dbt.type_string() }}) as email,
        -- Airbyte flags no deleted contact: every record is an active version
        true as is_active_version,
        {{ supportmetrics.intercom_airbyte_epoch('created_at') }} as created_at,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as updated_at,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as valid_from,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
