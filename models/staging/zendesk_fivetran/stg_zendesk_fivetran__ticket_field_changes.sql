with

source as (

    select * from {{ source('zendesk_fivetran', 'ticket_field_history') }}

),

final as (

    select
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        lower(cast(field_name as {{ dbt.type_string() }})) as field_name,
        cast(updated as {{ dbt.type_timestamp() }}) as changed_at,
        cast(value as {{ dbt.type_string() }}) as new_value,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
