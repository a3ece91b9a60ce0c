with

source as (

    select * from {{ source('zendesk_fivetran', 'satisfaction_rating') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as rating_id,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        lower(cast(score as {{ dbt.type_string() }})) as score,
        comment,
        cast(created_at as {{ dbt.type_string() }}) as created_at,
        cast(updated_at as {{ dbt.type_string() }}) as updated_at,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
