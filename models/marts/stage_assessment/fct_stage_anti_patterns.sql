{%- set pilot_months = var('anti_pattern_permanent_pilot_months') %}
{%- set jump_stages = var('anti_pattern_premature_jump_stages') %}
{%- set freeze_months = var('anti_pattern_scope_freeze_months') %}

with

assessment as (

    select * from {{ ref('fct_stage_assessment') }}
    where period_type = 'month' and slice_dimension = 'overall'

),

displacement as (

    select * from {{ ref('fct_channel_displacement') }}
    where period_grain = 'month' and is_human_only_channel

),

candidates as (

    select * from {{ ref('rpt_expansion_candidates') }}

),

displacement_months as (

    -- one verdict per month over its human-only channels: flagged when one is, judged when all are
    select
        period_start,
        {{ dbt.bool_or('is_flagged') }} as is_displaced,
        min(case when verdict = 'insufficient_data' then 0 else 1 end) = 1 as is_displacement_judged,
        min(n) as displacement_n,
        max(share_change_points) as max_share_change_points,
        {{ dbt.listagg("case when is_flagged then channel end", "', '", "order by channel") }} as displaced_channels,
        {{ dbt.listagg('channel', "', '", 'order by channel') }} as human_only_channels
    from displacement
    group by 1

),

next_candidates as (

    select {{ dbt.listagg('intent', "', '", 'order by candidate_rank') }} as next_candidates
    from candidates
    where candidate_rank <= {{ var('expansion_categories_per_step') }}

),

sequenced as (

    select
        period_start,
        is_complete,
        assessed_stage,
        categories_covered,
        autonomous_categories,
        scope_categories,
        is_next_gate_passed,
        blocking_gate_criteria,
        missing_input_count,
        missing_inputs,
        lag(assessed_stage) over (order by period_start) as previous_stage,
        lag(autonomous_categories) over (order by period_start) as previous_autonomous_categories,
        lag(is_next_gate_passed) over (order by period_start) as previous_gate_passed,
        lag(blocking_gate_criteria) over (order by period_start) as previous_blocking_gate_criteria,
        case
            when lag(categories_covered) over (order by period_start) = categories_covered then 0
            else 1
        end as is_coverage_change,
        case when assessed_stage = 1 then 0 else 1 end as is_pilot_break
    from assessment

),

grouped as (

    select
        sequenced.*,
        sum(is_coverage_change) over (order by period_start rows between unbounded preceding and current row)
            as coverage_run,
        sum(is_pilot_break) over (order by period_start rows between unbounded preceding and current row)
            as pilot_run
    from sequenced

),

runs as (

    select
        grouped.*,
        row_number() over (partition by coverage_run order by period_start) - 1 as months_coverage_unchanged,
        sum(case when assessed_stage = 1 then 1 else 0 end) over (
            partition by pilot_run order by period_start rows between unbounded preceding and current row
        ) as consecutive_pilot_months,
        assessed_stage - previous_stage as stage_rise,
        row_number() over (order by period_start) as months_observed,
        autonomous_categories > previous_autonomous_categories and not previous_gate_passed as is_scope_widened_on_failing_gate
    from grouped

),

{%- set txt = dbt.type_string() %}

