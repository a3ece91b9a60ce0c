with

part_rows as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_intercom__part_rows') }}

),

status_parts as (

    select
        part_id,
        conversation_id,
        created_at,
        synced_at,
        author_type,
        new_status,
        lag(new_status) over (partition by conversation_id order by created_at, part_id) as previous_status
    from part_rows
    where exclusion_reason is null
        and new_status is not null

),

-- an open part on an open conversation changes nothing; an open after a close is a reopen
status_changes as (

    select
        {{ dbt.concat(["'status:'", "part_id"]) }} as event_id,
        conversation_id,
        created_at,
        'status_change' as event_type,
        coalesce(previous_status, 'open') as from_value,
        new_status as to_value,
        case when author_type = 'unclassified' then 'system' else author_type end as actor_type,
        part_id,
        synced_at
    from status_parts
    where new_status != coalesce(previous_status, 'open')

),

admin_assignments as (

    select
        {{ dbt.concat(["'assignment:'", "part_id"]) }} as event_id,
        conversation_id,
        created_at,
        'assignment' as event_type,
        lag(assigned_to_id) over (partition by conversation_id order by created_at, part_id) as from_value,
        assigned_to_id as to_value,
        case when author_type = 'unclassified' then 'system' else author_type end as actor_type,
        part_id,
        synced_at
    from part_rows
    where exclusion_reason is null
        and is_assignment
        and assigned_to_type = 'admin'

),

events as (

    select * from status_changes
    union all
    select * from admin_assignments

),

mapped as (

    select
        event_id,
        conversation_id,
        created_at,
        event_type,
        from_value,
        to_value,
        actor_type,
        {{ supportmetrics.intercom_lineage('conversation_parts', 'part_id, event_type, synced_at') }}
    from events

),

final as (

    {{ supportmetrics.raw_contract_select('ticket_events', 'mapped', [
        'event_id', 'conversation_id', 'created_at', 'event_type', 'from_value', 'to_value', 'actor_type']) }}

)

select * from final
