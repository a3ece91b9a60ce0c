with

comment_rows as (

    select * from {{ ref('map_zendesk__comment_rows') }}

),

field_change_rows as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_zendesk__field_change_rows') }}

),

ticket_scope as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_zendesk__ticket_scope') }}

),

kept_comments as (

    select * from comment_rows
    where exclusion_reason is null

),

first_ai_replies as (

    select
        ticket_id,
        min(created_at) as first_ai_reply_at
    from kept_comments
    where author_type = 'ai_agent' and is_public
    group by 1

),

human_assignments as (

    select
        field_change_rows.ticket_id,
        field_change_rows.changed_at,
        field_change_rows.event_id,
        field_change_rows.to_raw_value as to_agent_id,
        field_change_rows.synced_at,
        field_change_rows.from_assignee_type = 'ai_agent'
        or field_change_rows.changed_at >= first_ai_replies.first_ai_reply_at as is_from_ai
    from field_change_rows
    left join first_ai_replies
        on field_change_rows.ticket_id = first_ai_replies.ticket_id
    where field_change_rows.exclusion_reason is null
        and field_change_rows.field_name = 'assignee_id'
        and field_change_rows.to_assignee_type = 'human_agent'

),

group_escalations as (

    select
        field_change_rows.ticket_id,
        field_change_rows.changed_at as handed_off_at,
        field_change_rows.event_id,
        field_change_rows.to_value as to_team,
        field_change_rows.synced_at
    from field_change_rows
    inner join first_ai_replies
        on field_change_rows.ticket_id = first_ai_replies.ticket_id
    where field_change_rows.exclusion_reason is null
        and field_change_rows.field_name = 'group_id'
        and field_change_rows.changed_at >= first_ai_replies.first_ai_reply_at

),

group_handoffs as (

    select
        group_escalations.ticket_id,
        group_escalations.handed_off_at,
        group_escalations.event_id,
        group_escalations.to_team,
        human_assignments.to_agent_id,
        group_escalations.synced_at,
        row_number() over (
            partition by group_escalations.event_id
            order by human_assignments.changed_at, human_assignments.event_id
        ) as assignee_rank
    from group_escalations
    left join human_assignments
        on group_escalations.ticket_id = human_assignments.ticket_id
            and human_assignments.changed_at >= group_escalations.handed_off_at

),

assignment_handoffs as (

    select
        human_assignments.ticket_id,
        human_assignments.changed_at as handed_off_at,
        human_assignments.event_id,
        ticket_scope.assigned_team as to_team,
        human_assignments.to_agent_id,
        human_assignments.synced_at,
        row_number() over (
            partition by human_assignments.ticket_id
            order by human_assignments.changed_at, human_assignments.event_id
        ) as assignment_rank
    from human_assignments
    inner join ticket_scope
        on human_assignments.ticket_id = ticket_scope.ticket_id
    where human_assignments.is_from_ai
        and human_assignments.ticket_id not in (select group_handoffs.ticket_id from group_handoffs)

),

handoff_events as (

    select
        ticket_id,
        handed_off_at,
        event_id,
        to_team,
        to_agent_id,
        synced_at
    from group_handoffs
    where assignee_rank = 1
    union all
    select
        ticket_id,
        handed_off_at,
        event_id,
        to_team,
        to_agent_id,
        synced_at
    from assignment_handoffs
    where assignment_rank = 1

),

mapped as (

    select
        {{ dbt.concat(["'handoff:'", "handoff_events.event_id"]) }} as handoff_id,
        handoff_events.ticket_id as conversation_id,
        handoff_events.handed_off_at as created_at,
        {{ supportmetrics.unknown_if_null('ticket_scope.handoff_trigger') }} as trigger,
        handoff_events.to_team,
        handoff_events.to_agent_id,
        {{ supportmetrics.zendesk_lineage('ticket_field_changes', 'handoff_events.event_id',
            'handoff_events.synced_at') }}
    from handoff_events
    inner join ticket_scope
        on handoff_events.ticket_id = ticket_scope.ticket_id
    where ticket_scope.exclusion_reason is null

),

final as (

    {{ supportmetrics.raw_contract_select('handoffs', 'mapped', [
        'handoff_id', 'conversation_id', 'created_at', 'trigger', 'to_team', 'to_agent_id']) }}

)

select * from final
