with

source as (

    select * from {{ source('intercom_fivetran', 'conversation_tag_history') }}

),

final as (

    select
        cast(conversation_id as {{ dbt.type_string() }}) as conversation_id,
        cast(tag_id as {{ dbt.type_string() }}) as tag_id,
        cast(conversation_updated_at as {{ dbt.type_timestamp() }}) as conversation_updated_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
