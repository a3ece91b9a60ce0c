with

source as (

    select * from {{ source('zendesk_fivetran', 'ticket') }}

),

final as (

    select
        cast(id as {{ dbt.type_string() }}) as ticket_id,
        cast(requester_id as {{ dbt.type_string() }}) as requester_id,
        cast(submitter_id as {{ dbt.type_string() }}) as submitter_id,
        cast(assignee_id as {{ dbt.type_string() }}) as assignee_id,
        cast(group_id as {{ dbt.type_string() }}) as group_id,
        cast(organization_id as {{ dbt.type_string() }}) as organization_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        lower(cast(via_channel as {{ dbt.type_string() }})) as via_channel,
        lower(cast(status as {{ dbt.type_string() }})) as status,
        lower(cast(priority as {{ dbt.type_string() }})) as priority,
        subject,
        {%- if var('zendesk_intent_field') %}
        cast({{ adapter.quote(var('zendesk_intent_field')) }} as {{ dbt.type_string() }}) as intent_field_value,
        {%- else %}
            cast(null as {{ dbt.type_string() }}) as intent_field_value,
        {%- endif %}
        cast(created_at as {{ dbt.type_string() }}) as created_at,
        cast(updated_at as {{ dbt.type_string() }}) as updated_at,
        coalesce(cast(_fivetran_deleted as {{ dbt.type_boolean() }}), false) as is_deleted,
        cast(_fivetran_synced as {{ dbt.type_timestamp() }}) as synced_at
    from source

)

select * from final
