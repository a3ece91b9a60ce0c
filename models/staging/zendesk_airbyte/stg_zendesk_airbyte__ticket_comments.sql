with

source as (

    select * from {{ source('zendesk_airbyte', 'ticket_comments') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as comment_id,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(author_id as {{ dbt.type_string() }}) as user_id,
        {{ supportmetrics.markup_to_text('cast(coalesce(body, html_body) as ' ~ dbt.type_string() ~ ')') }} as body_text,
        cast(public as {{ dbt.type_boolean() }}) as is_public,
        {{ supportmetrics.parse_timestamp("cast(created_at as " ~ dbt.type_string() ~ ")") }} as created_at,
        -- Airbyte flags no soft delete on comments
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
