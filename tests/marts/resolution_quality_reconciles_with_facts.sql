-- fct_resolution_quality and fct_resolution_quality_daily reconcile with int_conversation_facts:
-- for every period grain, period and slice dimension, the slices add up to the facts' counts of
-- the same period (conversations, AI-involved, deflected, escalated, pending, judged AI-involved,
-- judged deflected, truly resolved, judged solved, reopened); the daily table adds up per day.
-- Returns every mismatching (grain, period, dimension), and periods missing on either side.
{%- set grains = ['day', 'week', 'month'] %}
{%- set dimensions = ['overall', 'channel', 'intent', 'priority', 'segment'] %}
{%- set measures = {
    'conversations': 'true',
    'ai_involved_conversations': 'is_ai_involved',
    'deflected_conversations': 'is_deflected',
    'escalated_conversations': 'is_escalated',
    'pending_window_conversations': 'is_pending_window',
    'judged_ai_involved_conversations': 'is_ai_involved and not is_pending_window',
    'judged_deflected_conversations': 'is_deflected and not is_pending_window',
    'truly_resolved_conversations': 'is_truly_resolved',
    'solved_conversations': 'is_solved and not is_pending_window',
    'reopened_conversations': 'is_solved and is_reopened and not is_pending_window',
} %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

mart as (

    select * from {{ ref('fct_resolution_quality') }}

),

daily as (

    select * from {{ ref('fct_resolution_quality_daily') }}

),

dimensions as (

    {%- for dimension in dimensions %}
        select '{{ dimension }}' as slice_dimension
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

expected as (

    {%- for grain in grains %}

        select
            '{{ grain }}' as period_grain,
            cast({{ dbt.date_trunc(grain, 'created_date') }} as date) as period_start,
            {%- for measure, condition in measures.items() %}
                count(case when {{ condition }} then 1 end) as {{ measure }},
            {%- endfor %}
            count(*) as source_rows
        from facts
        group by 1, 2
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

expected_by_dimension as (

    select
        expected.*,
        dimensions.slice_dimension
    from expected
    cross join dimensions

),

actual as (

    select
        period_grain,
        period_start,
        slice_dimension,
        {%- for measure in measures %}
            sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        count(*) as source_rows
    from mart
    group by 1, 2, 3

),

daily_expected as (

    select
        created_date,
        {%- for measure, condition in measures.items() %}
            count(case when {{ condition }} then 1 end) as {{ measure }},
        {%- endfor %}
        count(*) as source_rows
    from facts
    group by 1

),

daily_actual as (

    select
        created_date,
        {%- for measure in measures %}
            sum({{ measure }}) as {{ measure }},
        {%- endfor %}
        count(*) as source_rows
    from daily
    group by 1

),

mismatches as (

    select
        coalesce(actual.period_grain, expected_by_dimension.period_grain) as period_grain,
        coalesce(actual.period_start, expected_by_dimension.period_start) as period_start,
        coalesce(actual.slice_dimension, expected_by_dimension.slice_dimension) as slice_dimension
    from actual
    full outer join expected_by_dimension
        on actual.period_grain = expected_by_dimension.period_grain
            and actual.period_start = expected_by_dimension.period_start
            and actual.slice_dimension = expected_by_dimension.slice_dimension
    where actual.period_grain is null
        or expected_by_dimension.period_grain is null
        {%- for measure in measures %}
            or actual.{{ measure }} != expected_by_dimension.{{ measure }}
        {%- endfor %}

    union all

    select
        'daily_table' as period_grain,
        coalesce(daily_actual.created_date, daily_expected.created_date) as period_start,
        'all' as slice_dimension
    from daily_actual
    full outer join daily_expected
        on daily_actual.created_date = daily_expected.created_date
    where daily_actual.created_date is null
        or daily_expected.created_date is null
        {%- for measure in measures %}
            or daily_actual.{{ measure }} != daily_expected.{{ measure }}
        {%- endfor %}

)

select * from mismatches
