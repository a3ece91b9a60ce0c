with

-- not named source: the stream has a column source (the opening message)
conversations as (

    select * from {{ source('intercom_airbyte', 'conversations') }}

),

final as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as conversation_id,
        {{ supportmetrics.json_extract_text('source', ['id']) }} as source_message_id,
        {{ supportmetrics.json_extract_text('source', ['author', 'id']) }} as source_author_id,
        cast(admin_assignee_id as {{ dbt.type_string() }}) as assignee_id,
        cast(team_assignee_id as {{ dbt.type_string() }}) as team_assignee_id,
        -- strings
        lower(cast(state as {{ dbt.type_string() }})) as state,
        lower(cast(priority as {{ dbt.type_string() }})) as priority,
        lower({{ supportmetrics.json_extract_text('source', ['type']) }}) as source_type,
        lower({{ supportmetrics.json_extract_text('source', ['author', 'type']) }}) as source_author_type,
        {{ supportmetrics.json_extract_text('source', ['subject']) }} as subject,
        {{ supportmetrics.markup_to_text(supportmetrics.json_extract_text('source', ['body'])) }} as source_body_text,
        {{ supportmetrics.intercom_airbyte_custom_attribute('custom_attributes', 'intercom_intent_attribute') }} as intent_attribute_value,
        {{ supportmetrics.json_extract_text('conversation_rating', ['remark']) }} as rating_remark,
        -- Fin's verdict: the JSON object ai_agent
        lower({{ supportmetrics.json_extract_text('ai_agent', ['resolution_state']) }}) as ai_resolution_state,
        lower({{ supportmetrics.json_extract_text('ai_agent', ['last_answer_type']) }}) as ai_last_answer_type,
        {{ supportmetrics.json_extract_text('ai_agent', ['rating_remark']) }} as ai_rating_remark,
        -- numerics
        cast({{ supportmetrics.json_extract_text('conversation_rating', ['rating']) }} as {{ dbt.type_int() }}) as rating_value,
        cast({{ supportmetrics.json_extract_text('ai_agent', ['rating']) }} as {{ dbt.type_int() }}) as ai_rating,
        -- booleans
        cast(ai_agent_participated as {{ dbt.type_boolean() }}) as is_ai_agent_participated,
        -- Airbyte flags no deleted conversation: every record is an active version
        true as is_active_version,
        -- timestamps (epoch seconds)
        {{ supportmetrics.intercom_airbyte_epoch('created_at') }} as created_at,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as updated_at,
        {{ supportmetrics.intercom_airbyte_epoch(supportmetrics.json_extract_text('conversation_rating', ['created_at'])) }} as rating_created_at,
        {{ supportmetrics.intercom_airbyte_epoch('updated_at') }} as valid_from,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from conversations

)

select * from final
