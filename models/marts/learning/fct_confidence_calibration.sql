{%- set threshold = var('low_confidence_threshold') %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

ai_signals as (

    select * from {{ ref('int_learning_conversation_ai_signals') }}

),

deciles as (

    {%- for decile in range(1, 11) %}
        select
            {{ decile }} as confidence_decile,
            {{ (decile - 1) / 10 }} as lower_bound,
            {{ decile / 10 }} as upper_bound
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

judged as (

    select
        ai_signals.ai_confidence,
        ai_signals.ai_confidence_decile as confidence_decile,
        facts.is_truly_resolved,
        ai_signals.ai_confidence >= {{ threshold }} as is_high_confidence
    from facts
    inner join ai_signals
        on facts.conversation_id = ai_signals.conversation_id
    where facts.is_ai_involved
        and not facts.is_pending_window
        and ai_signals.ai_confidence is not null

),

aggregated as (

    select
        confidence_decile,
        count(*) as judged_conversations,
        sum(ai_confidence) as confidence_sum,
        sum(case when is_truly_resolved then 1 else 0 end) as truly_resolved_conversations,
        sum(case when is_high_confidence then 1 else 0 end) as high_confidence_conversations,
        sum(case when is_high_confidence and not is_truly_resolved then 1 else 0 end) as false_confidence_conversations
    from judged
    group by 1

),

final as (

    select
        deciles.confidence_decile,
        deciles.lower_bound,
        deciles.upper_bound,
        -- counts of what the source cannot carry (the AI's confidence) are null, never 0
        {{ supportmetrics.carried_or_null('coalesce(aggregated.judged_conversations, 0)', 'ai_events', 'confidence') }}
            as judged_conversations,
        aggregated.confidence_sum / nullif(aggregated.judged_conversations, 0) as mean_confidence,
        {{ supportmetrics.carried_or_null('coalesce(aggregated.truly_resolved_conversations, 0)', 'ai_events', 'confidence') }}
            as truly_resolved_conversations,
        cast(aggregated.truly_resolved_conversations as {{ supportmetrics.type_double() }})
        / nullif(aggregated.judged_conversations, 0) as observed_true_resolution_rate,
        aggregated.confidence_sum / nullif(aggregated.judged_conversations, 0)
        - cast(aggregated.truly_resolved_conversations as {{ supportmetrics.type_double() }})
        / nullif(aggregated.judged_conversations, 0) as calibration_gap,
        {{ supportmetrics.carried_or_null('coalesce(aggregated.high_confidence_conversations, 0)', 'ai_events', 'confidence') }}
            as high_confidence_conversations,
        {{ supportmetrics.carried_or_null('coalesce(aggregated.false_confidence_conversations, 0)', 'ai_events', 'confidence') }}
            as false_confidence_conversations,
        cast(aggregated.false_confidence_conversations as {{ supportmetrics.type_double() }})
        / nullif(aggregated.high_confidence_conversations, 0) as false_confidence_rate
    from deciles
    left join aggregated
        on deciles.confidence_decile = aggregated.confidence_decile

)

select * from final
