{%- set double = supportmetrics.type_double() %}
{%- set base_metrics = {
    'ai_active_conversations': 'count',
    'conversations': 'count',
    'deflection_rate': 'fraction',
    'true_resolution_rate': 'fraction',
    'csat_gap_points': 'points',
    'first_response_improvement_rate': 'fraction',
    'categories_covered': 'count',
    'autonomous_categories': 'count',
    'scope_categories': 'count',
    'draft_accuracy': 'fraction',
    'escalation_accuracy': 'fraction',
    'cost_per_ticket_change_rate': 'fraction',
    'critical_ai_errors_last_30_days': 'count',
    'qa_mean_accuracy_score': 'score',
} %}
{%- set metric_name_rows = [] %}
{%- for metric, unit in base_metrics.items() %}
    {%- do metric_name_rows.append("select '" ~ metric ~ "' as metric, '" ~ unit ~ "' as unit") %}
{%- endfor %}

with

periods as (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}

),

resolution_quality as (

    select * from {{ ref('fct_resolution_quality') }}
    where period_grain = 'month'
        and slice_dimension in ('overall', 'channel')

),

resolution_quality_daily as (

    select * from {{ ref('fct_resolution_quality_daily') }}

),

csat_gap as (

    select * from {{ ref('fct_csat_gap') }}
    where period_grain = 'month'
        and slice_dimension in ('overall', 'channel')

),

first_response as (

    select * from {{ ref('fct_first_response_baseline') }}
    where slice_dimension in ('overall', 'channel')

),

escalation_quality as (

    select * from {{ ref('fct_escalation_quality') }}
    where slice_dimension in ('overall', 'channel')

),

draft_assistance as (

    select * from {{ ref('fct_agent_draft_assistance') }}
    where period_grain = 'month'
        and slice_dimension in ('overall', 'channel')

),

qa_quality as (

    select * from {{ ref('fct_qa_quality_monthly') }}
    where slice_dimension in ('overall', 'channel')

),

cost_per_resolution as (

    select * from {{ ref('fct_cost_per_resolution') }}

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
    from facts
    where channel is not null
    group by 2

),

metric_names as (

    {{ metric_name_rows | join('\n    union all\n    ') }}

),

