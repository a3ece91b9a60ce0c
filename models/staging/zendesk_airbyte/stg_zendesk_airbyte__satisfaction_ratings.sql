with

source as (

    select * from {{ source('zendesk_airbyte', 'satisfaction_ratings') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as rating_id,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        lower(cast(score as {{ dbt.type_string() }})) as score,
        comment,
        cast(created_at as {{ dbt.type_string() }}) as created_at,
        cast(updated_at as {{ dbt.type_string() }}) as updated_at,
        -- Airbyte flags no soft delete on ratings
        false as is_deleted,
        {{ supportmetrics.parse_timestamp("cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ ")") }} as synced_at
    from source

)

select * from final
