-- Every gap signal belongs to exactly one gap: signal counts reconcile per intent between the
-- signals, the gaps and the weekly view.
with

signals as (

    select
        intent,
        count(*) as signals
    from {{ ref('int_learning_gap_signals') }}
    group by 1

),

gaps as (

    select
        intent,
        sum(signals) as signals
    from {{ ref('fct_knowledge_gaps') }}
    group by 1

),

gap_weeks as (

    select
        intent,
        sum(signals) as signals
    from {{ ref('fct_knowledge_gap_weeks') }}
    group by 1

)

select
    signals.intent,
    signals.signals as signal_rows,
    gaps.signals as gap_signals,
    gap_weeks.signals as weekly_signals
from signals
left join gaps
    on signals.intent = gaps.intent
left join gap_weeks
    on signals.intent = gap_weeks.intent
where gaps.signals is null
    or gap_weeks.signals is null
    or gaps.signals != signals.signals
    or gap_weeks.signals != signals.signals
