with

source as (

    select * from {{ source('intercom_fivetran', 'conversation_history') }}

),

final as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as conversation_id,
        cast(source_id as {{ dbt.type_string() }}) as source_message_id,
        cast(source_author_id as {{ dbt.type_string() }}) as source_author_id,
        cast(assignee_id as {{ dbt.type_string() }}) as assignee_id,
        cast(team_assignee_id as {{ dbt.type_string() }}) as team_assignee_id,
        -- strings
        lower(cast(state as {{ dbt.type_string() }})) as state,
        lower(cast(priority as {{ dbt.type_string() }})) as priority,
        lower(cast(source_type as {{ dbt.type_string() }})) as source_type,
        lower(cast(source_author_type as {{ dbt.type_string() }})) as source_author_type,
        cast(source_subject as {{ dbt.type_string() }}) as subject,
        {{ supportmetrics.markup_to_text('cast(source_body as ' ~ dbt.type_string() ~ ')') }} as source_body_text,
        cast({{ supportmetrics.intercom_fivetran_optional_column('intercom_intent_attribute') }} as {{ dbt.type_string() }}) as intent_attribute_value,
        cast(conversation_rating_remark as {{ dbt.type_string() }}) as rating_remark,
        -- Fin's verdict: the ai_agent_* columns, null where the schema has none (var intercom_has_ai_agent_columns)
        lower(cast({{ 'ai_agent_resolution_state' if var('intercom_has_ai_agent_columns') else 'null' }} as {{ dbt.type_string() }})) as ai_resolution_state,
        lower(cast({{ 'ai_agent_last_answer_type' if var('intercom_has_ai_agent_columns') else 'null' }} as {{ dbt.type_string() }})) as ai_last_answer_type,
        cast({{ 'ai_agent_rating_remark' if var('intercom_has_ai_agent_columns') else 'null' }} as {{ dbt.type_string() }}) as ai_rating_remark,
        -- numerics
        cast(conversation_rating_value as {{ dbt.type_int() }}) as rating_value,
        cast({{ 'ai_agent_rating' if var('intercom_has_ai_agent_columns') else 'null' }} as {{ dbt.type_int() }}) as ai_rating,
        -- booleans
        cast({{ 'ai_agent_participated' if var('intercom_has_ai_agent_columns') else 'null' }} as {{ dbt.type_boolean() }}) as is_ai_agent_participated,
        coalesce(cast(_fivetran_active as {{ dbt.type_boolean() }}), true) as is_active_version,
        -- timestamps
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        cast(conversation_rating_created_at as {{ dbt.type_timestamp() }}) as rating_created_at,
        cast(_fivetran_start as {{ dbt.type_timestamp() }}) as valid_from,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
