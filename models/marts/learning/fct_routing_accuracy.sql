{%- set slices = {'overall': "'all'", 'channel': 'channel', 'routed_by': 'routed_by'} %}

with

ticket_events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}

),

agents as (

    select * from {{ ref('stg_helpdesk__agents') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

agent_queues as (

    select
        lower(agent_id) as assignee_key,
        agent_type,
        team
    from agents

),

assignments as (

    -- the queue of an assignee is its agent's team; an assignee that is not a known agent
    -- (a vendor that assigns to groups) is its own queue
    select
        ticket_events.event_id,
        ticket_events.conversation_id,
        ticket_events.created_at,
        ticket_events.actor_type,
        coalesce(agent_queues.agent_type, 'human') as assignee_type,
        coalesce(lower(agent_queues.team), ticket_events.to_value) as queue
    from ticket_events
    left join agent_queues
        on ticket_events.to_value = agent_queues.assignee_key
    where ticket_events.event_type = 'assignment'
        and ticket_events.to_value is not null

),

human_assignments as (

    select
        assignments.*,
        row_number() over (
            partition by conversation_id order by created_at, event_id
        ) as assignment_sequence,
        lag(queue) over (
            partition by conversation_id order by created_at, event_id
        ) as previous_queue
    from assignments
    where assignee_type = 'human'

),

per_conversation as (

    select
        conversation_id,
        count(*) as human_assignments,
        max(case when assignment_sequence = 1 then queue end) as first_queue,
        coalesce(max(case when assignment_sequence = 1 then actor_type end), 'unknown') as routed_by,
        sum(case when assignment_sequence > 1 and queue != previous_queue then 1 else 0 end) as team_reassignments,
        max(assignment_sequence) as last_sequence
    from human_assignments
    group by 1

),

final_queue as (

    select
        human_assignments.conversation_id,
        human_assignments.queue as final_queue
    from human_assignments
    inner join per_conversation
        on human_assignments.conversation_id = per_conversation.conversation_id
            and human_assignments.assignment_sequence = per_conversation.last_sequence

),

routed as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_at') }} as date) as created_month,
        facts.channel,
        per_conversation.routed_by,
        per_conversation.human_assignments,
        per_conversation.team_reassignments,
        per_conversation.first_queue = final_queue.final_queue as is_correctly_routed
    from facts
    inner join per_conversation
        on facts.conversation_id = per_conversation.conversation_id
    inner join final_queue
        on facts.conversation_id = final_queue.conversation_id

),

sliced as (

    {%- for slice_dimension, slice_expression in slices.items() %}
        select
            created_month,
            '{{ slice_dimension }}' as slice_dimension,
            cast({{ slice_expression }} as {{ dbt.type_string() }}) as slice_value,
            team_reassignments,
            is_correctly_routed
        from routed
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

aggregated as (

    select
        created_month,
        slice_dimension,
        slice_value,
        count(*) as routed_conversations,
        sum(case when is_correctly_routed then 1 else 0 end) as correctly_routed_conversations,
        sum(case when team_reassignments > 0 then 1 else 0 end) as reassigned_conversations,
        sum(team_reassignments) as team_reassignments
    from sliced
    group by 1, 2, 3

),

final as (

    select
        aggregated.*,
        cast(correctly_routed_conversations as {{ supportmetrics.type_double() }}) / nullif(routed_conversations, 0)
            as routing_accuracy,
        cast(reassigned_conversations as {{ supportmetrics.type_double() }}) / nullif(routed_conversations, 0)
            as reassignment_rate
    from aggregated

)

select * from final
