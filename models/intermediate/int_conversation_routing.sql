{{ config(**incremental_conversation_config(recomputes_all_when_agents_change=true)) }}

with

-- an incremental run recomputes the routing of the conversations in int_incremental_scope (a
-- ticket event loaded since the previous run puts its conversation in scope), and of every
-- conversation when an agent row was loaded since then, which can move an assignee to another
-- team (macro incremental_agents_changed)
ticket_events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}
    where {{ in_incremental_scope() }} or {{ incremental_agents_changed() }}

),

agents as (

    select * from {{ ref('stg_helpdesk__agents') }}

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
        max(case when assignment_sequence = 1 then actor_type end) as first_assignment_actor_type,
        sum(case when assignment_sequence > 1 and queue != previous_queue then 1 else 0 end) as team_reassignments,
        max(assignment_sequence) as last_sequence
    from human_assignments
    group by 1

),

final as (

    select
        per_conversation.conversation_id,
        per_conversation.human_assignments,
        per_conversation.first_queue,
        human_assignments.queue as final_queue,
        {{ supportmetrics.unknown_if_null('per_conversation.first_assignment_actor_type') }} as routed_by,
        per_conversation.team_reassignments,
        per_conversation.team_reassignments > 0 as is_reassigned,
        per_conversation.first_queue = human_assignments.queue as is_correctly_routed
    from per_conversation
    inner join human_assignments
        on per_conversation.conversation_id = human_assignments.conversation_id
            and per_conversation.last_sequence = human_assignments.assignment_sequence

)

select * from final
