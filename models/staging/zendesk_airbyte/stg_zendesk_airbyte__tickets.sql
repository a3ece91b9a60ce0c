with

source as (

    select * from {{ source('zendesk_airbyte', 'tickets') }}

),
{%- if var('zendesk_intent_field') %}

custom_field_rows as (

    {{ supportmetrics.json_array_rows('source', 'custom_fields', 'custom_field') }}

),

intent_values as (

    -- var zendesk_intent_field: the id of the custom field holding the intent
    select
        _airbyte_raw_id,
        max({{ supportmetrics.json_extract_text('custom_field', ['value']) }}) as intent_field_value
    from custom_field_rows
    where {{ supportmetrics.json_extract_text('custom_field', ['id']) }} = '{{ var("zendesk_intent_field") }}'
    group by 1

),
{%- endif %}

final as (

    select
        cast(source.id as {{ dbt.type_string() }}) as ticket_id,
        cast(source.requester_id as {{ dbt.type_string() }}) as requester_id,
        cast(source.submitter_id as {{ dbt.type_string() }}) as submitter_id,
        cast(source.assignee_id as {{ dbt.type_string() }}) as assignee_id,
        cast(source.group_id as {{ dbt.type_string() }}) as group_id,
        cast(source.organization_id as {{ dbt.type_string() }}) as organization_id,
        cast(source.brand_id as {{ dbt.type_string() }}) as brand_id,
        lower({{ supportmetrics.json_extract_text('source.via', ['channel']) }}) as via_channel,
        lower(cast(source.status as {{ dbt.type_string() }})) as status,
        lower(cast(source.priority as {{ dbt.type_string() }})) as priority,
        source.subject,
        {%- if var('zendesk_intent_field') %}
        intent_values.intent_field_value,
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as intent_field_value,
        {%- endif %}
        cast(source.created_at as {{ dbt.type_string() }}) as created_at,
        cast(source.updated_at as {{ dbt.type_string() }}) as updated_at,
        -- Airbyte flags no soft delete: a deleted ticket arrives with status deleted
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(source._airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source
    {%- if var('zendesk_intent_field') %}
    left join intent_values
        on source._airbyte_raw_id = intent_values._airbyte_raw_id
    {%- endif %}

)

select * from final
