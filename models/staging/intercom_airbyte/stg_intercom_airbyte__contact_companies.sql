with

source as (

    select * from {{ source('intercom_airbyte', 'contacts') }}

),

-- a contact record's companies: the JSON array data inside the JSON object companies
company_lists as (

    select
        id,
        updated_at,
        _airbyte_extracted_at,
        {{ supportmetrics.json_extract_text('companies', ['data']) }} as company_list
    from source

),

company_rows as (

    {{ supportmetrics.json_array_rows('company_lists', 'company_list', 'company') }}

),

final as (

    select distinct
        cast(id as {{ dbt.type_string() }}) as contact_id,
        {{ supportmetrics.json_extract_text('company', ['id']) }} as company_id,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as contact_updated_at,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from company_rows

)

select * from final
