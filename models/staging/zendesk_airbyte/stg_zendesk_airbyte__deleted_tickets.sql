{{ config(enabled=var('helpdesk_source', 'canonical') == 'zendesk_airbyte' and var('zendesk_airbyte_deleted_tickets')) }}

with

source as (

    select * from {{ source('zendesk_airbyte', 'deleted_tickets') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as ticket_id,
        cast({{ supportmetrics.json_extract_text('actor', ['id']) }} as {{ dbt.type_string() }}) as deleted_by_user_id,
        lower(cast(previous_state as {{ dbt.type_string() }})) as previous_status,
        cast(deleted_at as {{ dbt.type_string() }}) as deleted_at,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
