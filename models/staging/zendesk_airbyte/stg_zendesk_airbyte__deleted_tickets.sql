{{ config(enabled=var('helpdesk_source', 'canonical') == 'zendesk_airbyte') }}

{#- Airbyte's deleted_tickets stream landed only by source-zendesk-support 1.7.x; later versions
    mark a deleted ticket status deleted in tickets. Read when var zendesk_airbyte_deleted_tickets
    is true, else no rows (the table is then not expected to exist). -#}
with

final as (

    {% if var('zendesk_airbyte_deleted_tickets') %}
        select
            cast(id as {{ dbt.type_string() }}) as ticket_id,
            cast({{ supportmetrics.json_extract_text('actor', ['id']) }} as {{ dbt.type_string() }}) as deleted_by_user_id,
            lower(cast(previous_state as {{ dbt.type_string() }})) as previous_status,
            cast(deleted_at as {{ dbt.type_string() }}) as deleted_at,
            {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
        from {{ source('zendesk_airbyte', 'deleted_tickets') }}
    {% else %}
        {{ supportmetrics.empty_select([
            ('ticket_id', dbt.type_string()),
            ('deleted_by_user_id', dbt.type_string()),
            ('previous_status', dbt.type_string()),
            ('deleted_at', dbt.type_string()),
            ('synced_at', dbt.type_timestamp()),
        ]) }}
    {% endif %}

)

select * from final
