with

source as (

    select * from {{ source('zendesk_fivetran', 'ticket_tag') }}

),

final as (

    select distinct
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        lower(cast(tag as {{ dbt.type_string() }})) as tag
    from source

)

select * from final
