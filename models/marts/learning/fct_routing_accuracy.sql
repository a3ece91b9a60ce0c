{{ config(**incremental_period_config('created_month', 'month')) }}
{%- set slices = {'overall': "'all'", 'channel': 'channel', 'routed_by': 'routed_by'} %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql)
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_at', 'month') }}

),

routing as (

    select * from {{ ref('int_conversation_routing') }}

),

routed as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_at') }} as date) as created_month,
        facts.channel,
        routing.routed_by,
        routing.human_assignments,
        routing.team_reassignments,
        routing.is_reassigned,
        routing.is_correctly_routed
    from facts
    inner join routing
        on facts.conversation_id = routing.conversation_id

),

sliced as (

    {{ supportmetrics.slice_fanout('routed', slices, [
        'created_month',
        'team_reassignments',
        'is_reassigned',
        'is_correctly_routed',
    ]) }}

),

aggregated as (

    select
        created_month,
        slice_dimension,
        slice_value,
        count(*) as routed_conversations,
        sum(case when is_correctly_routed then 1 else 0 end) as correctly_routed_conversations,
        sum(case when is_reassigned then 1 else 0 end) as reassigned_conversations,
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
