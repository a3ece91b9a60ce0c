with

source as (

    select * from {{ source('intercom_fivetran', 'company_history') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as company_id,
        cast(name as {{ dbt.type_string() }}) as company_name,
        cast({{ supportmetrics.intercom_fivetran_optional_column('intercom_segment_attribute') }} as {{ dbt.type_string() }}) as segment,
        coalesce(cast(_fivetran_active as {{ dbt.type_boolean() }}), true) as is_active_version,
        cast(created_at as {{ dbt.type_timestamp() }}) as created_at,
        cast(updated_at as {{ dbt.type_timestamp() }}) as updated_at,
        cast(_fivetran_start as {{ dbt.type_timestamp() }}) as valid_from,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
