with

source as (

    select * from {{ source('zendesk_airbyte', 'tickets') }}

),

latest_tickets as (

    -- a ticket's tags are those of its latest record (every record carries the whole tag list)
    select
        id,
        tags,
        row_number() over (
            partition by id order by cast(updated_at as {{ dbt.type_string() }}) desc nulls last, _airbyte_extracted_at desc nulls last
        ) as version_rank
    from source

),

current_tickets as (

    select * from latest_tickets
    where version_rank = 1

),

tag_rows as (

    {{ supportmetrics.json_array_rows('current_tickets', 'tags', 'tag_value') }}

),

final as (

    select distinct
        cast(id as {{ dbt.type_string() }}) as ticket_id,
        lower({{ supportmetrics.json_extract_text('tag_value') }}) as tag
    from tag_rows

)

select * from final
