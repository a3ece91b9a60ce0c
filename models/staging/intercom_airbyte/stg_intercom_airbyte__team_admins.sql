with

source as (

    select * from {{ source('intercom_airbyte', 'teams') }}

),

-- a team's members: its JSON array admin_ids
member_rows as (

    {{ supportmetrics.json_array_rows('source', 'admin_ids', 'admin_id_value') }}

),

final as (

    select distinct
        cast(id as {{ dbt.type_string() }}) as team_id,
        {{ supportmetrics.json_extract_text('admin_id_value') }} as admin_id,
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from member_rows

)

select * from final
