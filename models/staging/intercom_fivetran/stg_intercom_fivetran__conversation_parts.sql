with

source as (

    select * from {{ source('intercom_fivetran', 'conversation_part_history') }}

),

final as (

    select
        -- ids
        cast(id as {{ dbt.type_string() }}) as part_id,
        cast(conversation_id as {{ dbt.type_string() }}) as conversation_id,
        cast(author_id as {{ dbt.type_string() }}) as author_id,
        cast(assigned_to_id as {{ dbt.type_string() }}) as assigned_to_id,
        -- strings
        lower(cast(part_type as {{ dbt.type_string() }})) as part_type,
        lower(cast(author_type as {{ dbt.type_string() }})) as vendor_author_type,
        lower(cast(assigned_to_type as {{ dbt.type_string() }})) as assigned_to_type,
        {{ supportmetrics.markup_to_text('cast(body as ' ~ dbt.type_string() ~ ')') }} as body_text,
        -- timestamps
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        cast(conversation_updated_at as {{ dbt.type_timestamp() }}) as conversation_updated_at,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