{# ---------------------------------------------------------------- trailing windows #}

trailing_periods as (

    select * from periods
    where period_type = 'trailing'

),

latest_month_for_trailing as (

    -- the latest complete calendar month that ends by the trailing window's end
    select
        trailing_periods.period_start,
        max(months.period_start) as month_start
    from trailing_periods
    inner join periods as months
        on months.period_type = 'month'
            and months.is_complete
            and months.period_end <= trailing_periods.period_end
    group by 1

),

facts_sliced as (

    select
        conversation_id,
        created_date,
        'overall' as slice_dimension,
        'all' as slice_value,
        handling_path,
        csat_score,
        is_ai_involved
    from facts
    union all
    select
        conversation_id,
        created_date,
        'channel' as slice_dimension,
        channel as slice_value,
        handling_path,
        csat_score,
        is_ai_involved
    from facts

),

daily_sliced as (

    select
        created_date,
        'overall' as slice_dimension,
        'all' as slice_value,
        conversations,
        deflected_conversations,
        judged_ai_involved_conversations,
        truly_resolved_conversations,
        ai_involved_conversations
    from resolution_quality_daily
    union all
    select
        created_date,
        'channel' as slice_dimension,
        channel as slice_value,
        conversations,
        deflected_conversations,
        judged_ai_involved_conversations,
        truly_resolved_conversations,
        ai_involved_conversations
    from resolution_quality_daily

),

trailing_resolution as (

    select
        trailing_periods.period_type,
        trailing_periods.period_start,
        daily_sliced.slice_dimension,
        daily_sliced.slice_value,
        sum(daily_sliced.conversations) as conversations,
        sum(daily_sliced.deflected_conversations) as deflected_conversations,
        sum(daily_sliced.ai_involved_conversations) as ai_involved_conversations,
        sum(daily_sliced.judged_ai_involved_conversations) as judged_ai_involved_conversations,
        sum(daily_sliced.truly_resolved_conversations) as truly_resolved_conversations
    from trailing_periods
    inner join daily_sliced
        on daily_sliced.created_date >= trailing_periods.period_start
            and daily_sliced.created_date < trailing_periods.period_end
    group by 1, 2, 3, 4

),

trailing_csat as (

    select
        trailing_periods.period_type,
        trailing_periods.period_start,
        facts_sliced.slice_dimension,
        facts_sliced.slice_value,
        sum(case when facts_sliced.handling_path = 'ai_only' and facts_sliced.csat_score is not null then 1 else 0 end)
            as ai_only_responses,
        sum(
            case
                when facts_sliced.handling_path = 'ai_only'
                    and facts_sliced.csat_score >= {{ var('satisfied_csat_min_score') }} then 1
                else 0
            end
        ) as ai_only_satisfied_responses,
        sum(case when facts_sliced.handling_path = 'human_only' and facts_sliced.csat_score is not null then 1 else 0 end)
            as human_only_responses,
        sum(
            case
                when facts_sliced.handling_path = 'human_only'
                    and facts_sliced.csat_score >= {{ var('satisfied_csat_min_score') }} then 1
                else 0
            end
        ) as human_only_satisfied_responses
    from trailing_periods
    inner join facts_sliced
        on facts_sliced.created_date >= trailing_periods.period_start
            and facts_sliced.created_date < trailing_periods.period_end
    group by 1, 2, 3, 4

),

{# ---------------------------------------------------------------- AI activity #}

ai_event_conversations as (

    select conversation_id
    from ai_events
    group by 1

),

ai_activity as (

    select
        periods.period_type,
        periods.period_start,
        facts_sliced.slice_dimension,
        facts_sliced.slice_value,
        sum(
            case when facts_sliced.is_ai_involved or ai_event_conversations.conversation_id is not null then 1 else 0 end
        ) as ai_active_conversations
    from periods
    inner join facts_sliced
        on facts_sliced.created_date >= periods.period_start
            and facts_sliced.created_date < periods.period_end
    left join ai_event_conversations
        on facts_sliced.conversation_id = ai_event_conversations.conversation_id
    group by 1, 2, 3, 4

),

{# ---------------------------------------------------------------- categories #}

category_totals as (

    select
        period_type,
        period_start,
        sum(case when is_covered then 1 else 0 end) as categories_covered,
        sum(case when is_autonomous_at_period_end then 1 else 0 end) as autonomous_categories,
        count(*) as scope_categories
    from categories
    group by 1, 2

),

category_counts as (

    -- AI scope is helpdesk-wide: channel slices carry the helpdesk-wide counts
    select
        category_totals.*,
        slices.slice_dimension,
        slices.slice_value
    from category_totals
    cross join slices

),

{# ---------------------------------------------------------------- monthly-only metrics #}

monthly_only as (

    select
        period_start,
        slice_dimension,
        slice_value,
        'first_response_improvement_rate' as metric,
        first_response_improvement_rate as metric_value,
        first_response_improvement_missing_reason as missing_reason,
        'fct_first_response_baseline' as value_source
    from first_response
    where period_grain = 'month'
    union all
    select
        period_start,
        slice_dimension,
        slice_value,
        'escalation_accuracy' as metric,
        escalation_accuracy as metric_value,
        escalation_accuracy_missing_reason as missing_reason,
        'fct_escalation_quality' as value_source
    from escalation_quality
    where period_grain = 'month'
    union all
    select
        period_start,
        slice_dimension,
        slice_value,
        'draft_accuracy' as metric,
        draft_acceptance_rate as metric_value,
        case when draft_acceptance_rate is null then 'no_drafts' end as missing_reason,
        'fct_agent_draft_assistance' as value_source
    from draft_assistance
    union all
    select
        period_start,
        slice_dimension,
        slice_value,
        'qa_mean_accuracy_score' as metric,
        mean_accuracy_score as metric_value,
        qa_missing_reason as missing_reason,
        'fct_qa_quality_monthly' as value_source
    from qa_quality
    union all
    select
        period_start,
        slice_dimension,
        slice_value,
        'critical_ai_errors_last_30_days' as metric,
        -- no QA review of an AI conversation in the month: zero errors would be unproven
        case when qa_missing_reason is null then critical_ai_errors_last_30_days end as metric_value,
        qa_missing_reason as missing_reason,
        'fct_qa_quality_monthly' as value_source
    from qa_quality
    union all
    select
        cost_per_resolution.cost_month as period_start,
        slices.slice_dimension,
        slices.slice_value,
        'cost_per_ticket_change_rate' as metric,
        cost_per_resolution.cost_per_ticket_change_rate as metric_value,
        cost_per_resolution.cost_per_ticket_change_missing_reason as missing_reason,
        'fct_cost_per_resolution' as value_source
    from cost_per_resolution
    cross join slices

),

{# ---------------------------------------------------------------- all base values #}

base_values as (

    -- months: the metric marts
    select
        'month' as period_type,
        period_start,
        slice_dimension,
        slice_value,
        'conversations' as metric,
        cast(conversations as {{ double }}) as metric_value,
        cast(null as {{ dbt.type_string() }}) as missing_reason,
        'fct_resolution_quality' as value_source,
        'period' as value_basis
    from resolution_quality
    union all
    select
        'month' as period_type,
        period_start,
        slice_dimension,
        slice_value,
        'deflection_rate' as metric,
        deflection_rate as metric_value,
        case when deflection_rate is null then coalesce(rates_missing_reason, 'no_conversations') end as missing_reason,
        'fct_resolution_quality' as value_source,
        'period' as value_basis
    from resolution_quality
    union all
    select
        'month' as period_type,
        period_start,
        slice_dimension,
        slice_value,
        'true_resolution_rate' as metric,
        true_resolution_rate as metric_value,
        case when true_resolution_rate is null then rates_missing_reason end as missing_reason,
        'fct_resolution_quality' as value_source,
        'period' as value_basis
    from resolution_quality
    union all
    select
        'month' as period_type,
        period_start,
        slice_dimension,
        slice_value,
        'csat_gap_points' as metric,
        csat_gap_points as metric_value,
        csat_gap_missing_reason as missing_reason,
        'fct_csat_gap' as value_source,
        'period' as value_basis
    from csat_gap
    union all
    select
        'month' as period_type,
        period_start,
        slice_dimension,
        slice_value,
        metric,
        metric_value,
        missing_reason,
        value_source,
        case when value_source = 'fct_cost_per_resolution' and slice_dimension != 'overall' then 'helpdesk_wide' else 'period' end
            as value_basis
    from monthly_only

    -- trailing windows
    union all
    select
        trailing_periods.period_type,
        trailing_periods.period_start,
        monthly_only.slice_dimension,
        monthly_only.slice_value,
        monthly_only.metric,
        monthly_only.metric_value,
        monthly_only.missing_reason,
        monthly_only.value_source,
        'latest_complete_month' as value_basis
    from trailing_periods
    inner join latest_month_for_trailing
        on trailing_periods.period_start = latest_month_for_trailing.period_start
    inner join monthly_only
        on latest_month_for_trailing.month_start = monthly_only.period_start
    union all
    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        'conversations' as metric,
        cast(conversations as {{ double }}) as metric_value,
        cast(null as {{ dbt.type_string() }}) as missing_reason,
        'fct_resolution_quality_daily' as value_source,
        'period' as value_basis
    from trailing_resolution
    union all
    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        'deflection_rate' as metric,
        cast(deflected_conversations as {{ double }}) / nullif(conversations, 0) as metric_value,
        case when conversations = 0 then 'no_conversations' end as missing_reason,
        'fct_resolution_quality_daily' as value_source,
        'period' as value_basis
    from trailing_resolution
    union all
    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        'true_resolution_rate' as metric,
        cast(truly_resolved_conversations as {{ double }}) / nullif(judged_ai_involved_conversations, 0) as metric_value,
        case
            when conversations = 0 then 'no_conversations'
            when ai_involved_conversations = 0 then 'no_ai_involved_conversations'
            when judged_ai_involved_conversations = 0 then 'all_ai_conversations_pending_window'
        end as missing_reason,
        'fct_resolution_quality_daily' as value_source,
        'period' as value_basis
    from trailing_resolution
    union all
    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        'csat_gap_points' as metric,
        100 * (
            cast(ai_only_satisfied_responses as {{ double }}) / nullif(ai_only_responses, 0)
            - cast(human_only_satisfied_responses as {{ double }}) / nullif(human_only_responses, 0)
        ) as metric_value,
        case
            when ai_only_responses = 0 and human_only_responses = 0 then 'no_ai_only_and_no_human_only_responses'
            when ai_only_responses = 0 then 'no_ai_only_responses'
            when human_only_responses = 0 then 'no_human_only_responses'
        end as missing_reason,
        'int_conversation_facts' as value_source,
        'period' as value_basis
    from trailing_csat

    -- both period types: computed here
    union all
    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        'ai_active_conversations' as metric,
        cast(ai_active_conversations as {{ double }}) as metric_value,
        cast(null as {{ dbt.type_string() }}) as missing_reason,
        'int_conversation_facts' as value_source,
        'period' as value_basis
    from ai_activity
    {%- for metric in ['categories_covered', 'autonomous_categories', 'scope_categories'] %}
        union all
        select
            period_type,
            period_start,
            slice_dimension,
            slice_value,
            '{{ metric }}' as metric,
            cast({{ metric }} as {{ double }}) as metric_value,
            cast(null as {{ dbt.type_string() }}) as missing_reason,
            'fct_stage_categories_covered' as value_source,
            case when slice_dimension = 'overall' then 'period' else 'helpdesk_wide' end as value_basis
        from category_counts
    {%- endfor %}

),

spine as (

    select
        periods.period_type,
        periods.period_start,
        periods.previous_period_start,
        slices.slice_dimension,
        slices.slice_value,
        metric_names.metric,
        metric_names.unit
    from periods
    cross join slices
    cross join metric_names

),

base_spined as (

    select
        spine.period_type,
        spine.period_start,
        spine.previous_period_start,
        spine.slice_dimension,
        spine.slice_value,
        spine.metric,
        spine.unit,
        case
            -- counts of things that did not happen are 0, not missing
            when base_values.metric_value is null and spine.metric in ('ai_active_conversations', 'conversations')
                then 0
            else base_values.metric_value
        end as metric_value,
        base_values.value_source,
        coalesce(base_values.value_basis, 'period') as value_basis,
        case
            when spine.metric in ('ai_active_conversations', 'conversations') then null
            when base_values.metric_value is not null then null
            -- fct_agent_draft_assistance only has rows where drafts were suggested
            when base_values.metric is null and spine.metric = 'draft_accuracy' then 'no_drafts'
            when base_values.metric is null then 'no_source_row_for_period_and_slice'
            else coalesce(base_values.missing_reason, 'null_in_source')
        end as missing_reason
    from spine
    left join base_values
        on spine.period_type = base_values.period_type
            and spine.period_start = base_values.period_start
            and spine.slice_dimension = base_values.slice_dimension
            and spine.slice_value = base_values.slice_value
            and spine.metric = base_values.metric

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
            when 'deflection_rate' then 'deflection_rate_min_last_2_periods'
            when 'csat_gap_points' then 'csat_gap_change_points'
            when 'qa_mean_accuracy_score' then 'qa_accuracy_change_vs_previous_period'
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
        end as missing_reason
    from base_spined as current_period
    left join base_spined as previous_period
        on current_period.period_type = previous_period.period_type
            and current_period.previous_period_start = previous_period.period_start
            and current_period.slice_dimension = previous_period.slice_dimension
            and current_period.slice_value = previous_period.slice_value
            and current_period.metric = previous_period.metric
    where current_period.metric in ('deflection_rate', 'csat_gap_points', 'qa_mean_accuracy_score')

),

unioned as (

    select * from base_spined
    union all
    select * from derived

),

final as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        metric,
        unit,
        metric_value,
        missing_reason,
        value_source,
        value_basis
    from unioned

)

select * from final
