{%- set double = supportmetrics.type_double() %}
{%- set txt = dbt.type_string() %}
{%- set spec = supportmetrics.stage_metric_spec() %}
{%- set count_metrics = spec | selectattr('source', 'equalto', 'counts') | list %}
{%- set category_metrics = spec | selectattr('source', 'equalto', 'fct_stage_categories_covered') | list %}
{%- set mart_metrics = spec | rejectattr('source', 'in', ['counts', 'fct_stage_categories_covered']) | list %}
{%- set zero_when_absent = "('" ~ (spec | selectattr('zero_when_absent') | map(attribute='metric') | join("', '")) ~ "')" %}
{%- set derived = supportmetrics.stage_derived_metric_spec() %}
{%- set columns = [
    'period_type', 'period_start', 'slice_dimension', 'slice_value', 'metric', 'unit', 'metric_value',
    'missing_reason', 'value_source', 'value_basis', 'numerator', 'denominator', 'n', 'min_n', 'interval_lower',
    'interval_upper',
] %}
{%- set count_columns = [
    'conversations', 'ai_involved_conversations', 'ai_active_conversations', 'deflected_conversations',
    'judged_ai_involved_conversations', 'truly_resolved_conversations', 'ai_only_responses',
    'ai_only_satisfied_responses', 'human_only_responses', 'human_only_satisfied_responses',
    'scored_ai_reviews', 'ai_accuracy_score_sum', 'ai_accuracy_score_squares',
] %}
{%- set count_slices = {'overall': "'all'", 'channel': {'value': 'channel', 'where': 'channel is not null'}} %}
{%- set keys = ['period_type', 'period_start', 'slice_dimension', 'slice_value'] %}
{%- set sums = [] %}
{%- for column in count_columns %}{%- do sums.append('sum(' ~ column ~ ') as ' ~ column) %}{%- endfor %}

with

periods as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

daily_counts as (

    select * from {{ ref('int_stage_daily_counts') }}

),

categories as (

    select * from {{ ref('fct_stage_categories_covered') }}

),

slices as (

    select
        'overall' as slice_dimension,
        'all' as slice_value
    union all
    select
        'channel' as slice_dimension,
        channel as slice_value
    from daily_counts
    where channel is not null
    group by 2

),

{% for source in mart_metrics | map(attribute='source') | unique %}
    {{ source }} as (

        select * from {{ ref(source) }}

    ),
{% endfor %}


metric_names as (

    {%- for metric in spec %}
        select '{{ metric.metric }}' as metric, '{{ metric.unit }}' as unit{{ ' union all' if not loop.last }}
    {%- endfor %}

),

sliced_counts as (

    {{ supportmetrics.slice_fanout('daily_counts', count_slices, ['activity_date', 'intent_label'] + count_columns) }}

),

intent_counts as (

    -- the period's additive counts per slice and intent (the strata of the like-for-like CSAT gap)
    select
        periods.period_type,
        periods.period_start,
        sliced_counts.slice_dimension,
        sliced_counts.slice_value,
        sliced_counts.intent_label,
        {{ sums | join(',\n        ') }}
    from periods
    inner join sliced_counts
        on sliced_counts.activity_date >= periods.period_start
            and sliced_counts.activity_date < periods.period_end
    group by 1, 2, 3, 4, 5

),

intent_strata as (

    {{ supportmetrics.standardised_strata('intent_counts', keys,
        'ai_only_responses', 'ai_only_satisfied_responses', 'human_only_responses', 'human_only_satisfied_responses') }}

),

period_counts as (

    -- a period and slice exists where it has conversations
    {{ supportmetrics.standardised_summary('intent_strata', keys, 'ai_only_responses', 'human_only_responses', sums) }}

),

