{{ config(**incremental_period_config('created_month', 'month')) }}
{%- set threshold = var('low_confidence_threshold') %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_at', 'month') }}

),

ai_signals as (

    select * from {{ ref('int_learning_conversation_ai_signals') }}

),

judged as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_at') }} as date) as created_month,
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

month_deciles as (

    select
        created_month,
        confidence_decile,
        count(*) as judged_conversations,
        sum(ai_confidence) as confidence_sum,
        sum(case when is_truly_resolved then 1 else 0 end) as truly_resolved_conversations
    from judged
    group by 1, 2

),

calibration_error as (

    -- expected calibration error: |mean confidence - observed resolution| per decile, weighted by volume
    select
        created_month,
        sum(
            abs(confidence_sum - truly_resolved_conversations)
        ) / sum(judged_conversations) as expected_calibration_error
    from month_deciles
    group by 1

),

months as (

    select
        created_month,
        count(*) as judged_conversations,
        avg(ai_confidence) as mean_confidence,
        sum(case when is_truly_resolved then 1 else 0 end) as truly_resolved_conversations,
        sum(case when is_high_confidence then 1 else 0 end) as high_confidence_conversations,
        sum(case when is_high_confidence and not is_truly_resolved then 1 else 0 end) as false_confidence_conversations
    from judged
    group by 1

),

final as (

    select
        months.created_month,
        months.judged_conversations,
        months.mean_confidence,
        months.truly_resolved_conversations,
        cast(months.truly_resolved_conversations as {{ supportmetrics.type_double() }})
        / nullif(months.judged_conversations, 0) as observed_true_resolution_rate,
        months.high_confidence_conversations,
        months.false_confidence_conversations,
        cast(months.false_confidence_conversations as {{ supportmetrics.type_double() }})
        / nullif(months.high_confidence_conversations, 0) as false_confidence_rate,
        calibration_error.expected_calibration_error
    from months
    inner join calibration_error
        on months.created_month = calibration_error.created_month

)

select * from final
