with

source as (

    select * from {{ source('zendesk_airbyte', 'organizations') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as organization_id,
        name as organization_name,
        {%- if var('zendesk_segment_field') %}
            {{ supportmetrics.json_extract_text('organization_fields', [var('zendesk_segment_field')]) }} as segment,
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as segment,
        {%- endif %}
        cast(created_at as {{ dbt.type_string() }}) as created_at,
        cast(updated_at as {{ dbt.type_string() }}) as updated_at,
        deleted_at is not null as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