base_values as (

    -- one select per metric of the specification, over the CTE of its source
    {%- for metric in spec %}
        {{ supportmetrics.stage_metric_select(metric) }}
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

base_spined as (

    select
        periods.period_type,
        periods.period_start,
        periods.previous_period_start,
        slices.slice_dimension,
        slices.slice_value,
        metric_names.metric,
        metric_names.unit,
        -- counts of things that did not happen are 0, not missing
        case
            when metric_names.metric in {{ zero_when_absent }} then coalesce(base_values.metric_value, 0)
            else base_values.metric_value
        end as metric_value,
        base_values.value_source,
        coalesce(base_values.value_basis, 'period') as value_basis,
        case
            when metric_names.metric in {{ zero_when_absent }} or base_values.metric_value is not null then null
            -- fct_agent_draft_assistance only has rows where drafts were suggested
            when base_values.metric is null and metric_names.metric = 'draft_accuracy' then 'no_drafts'
            when base_values.metric is null then 'no_source_row_for_period_and_slice'
            else coalesce(base_values.missing_reason, 'null_in_source')
        end as missing_reason,
        base_values.numerator,
        base_values.denominator,
        base_values.n,
        base_values.min_n,
        base_values.interval_lower,
        base_values.interval_upper
    from periods
    cross join slices
    cross join metric_names
    left join base_values
        on periods.period_type = base_values.period_type
            and periods.period_start = base_values.period_start
            and {{ supportmetrics.same_keys('slices', 'base_values', ['slice_dimension', 'slice_value']) }}
            and metric_names.metric = base_values.metric

),

derived as (

    -- gate metrics comparing a period with the previous period of the same type
    select
        current_period.period_type,
        current_period.period_start,
        current_period.previous_period_start,
        current_period.slice_dimension,
        current_period.slice_value,
        case current_period.metric
            {%- for metric, derived_metric in derived.items() %}
                when '{{ metric }}' then '{{ derived_metric }}'
            {%- endfor %}
        end as metric,
        current_period.unit,
        case
            -- both values are required (least() would skip a null on most engines)
            when current_period.metric_value is null or previous_period.metric_value is null then null
            when current_period.metric = 'deflection_rate'
                then least(current_period.metric_value, previous_period.metric_value)
            else current_period.metric_value - previous_period.metric_value
        end as metric_value,
        current_period.value_source,
        current_period.value_basis,
        case
            when current_period.metric_value is null then current_period.missing_reason
            when previous_period.metric_value is null
                then 'previous_period: ' || coalesce(previous_period.missing_reason, 'no_previous_period')
        end as missing_reason,
        cast(null as {{ double }}) as numerator,
        cast(null as {{ double }}) as denominator,
        -- judged on the smaller of the two periods' n
        least(current_period.n, previous_period.n) as n,
        current_period.min_n,
        -- the lower of two rates: the bounds of the lower rate are the lower of the bounds; a change:
        -- the MOVER interval of the difference from the two periods' intervals
        {%- set bounds = ['current_period.metric_value', 'current_period.interval_lower', 'current_period.interval_upper',
            'previous_period.metric_value', 'previous_period.interval_lower', 'previous_period.interval_upper'] %}
        case
            when current_period.metric = 'deflection_rate' then least(current_period.interval_lower, previous_period.interval_lower)
            else {{ supportmetrics.change_interval_lower(*bounds) }}
        end as interval_lower,
        case
            when current_period.metric = 'deflection_rate' then least(current_period.interval_upper, previous_period.interval_upper)
            else {{ supportmetrics.change_interval_upper(*bounds) }}
        end as interval_upper
    from base_spined as current_period
    left join base_spined as previous_period
        on current_period.period_type = previous_period.period_type
            and current_period.previous_period_start = previous_period.period_start
            and {{ supportmetrics.same_keys('current_period', 'previous_period', ['slice_dimension', 'slice_value', 'metric']) }}
    where current_period.metric in ('{{ derived.keys() | join("', '") }}')

),

final as (

    select {{ columns | join(', ') }} from base_spined
    union all
    select {{ columns | join(', ') }} from derived

)

select * from final
