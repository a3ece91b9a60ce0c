{%- set pilot_start = var('pilot_start_date', none) %}
{%- set pilot_start_date = "cast('" ~ pilot_start ~ "' as date)" if pilot_start else 'cast(null as date)' %}
{%- set double = supportmetrics.type_double() %}
{%- set week_counts = [
    'conversations', 'ai_involved_conversations', 'escalated_conversations', 'deflected_conversations',
    'csat_responses', 'csat_satisfied_responses', 'ai_only_responses', 'ai_only_satisfied_responses',
    'human_only_responses', 'human_only_satisfied_responses', 'worked_conversations', 'routed_conversations',
    'correctly_routed_conversations', 'drafts', 'drafts_sent_as_is', 'drafts_matched', 'scored_ai_reviews',
    'accuracy_ok_ai_reviews',
] %}

with

daily_counts as (

    select * from {{ ref('int_stage_daily_counts') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

scope_changes as (

    select * from {{ ref('stg_helpdesk__ai_scope_changes') }}

),

support_costs as (

    select * from {{ ref('stg_helpdesk__support_costs') }}

),

pre_ai_handle_time as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_cost_pre_ai_handle_time') }}

),

week_numbers as (

    {{ supportmetrics.integer_rows(1, 4, 'pilot_week') }}

),

day_offsets as (

    {{ supportmetrics.integer_rows(0, 6, 'day_offset') }}

),

data_bounds as (

    select cast(max(high_water_mark_at) as date) as last_data_date
    from facts

),

weeks as (

    select
        week_numbers.pilot_week,
        cast({{ dbt.dateadd('day', '7 * (week_numbers.pilot_week - 1)', pilot_start_date) }} as date) as week_start,
        cast({{ dbt.dateadd('day', '7 * week_numbers.pilot_week', pilot_start_date) }} as date) as week_end,
        cast({{ dbt.dateadd('day', 28, pilot_start_date) }} as date) as pilot_end,
        data_bounds.last_data_date
    from week_numbers
    cross join data_bounds
    -- var pilot_start_date not set: no pilot, no rows
    where {{ '1 = 1' if pilot_start else '1 = 0' }}

),

pilot_scope as (

    select
        intent,
        ai_mode
    from (
        select
            scope_changes.intent,
            scope_changes.ai_mode,
            row_number() over (
                partition by scope_changes.intent order by scope_changes.effective_from desc, scope_changes.ai_mode asc
            ) as change_rank
        from scope_changes
        inner join (select max(pilot_end) as pilot_end from weeks) as pilot
            on scope_changes.effective_from < pilot.pilot_end
    ) as ranked
    where change_rank = 1
        and ai_mode != 'off'

),

week_counts as (

    select
        weeks.pilot_week,
        {%- for column in week_counts %}
            sum(daily_counts.{{ column }}) as {{ column }},
        {%- endfor %}
        sum(case when pilot_scope.intent is not null then daily_counts.judged_conversations else 0 end)
            as judged_pilot_conversations,
        sum(case when pilot_scope.intent is not null then daily_counts.truly_resolved_conversations else 0 end)
            as truly_resolved_pilot_conversations,
        cast(sum(daily_counts.handle_seconds) as {{ double }}) / nullif(sum(daily_counts.worked_conversations), 0)
            as aht_seconds,
        sum(
            case
                when daily_counts.deflected_conversations > 0
                    then daily_counts.deflected_conversations * pre_ai_handle_time.pre_ai_aht_seconds
            end
        ) / 3600 as agent_hours_saved,
        sum(case when pre_ai_handle_time.pre_ai_aht_seconds is not null then daily_counts.deflected_conversations else 0 end)
            as valued_deflected_conversations,
        sum(daily_counts.labour_cost_usd) / nullif(sum(daily_counts.priced_handle_hours), 0) as hourly_cost_usd
    from weeks
    inner join daily_counts
        on daily_counts.activity_date >= weeks.week_start
            and daily_counts.activity_date < weeks.week_end
    left join pilot_scope
        on daily_counts.intent = pilot_scope.intent
    left join pre_ai_handle_time
        on daily_counts.intent_label = pre_ai_handle_time.intent
    group by 1

),

baseline_handle_time as (

    select
        cast(sum(baseline_handle_seconds) as {{ double }}) / nullif(sum(baseline_worked_conversations), 0)
            as baseline_aht_seconds
    from pre_ai_handle_time

),

monthly_ai_cost as (

    select
        cost_month,
        sum(case when cost_type in ('ai_platform_license', 'ai_usage') then amount_usd else 0 end) as ai_cost_usd
    from support_costs
    group by 1

),

tool_cost as (

    select
        weeks.pilot_week,
        count(*) as pilot_days,
        count(monthly_ai_cost.cost_month) as costed_days,
        sum(
            monthly_ai_cost.ai_cost_usd
            / {{ dbt.datediff('monthly_ai_cost.cost_month', dbt.dateadd('month', 1, 'monthly_ai_cost.cost_month'), 'day') }}
        ) as tool_cost_usd
    from weeks
    cross join day_offsets
    left join monthly_ai_cost
        on cast({{ dbt.date_trunc('month', dbt.dateadd('day', 'day_offsets.day_offset', 'weeks.week_start')) }} as date)
            = monthly_ai_cost.cost_month
    group by 1

),

week_values as (

    select
        weeks.pilot_week,
        weeks.week_start,
        weeks.week_end,
        weeks.week_end <= {{ dbt.dateadd('day', 1, 'weeks.last_data_date') }} as is_complete_week,
        {%- for column in week_counts + ['judged_pilot_conversations', 'truly_resolved_pilot_conversations', 'valued_deflected_conversations'] %}
            coalesce(week_counts.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        week_counts.aht_seconds,
        baseline_handle_time.baseline_aht_seconds,
        -- no deflection, no hours saved: 0, not missing
        case when coalesce(week_counts.deflected_conversations, 0) = 0 then 0 else week_counts.agent_hours_saved end
            as agent_hours_saved,
        week_counts.hourly_cost_usd,
        case when tool_cost.costed_days = tool_cost.pilot_days then tool_cost.tool_cost_usd end as tool_cost_usd,
        (select count(*) from pilot_scope) as pilot_intents
    from weeks
    cross join baseline_handle_time
    left join week_counts
        on weeks.pilot_week = week_counts.pilot_week
    left join tool_cost
        on weeks.pilot_week = tool_cost.pilot_week

),

metrics as (

    {%- for spec in supportmetrics.pilot_metric_spec() %}
        select
            pilot_week,
            week_start,
            week_end,
            is_complete_week,
            '{{ spec.metric }}' as metric,
            '{{ spec.unit }}' as unit,
            {{ spec.value or ('cast(' ~ spec.numerator ~ ' as ' ~ double ~ ') / nullif(' ~ spec.denominator ~ ', 0)') }}
                as metric_value,
            cast({{ spec.numerator or 'null' }} as {{ double }}) as numerator,
            cast({{ spec.denominator or 'null' }} as {{ double }}) as denominator,
            cast({{ spec.reference or 'null' }} as {{ double }}) as reference_value,
            {{ spec.basis if spec.basis_is_sql else "'" ~ spec.basis ~ "'" }} as basis,
            {{ spec.missing_reason }} as missing_reason,
            {{ supportmetrics.spec_interval_bounds(spec) }}
        from week_values
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

final as (

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        metric,
        unit,
        case when missing_reason is null then metric_value end as metric_value,
        numerator,
        denominator,
        reference_value,
        basis,
        missing_reason,
        case when missing_reason is null then interval_lower end as interval_lower,
        case when missing_reason is null then interval_upper end as interval_upper
    from metrics

)

select * from final
