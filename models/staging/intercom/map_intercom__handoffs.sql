with

part_rows as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_intercom__part_rows') }}

),

conversation_scope as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_intercom__conversation_scope') }}

),

teams as (

    select * from {{ supportmetrics.intercom_staged('teams') }}

),

team_names as (

    select
        team_id,
        max(team_name) as team_name
    from teams
    group by 1

),

-- the AI agent assigning the conversation to a team or a teammate is a handoff; an assignment
-- naming both lands as two parts of the same time: one handoff
ai_assignments as (

    select
        part_rows.conversation_id,
        part_rows.created_at,
        min(part_rows.part_id) as part_id,
        max(case when part_rows.assigned_to_type = 'team' then team_names.team_name end) as to_team,
        max(case when part_rows.assigned_to_type = 'admin' then part_rows.assigned_to_id end) as to_agent_id,
        max(part_rows.synced_at) as synced_at
    from part_rows
    left join team_names
        on part_rows.assigned_to_id = team_names.team_id
    where part_rows.exclusion_reason is null
        and part_rows.is_assignment
        and part_rows.author_type = 'ai_agent'
        and part_rows.assigned_to_type in ('team', 'admin')
    group by 1, 2

),

ai_message_times as (

    select
        conversation_id,
        max(created_at) as last_ai_message_at
    from part_rows
    where exclusion_reason is null
        and is_message
        and author_type = 'ai_agent'
    group by 1

),

-- Fin says it routed the conversation to a team, and no assignment part by the AI shows it:
-- the handoff is dated at the AI's last message (the conversation's creation without one)
fin_routed as (

    select
        conversation_scope.conversation_id,
        coalesce(ai_message_times.last_ai_message_at, conversation_scope.created_at) as created_at,
        {{ dbt.concat(["'fin_routed:'", "conversation_scope.conversation_id"]) }} as part_id,
        conversation_scope.assigned_team as to_team,
        cast(null as {{ dbt.type_string() }}) as to_agent_id,
        conversation_scope.synced_at
    from conversation_scope
    left join ai_message_times
        on conversation_scope.conversation_id = ai_message_times.conversation_id
    where conversation_scope.exclusion_reason is null
        and conversation_scope.ai_resolution_state = 'routed_to_team'
        and not exists (
            select 1 from ai_assignments
            where ai_assignments.conversation_id = conversation_scope.conversation_id
        )

),

handoff_rows as (

    select * from ai_assignments
    union all
    select * from fin_routed

),

mapped as (

    select
        {{ dbt.concat(["'handoff:'", "handoff_rows.part_id"]) }} as handoff_id,
        handoff_rows.conversation_id,
        handoff_rows.created_at,
        {{ supportmetrics.unknown_if_null('conversation_scope.handoff_trigger') }} as trigger,
        handoff_rows.to_team,
        handoff_rows.to_agent_id,
        handoff_rows.part_id,
        {{ supportmetrics.intercom_lineage('conversation_parts', 'handoff_rows.part_id, handoff_rows.synced_at',
            'handoff_rows.synced_at') }}
    from handoff_rows
    left join conversation_scope
        on handoff_rows.conversation_id = conversation_scope.conversation_id

),

final as (

    {{ supportmetrics.raw_contract_select('handoffs', 'mapped', [
        'handoff_id', 'conversation_id', 'created_at', 'trigger', 'to_team', 'to_agent_id']) }}

)

select * from final
