with

comment_rows as (

    select * from {{ ref('map_zendesk_fivetran__comment_rows') }}

),

field_change_rows as (

    select * from {{ ref('map_zendesk_fivetran__field_change_rows') }}

),

ticket_scope as (

    select * from {{ ref('map_zendesk_fivetran__ticket_scope') }}

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
    group by ticket_id

),

human_assignments as (

    select
        field_change_rows.ticket_id,
        field_change_rows.changed_at as handed_off_at,
        field_change_rows.to_raw_value as to_agent_id,
        field_change_rows.synced_at,
        row_number() over (
            partition by field_change_rows.ticket_id
            order by field_change_rows.changed_at, field_change_rows.event_id
        ) as candidate_rank
    from field_change_rows
    left join first_ai_replies
        on field_change_rows.ticket_id = first_ai_replies.ticket_id
    where field_change_rows.exclusion_reason is null
        and field_change_rows.field_name = 'assignee_id'
        and field_change_rows.to_assignee_type = 'human_agent'
        and (field_change_rows.from_assignee_type = 'ai_agent'
            or field_change_rows.changed_at >= first_ai_replies.first_ai_reply_at)

),

human_replies as (

    select
        kept_comments.ticket_id,
        kept_comments.created_at as handed_off_at,
        kept_comments.user_id as to_agent_id,
        kept_comments.synced_at,
        row_number() over (
            partition by kept_comments.ticket_id
            order by kept_comments.created_at, kept_comments.comment_id
        ) as candidate_rank
    from kept_comments
    inner join first_ai_replies
        on kept_comments.ticket_id = first_ai_replies.ticket_id
    where kept_comments.author_type = 'human_agent'
        and kept_comments.is_public
        and kept_comments.created_at > first_ai_replies.first_ai_reply_at

),

candidates as (

    select ticket_id, handed_off_at, to_agent_id, synced_at, 1 as candidate_order
    from human_assignments
    where candidate_rank = 1
    union all
    select ticket_id, handed_off_at, to_agent_id, synced_at, 2 as candidate_order
    from human_replies
    where candidate_rank = 1

),

first_handoffs as (

    select
        *,
        row_number() over (
            partition by ticket_id order by handed_off_at, candidate_order
        ) as handoff_rank
    from candidates

),

mapped as (

    select
        'handoff:' || first_handoffs.ticket_id as handoff_id,
        first_handoffs.ticket_id as conversation_id,
        first_handoffs.handed_off_at as created_at,
        coalesce(ticket_scope.handoff_trigger, 'unknown') as trigger,
        ticket_scope.assigned_team as to_team,
        first_handoffs.to_agent_id,
        {{ supportmetrics.zendesk_fivetran_lineage('ticket_field_history', 'first_handoffs.ticket_id',
            'first_handoffs.synced_at') }}
    from first_handoffs
    inner join ticket_scope
        on first_handoffs.ticket_id = ticket_scope.ticket_id
    where first_handoffs.handoff_rank = 1
        and ticket_scope.exclusion_reason is null

),

final as (

    {{ supportmetrics.raw_contract_select('handoffs', 'mapped', [
        'handoff_id', 'conversation_id', 'created_at', 'trigger', 'to_team', 'to_agent_id']) }}

)

select * from final
