with

source as (

    select * from {{ source('intercom_airbyte', 'conversations') }}

),

-- a conversation record's tags: the JSON array tags inside the JSON object tags
tag_lists as (

    select
        id,
        updated_at,
        _airbyte_extracted_at,
        {{ supportmetrics.json_extract_text('tags', ['tags']) }} as tag_list
    from source

),

tag_rows as (

    {{ supportmetrics.json_array_rows('tag_lists', 'tag_list', 'tag') }}

),

final as (

    select distinct
        cast(id as {{ dbt.type_string() }}) as conversation_id,
        {{ supportmetrics.json_extract_text('tag', ['id']) }} as tag_id,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as conversation_updated_at,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from tag_rows

)

select * from final
