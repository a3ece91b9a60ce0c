{%- set double = supportmetrics.type_double() %}
{%- set txt = dbt.type_string() %}
{#- the same totals for the head, the tail and all intents -#}
{%- set aggregates = [
    'count(*) as intents',
    'sum(conversations) as conversations',
    'sum(ai_involved_conversations) as ai_involved_conversations',
    'sum(judged_ai_involved_conversations) as judged_ai_involved_conversations',
    'sum(truly_resolved_conversations) as truly_resolved_conversations',
    'max(window_intents) as window_intents',
    'max(window_conversations) as window_conversations',
    'max(window_start) as window_start',
    'max(window_end) as window_end',
    'max(head_share_target) as head_share_target',
] %}

with

pareto as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_intent_pareto') }}

),

grouped as (

    select
        case when is_head then 'head' else 'tail' end as intent_group,
        {{ aggregates | join(',\n        ') }}
    from pareto
    group by 1

    union all

    select
        'all' as intent_group,
        {{ aggregates | join(',\n        ') }}
    from pareto
    having count(*) > 0

),

final as (

    select
        intent_group,
        window_start,
        window_end,
        head_share_target,
        cast(intents as {{ dbt.type_int() }}) as intents,
        cast(window_intents as {{ dbt.type_int() }}) as window_intents,
        {{ supportmetrics.proportion('intents', 'window_intents') }} as intent_share,
        cast(conversations as {{ dbt.type_bigint() }}) as conversations,
        {{ supportmetrics.proportion('conversations', 'window_conversations') }} as volume_share,
        cast(ai_involved_conversations as {{ dbt.type_bigint() }}) as ai_involved_conversations,
        {{ supportmetrics.proportion('ai_involved_conversations', 'conversations') }} as ai_coverage_rate,
        {{ supportmetrics.wilson_lower('ai_involved_conversations', 'conversations') }} as ai_coverage_lower,
        {{ supportmetrics.wilson_upper('ai_involved_conversations', 'conversations') }} as ai_coverage_upper,
        cast(judged_ai_involved_conversations as {{ dbt.type_bigint() }}) as judged_ai_involved_conversations,
        cast(truly_resolved_conversations as {{ dbt.type_bigint() }}) as truly_resolved_conversations,
        {{ supportmetrics.proportion('truly_resolved_conversations', 'judged_ai_involved_conversations') }}
            as true_resolution_rate,
        {{ supportmetrics.wilson_lower('truly_resolved_conversations', 'judged_ai_involved_conversations') }}
            as true_resolution_lower,
        {{ supportmetrics.wilson_upper('truly_resolved_conversations', 'judged_ai_involved_conversations') }}
            as true_resolution_upper,
        case
            when judged_ai_involved_conversations = 0 and ai_involved_conversations = 0 then 'no_ai_involved_conversations'
            when judged_ai_involved_conversations = 0 then 'all_ai_conversations_pending_window'
        end as true_resolution_missing_reason,
        case
            when intent_group = 'head'
                then cast(intents as {{ txt }}) || ' of ' || cast(window_intents as {{ txt }})
                    || ' intents make up ' || cast(round(cast(100.0 * conversations / window_conversations as {{ dbt.type_numeric() }}), 1) as {{ txt }})
                    || '% of the volume'
        end as summary
    from grouped

)

select * from final
