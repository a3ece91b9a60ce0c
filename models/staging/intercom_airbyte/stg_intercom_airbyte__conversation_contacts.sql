with

source as (

    select * from {{ source('intercom_airbyte', 'conversations') }}

),

-- a conversation record's contacts: the JSON array contacts inside the JSON object contacts
contact_lists as (

    select
        id,
        updated_at,
        _airbyte_extracted_at,
        {{ supportmetrics.json_extract_text('contacts', ['contacts']) }} as contact_list
    from source

),

contact_rows as (

    {{ supportmetrics.json_array_rows('contact_lists', 'contact_list', 'contact') }}

),

final as (

    select distinct
        cast(id as {{ dbt.type_string() }}) as conversation_id,
        {{ supportmetrics.json_extract_text('contact', ['id']) }} as contact_id,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as conversation_updated_at,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from contact_rows

)

select * from final
