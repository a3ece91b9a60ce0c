with

source as (

    select * from {{ source('zendesk_fivetran', 'ticket_comment') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as comment_id,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        {{ supportmetrics.markup_to_text('cast(body as ' ~ dbt.type_string() ~ ')') }} as body_text,
        cast(public as {{ dbt.type_boolean() }}) as is_public,
        cast(created as {{ dbt.type_timestamp() }}) as created_at,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
