with

source as (

    select * from {{ source('intercom_airbyte', 'conversation_parts') }}

),

final as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as part_id,
        cast(conversation_id as {{ dbt.type_string() }}) as conversation_id,
        {{ supportmetrics.json_extract_text('author', ['id']) }} as author_id,
        {{ supportmetrics.json_extract_text('assigned_to', ['id']) }} as assigned_to_id,
        -- strings
        lower(cast(part_type as {{ dbt.type_string() }})) as part_type,
        lower({{ supportmetrics.json_extract_text('author', ['type']) }}) as vendor_author_type,
        lower({{ supportmetrics.json_extract_text('assigned_to', ['type']) }}) as assigned_to_type,
        {{ supportmetrics.markup_to_text('cast(body as ' ~ dbt.type_string() ~ ')') }} as body_text,
        -- timestamps (epoch seconds)
        {{ supportmetrics.intercom_airbyte_epoch('created_at') }} as created_at,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as updated_at,
        {{ supportmetrics.intercom_airbyte_epoch('conversation_updated_at') }} as conversation_updated_at,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
