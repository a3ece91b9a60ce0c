with

field_changes as (

    select * from {{ supportmetrics.zendesk_staged('ticket_field_changes') }}

),

users as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_zendesk__users') }}

),

groups as (

    select * from {{ supportmetrics.zendesk_staged('groups') }}

),

ticket_scope as (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

group_names as (

    select
        group_id,
        max(group_name) as group_name
    from groups
    group by 1

),

sequenced as (

    select
        field_changes.*,
        lag(field_changes.new_value) over (
            partition by field_changes.ticket_id, field_changes.field_name
            order by field_changes.changed_at, field_changes.synced_at
        ) as previous_value,
        row_number() over (
            partition by field_changes.ticket_id, field_changes.field_name, field_changes.changed_at
            order by field_changes.new_value, field_changes.synced_at
        ) as same_time_rank
    from field_changes

),

final as (

    select
        sequenced.ticket_id,
        sequenced.field_name,
        sequenced.changed_at,
        sequenced.user_id,
        sequenced.synced_at,
        {{ dbt.concat([
            "sequenced.ticket_id", "':'", "sequenced.field_name", "':'",
            "cast(sequenced.changed_at as " ~ dbt.type_string() ~ ")", "':'",
            "cast(sequenced.same_time_rank as " ~ dbt.type_string() ~ ")",
        ]) }} as event_id,
        case sequenced.field_name
            when 'status' then 'status_change'
            when 'assignee_id' then 'assignment'
            when 'group_id' then 'assignment'
            when 'priority' then 'priority_change'
        end as event_type,
        case
            when sequenced.field_name = 'group_id' then coalesce(previous_group.group_name, sequenced.previous_value)
            else sequenced.previous_value
        end as from_value,
        case
            when sequenced.field_name = 'group_id' then coalesce(new_group.group_name, sequenced.new_value)
            else sequenced.new_value
        end as to_value,
        sequenced.previous_value as from_raw_value,
        sequenced.new_value as to_raw_value,
        previous_assignee.author_type as from_assignee_type,
        new_assignee.author_type as to_assignee_type,
        case
            when sequenced.user_id is null then 'system'
            when actors.author_type != 'unclassified' then actors.author_type
        end as actor_type,
        case
            when ticket_scope.exclusion_reason is not null then {{ dbt.concat(["'ticket_'", "ticket_scope.exclusion_reason"]) }}
            when sequenced.field_name not in ('status', 'assignee_id', 'group_id', 'priority') then 'field_not_mapped'
        end as exclusion_reason
    from sequenced
    left join ticket_scope
        on sequenced.ticket_id = ticket_scope.ticket_id
    left join users as actors
        on sequenced.user_id = actors.user_id
    left join users as previous_assignee
        on sequenced.field_name = 'assignee_id' and sequenced.previous_value = previous_assignee.user_id
    left join users as new_assignee
        on sequenced.field_name = 'assignee_id' and sequenced.new_value = new_assignee.user_id
    left join group_names as previous_group
        on sequenced.field_name = 'group_id' and sequenced.previous_value = previous_group.group_id
    left join group_names as new_group
        on sequenced.field_name = 'group_id' and sequenced.new_value = new_group.group_id

)

select * from final
