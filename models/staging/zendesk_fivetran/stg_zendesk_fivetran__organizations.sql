with

source as (

    select * from {{ source('zendesk_fivetran', 'organization') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as organization_id,
        name as organization_name,
        {%- if var('zendesk_segment_field') %}
            cast({{ adapter.quote(var('zendesk_segment_field')) }} as {{ dbt.type_string() }}) as segment,
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as segment,
        {%- endif %}
        cast(created_at as {{ dbt.type_string() }}) as created_at,
        cast(updated_at as {{ dbt.type_string() }}) as updated_at,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
