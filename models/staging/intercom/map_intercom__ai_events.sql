with

part_rows as (

    select * from {{ ref('map_intercom__part_rows') }}

),

conversation_scope as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('map_intercom__conversation_scope') }}

),

-- only the AI agent's own public messages are answers: workflow / Operator bots are system
answers as (

    select
        {{ dbt.concat(["'answer:'", "part_rows.part_id"]) }} as ai_event_id,
        part_rows.conversation_id,
        part_rows.part_id as message_id,
        part_rows.created_at,
        'answer_sent' as event_type,
        conversation_scope.intent,
        part_rows.part_id as lineage_key,
        part_rows.synced_at
    from part_rows
    inner join conversation_scope
        on part_rows.conversation_id = conversation_scope.conversation_id
    where part_rows.exclusion_reason is null
        and part_rows.is_message
        and part_rows.is_public
        and part_rows.author_type = 'ai_agent'

),

last_answers as (

    select
        conversation_id,
        max(created_at) as last_answer_at
    from answers
    group by 1

),

-- Fin's confirmed_resolution: the customer confirmed Fin's answer resolved it (dated at Fin's
-- last answer, the conversation's last update without one)
fin_confirmations as (

    select
        {{ dbt.concat(["'fin_confirmed:'", "conversation_scope.conversation_id"]) }} as ai_event_id,
        conversation_scope.conversation_id,
        cast(null as {{ dbt.type_string() }}) as message_id,
        coalesce(last_answers.last_answer_at, conversation_scope.updated_at) as created_at,
        'resolution_confirmed' as event_type,
        conversation_scope.intent,
        conversation_scope.conversation_id as lineage_key,
        conversation_scope.synced_at
    from conversation_scope
    left join last_answers
        on conversation_scope.conversation_id = last_answers.conversation_id
    where conversation_scope.exclusion_reason is null
        and conversation_scope.ai_resolution_state = 'confirmed_resolution'

),

events as (

    select * from answers
    union all
    select * from fin_confirmations

),

mapped as (

    select
        ai_event_id,
        conversation_id,
        message_id,
        created_at,
        event_type,
        intent,
        {{ supportmetrics.intercom_lineage('conversation_parts', 'event_type, lineage_key, synced_at') }}
    from events

),

final as (

    {{ supportmetrics.raw_contract_select('ai_events', 'mapped', [
        'ai_event_id', 'conversation_id', 'message_id', 'created_at', 'event_type', 'intent']) }}

)

select * from final