patterns as (

    select
        period_start,
        is_complete,
        assessed_stage,
        'permanent_pilot' as anti_pattern,
        consecutive_pilot_months >= {{ pilot_months }} as is_flagged,
        -- judged once the history is as long as the run that flags it (or the month is not a pilot)
        assessed_stage != 1 or months_observed >= {{ pilot_months }} as is_judged,
        months_observed as n,
        {{ pilot_months }} as min_n,
        cast(consecutive_pilot_months as {{ supportmetrics.type_double() }}) as evidence_value,
        cast({{ pilot_months }} as {{ supportmetrics.type_double() }}) as evidence_threshold,
        'stage 1 (pilot) for ' || cast(consecutive_pilot_months as {{ txt }})
        || ' consecutive month(s); flagged from {{ pilot_months }}' as evidence
    from runs

    union all

    select
        period_start,
        is_complete,
        assessed_stage,
        'premature_jump' as anti_pattern,
        coalesce(stage_rise >= {{ jump_stages }}, false)
        or coalesce(is_scope_widened_on_failing_gate, false) as is_flagged,
        -- a jump needs the previous month
        previous_stage is not null as is_judged,
        months_observed as n,
        2 as min_n,
        cast(stage_rise as {{ supportmetrics.type_double() }}) as evidence_value,
        cast({{ jump_stages }} as {{ supportmetrics.type_double() }}) as evidence_threshold,
        'stage ' || coalesce(cast(previous_stage as {{ txt }}), 'n/a') || ' -> ' || cast(assessed_stage as {{ txt }})
        || '; autonomous categories ' || coalesce(cast(cast(previous_autonomous_categories as {{ dbt.type_int() }}) as {{ txt }}), 'n/a')
        || ' -> ' || coalesce(cast(cast(autonomous_categories as {{ dbt.type_int() }}) as {{ txt }}), 'n/a')
        || case
            when coalesce(is_scope_widened_on_failing_gate, false)
                then ' while the gate out of stage ' || cast(previous_stage as {{ txt }}) || ' was failing ('
                    || coalesce(previous_blocking_gate_criteria, 'no gate value') || ')'
            else ''
        end as evidence
    from runs

    union all

    select
        period_start,
        is_complete,
        assessed_stage,
        'scope_freeze' as anti_pattern,
        assessed_stage >= 2
        and months_coverage_unchanged >= {{ freeze_months }}
        and coalesce(categories_covered < scope_categories, false) as is_flagged,
        -- a freeze needs that many month-over-month comparisons (unless nothing could freeze)
        assessed_stage < 2 or coalesce(categories_covered >= scope_categories, false)
        or months_observed - 1 >= {{ freeze_months }} as is_judged,
        months_observed - 1 as n,
        {{ freeze_months }} as min_n,
        cast(months_coverage_unchanged as {{ supportmetrics.type_double() }}) as evidence_value,
        cast({{ freeze_months }} as {{ supportmetrics.type_double() }}) as evidence_threshold,
        'categories covered ' || coalesce(cast(cast(categories_covered as {{ dbt.type_int() }}) as {{ txt }}), 'n/a')
        || ' of ' || coalesce(cast(cast(scope_categories as {{ dbt.type_int() }}) as {{ txt }}), 'n/a')
        || ', unchanged for ' || cast(months_coverage_unchanged as {{ txt }}) || ' month(s) at stage '
        || cast(assessed_stage as {{ txt }})
        || coalesce('; next candidates (rpt_expansion_candidates): ' || (select next_candidates.next_candidates from next_candidates), '') as evidence
    from runs

    union all

    select
        runs.period_start,
        runs.is_complete,
        runs.assessed_stage,
        'channel_displacement' as anti_pattern,
        coalesce(displacement_months.is_displaced, false) as is_flagged,
        -- no human-only channel: nothing to shift to (judged)
        coalesce(displacement_months.is_displacement_judged, true) as is_judged,
        displacement_months.displacement_n as n,
        {{ var('channel_displacement_min_volume') }} as min_n,
        displacement_months.max_share_change_points as evidence_value,
        cast(0 as {{ supportmetrics.type_double() }}) as evidence_threshold,
        case
            when displacement_months.is_displaced
                then 'AI deflection up while human-only ' || displacement_months.displaced_channels
                    || ' grows beyond noise (volume share or volume per customer vs the pre-AI baseline)'
            when displacement_months.human_only_channels is null then 'no human-only channel after the AI launch this month'
            when not displacement_months.is_displacement_judged then 'human-only channel(s) ' || displacement_months.human_only_channels || ': too few conversations to judge'
            else 'human-only channel(s) ' || displacement_months.human_only_channels || ': no volume shift beyond noise'
        end as evidence
    from runs
    left join displacement_months
        on runs.period_start = displacement_months.period_start

    union all

    select
        period_start,
        is_complete,
        assessed_stage,
        'measurement_void' as anti_pattern,
        missing_input_count > 0 as is_flagged,
        -- judged every month: the stage's inputs are measured or not
        true as is_judged,
        cast(null as {{ dbt.type_bigint() }}) as n,
        cast(null as {{ dbt.type_int() }}) as min_n,
        cast(missing_input_count as {{ supportmetrics.type_double() }}) as evidence_value,
        cast(0 as {{ supportmetrics.type_double() }}) as evidence_threshold,
        case
            when missing_input_count > 0
                then 'missing inputs at stage ' || cast(assessed_stage as {{ txt }}) || ': ' || missing_inputs
            else 'every input of stage ' || cast(assessed_stage as {{ txt }}) || ' and of its gate is measured'
        end as evidence
    from runs

),

final as (

    select
        period_start,
        anti_pattern,
        is_complete,
        assessed_stage,
        is_flagged,
        -- three-state: fail = present, pass = absent, insufficient_data = too little to tell (n < min_n)
        case when is_flagged then 'fail' when is_judged then 'pass' else 'insufficient_data' end as verdict,
        cast(n as {{ dbt.type_bigint() }}) as n,
        cast(min_n as {{ dbt.type_int() }}) as min_n,
        case
            when is_flagged then 'fail: anti-pattern present'
            when is_judged then 'pass'
            else 'insufficient data: n = ' || cast(n as {{ txt }})
                || case when anti_pattern = 'channel_displacement' then ' conversation(s)' else ' month(s)' end
                || ', needs ' || cast(min_n as {{ txt }})
        end as verdict_text,
        evidence_value,
        evidence_threshold,
        evidence
    from patterns

)

select * from final
