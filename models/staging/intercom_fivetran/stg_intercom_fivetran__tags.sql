with

source as (

    select * from {{ source('intercom_fivetran', 'tag') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as tag_id,
        cast(name as {{ dbt.type_string() }}) as tag_name,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
