with

source as (

    select * from {{ source('intercom_fivetran', 'team') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as team_id,
        cast(name as {{ dbt.type_string() }}) as team_name,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
