{#- The metric specification of stage_assessment (documented in macros/_stage_metric_spec.yml).
    Expressions are SQL over the additive count columns of int_stage_daily_counts summed to the period
    (plus the few period-level inputs each model names). -#}

{% macro pilot_metric_spec() -%}
{%- set d = supportmetrics.type_double() -%}
{%- set sat_rate = "cast(%s as " ~ d ~ ") / nullif(%s, 0)" -%}
{%- set no_baseline = "when baseline_aht_seconds is null then 'no_pre_ai_baseline_handle_time'" -%}
{%- do return([
    {'metric': 'automated_resolution_rate', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': 'pilot_targets',
     'numerator': 'truly_resolved_pilot_conversations', 'denominator': 'judged_pilot_conversations',
     'basis': 'pilot intents (AI scope not off at the pilot end)',
     'missing_reason': "case when pilot_intents = 0 then 'no_pilot_intents_in_scope' when judged_pilot_conversations = 0 then 'no_judged_pilot_conversations' end"},
    {'metric': 'response_accuracy', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': 'pilot_targets',
     'numerator': 'case when scored_ai_reviews > 0 then accuracy_ok_ai_reviews else drafts_sent_as_is end',
     'denominator': 'case when scored_ai_reviews > 0 then scored_ai_reviews else drafts end',
     'basis': "case when scored_ai_reviews > 0 then 'qa_accuracy_ok_rate' else 'draft_acceptance_rate' end",
     'basis_is_sql': true,
     'missing_reason': "case when scored_ai_reviews = 0 and drafts = 0 then 'no_qa_reviews_of_ai_conversations_and_no_drafts' end"},
    {'metric': 'qa_accuracy_ok_rate', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': none,
     'numerator': 'accuracy_ok_ai_reviews', 'denominator': 'scored_ai_reviews',
     'basis': 'QA reviews of AI-involved conversations',
     'missing_reason': "case when scored_ai_reviews = 0 then 'no_qa_reviews_of_ai_conversations' end"},
    {'metric': 'draft_acceptance_rate', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': none,
     'numerator': 'drafts_sent_as_is', 'denominator': 'drafts', 'basis': 'draft_suggested events',
     'missing_reason': "case when drafts = 0 then 'no_drafts' end"},
    {'metric': 'draft_match_rate', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': 'pilot_targets',
     'numerator': 'drafts_matched', 'denominator': 'drafts', 'basis': 'drafts sent as is or edited',
     'missing_reason': "case when drafts = 0 then 'no_drafts' end"},
    {'metric': 'aht_reduction_rate', 'unit': 'fraction', 'direction': 'higher_is_better', 'target': 'pilot_targets',
     'value': '1 - aht_seconds / nullif(baseline_aht_seconds, 0)',
     'numerator': 'aht_seconds', 'denominator': 'worked_conversations', 'reference': 'baseline_aht_seconds',
     'basis': 'human handle seconds per worked conversation vs the pre-AI baseline',
     'missing_reason': "case " ~ no_baseline ~ " when baseline_aht_seconds <= 0 then 'baseline_handle_time_not_positive' when worked_conversations = 0 then 'no_worked_conversations' end"},
    {'metric': 'csat_ai_vs_human_points', 'unit': 'points', 'interval': 'diff_proportion', 'reference_numerator': 'human_only_satisfied_responses', 'reference_denominator': 'human_only_responses', 'direction': 'higher_is_better', 'target': 'pilot_targets',
     'value': '100 * (' ~ (sat_rate | format('ai_only_satisfied_responses', 'ai_only_responses')) ~ ' - ' ~ (sat_rate | format('human_only_satisfied_responses', 'human_only_responses')) ~ ')',
     'numerator': 'ai_only_satisfied_responses', 'denominator': 'ai_only_responses',
     'reference': sat_rate | format('human_only_satisfied_responses', 'human_only_responses'),
     'basis': 'AI-only minus human-only % satisfied',
     'missing_reason': "case when ai_only_responses = 0 then 'no_ai_only_responses' when human_only_responses = 0 then 'no_human_only_responses' end"},
    {'metric': 'csat_satisfied_rate', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': none,
     'numerator': 'csat_satisfied_responses', 'denominator': 'csat_responses', 'basis': 'all CSAT responses',
     'missing_reason': "case when csat_responses = 0 then 'no_csat_responses' end"},
    {'metric': 'escalation_rate', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'in_band', 'target': 'pilot_targets',
     'numerator': 'escalated_conversations', 'denominator': 'ai_involved_conversations',
     'basis': 'escalated / AI-involved conversations',
     'missing_reason': "case when ai_involved_conversations = 0 then 'no_ai_involved_conversations' end"},
    {'metric': 'deflection_rate', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': none,
     'numerator': 'deflected_conversations', 'denominator': 'conversations', 'basis': 'deflected / all conversations',
     'missing_reason': "case when conversations = 0 then 'no_conversations' end"},
    {'metric': 'routing_accuracy', 'unit': 'fraction', 'interval': 'wilson', 'direction': 'higher_is_better', 'target': 'pilot_targets',
     'numerator': 'correctly_routed_conversations', 'denominator': 'routed_conversations',
     'basis': 'first human queue = final queue',
     'missing_reason': "case when routed_conversations = 0 then 'no_routed_conversations' end"},
    {'metric': 'agent_hours_saved', 'unit': 'hours', 'direction': 'higher_is_better', 'target': none,
     'value': 'agent_hours_saved', 'numerator': 'valued_deflected_conversations', 'denominator': 'deflected_conversations',
     'basis': 'deflected conversations x pre-AI AHT of the intent',
     'missing_reason': "case " ~ no_baseline ~ " when deflected_conversations = 0 then null when valued_deflected_conversations = 0 then 'no_pre_ai_handle_time_for_deflected_intents' end"},
    {'metric': 'hourly_cost_usd', 'unit': 'usd', 'direction': none, 'target': none,
     'value': 'hourly_cost_usd', 'basis': 'labour cost / priced handle hours of the week',
     'missing_reason': "case when hourly_cost_usd is null then 'no_priced_work_sessions' end"},
    {'metric': 'tool_cost_usd', 'unit': 'usd', 'direction': none, 'target': none,
     'value': 'tool_cost_usd', 'basis': 'AI licence + usage, monthly cost spread over the days of the month',
     'missing_reason': "case when tool_cost_usd is null then 'no_ai_cost_rows_for_the_week' end"},
    {'metric': 'roi_multiple', 'unit': 'ratio', 'direction': 'higher_is_better', 'target': none,
     'value': 'coalesce(agent_hours_saved, 0) * hourly_cost_usd / nullif(tool_cost_usd, 0)',
     'numerator': 'coalesce(agent_hours_saved, 0) * hourly_cost_usd', 'denominator': 'tool_cost_usd',
     'basis': 'agent hours saved x hourly cost / tool cost',
     'missing_reason': "case " ~ no_baseline ~ " when hourly_cost_usd is null then 'no_priced_work_sessions' when tool_cost_usd is null then 'no_ai_cost_rows_for_the_week' when tool_cost_usd = 0 then 'zero_tool_cost' end"},
]) -%}
{%- endmacro %}

{% macro stage_metric_spec() -%}
{#- source 'counts': computed from int_stage_daily_counts for every period type; any other source: a
    monthly mart column (trailing windows carry the latest complete month's value). -#}
{%- set d = supportmetrics.type_double() -%}
{%- set rate = "cast(%s as " ~ d ~ ") / nullif(%s, 0)" -%}
{%- do return([
    {'metric': 'ai_active_conversations', 'unit': 'count', 'source': 'counts', 'zero_when_absent': true, 'thresholds': 'stage_criteria, stage_gates',
     'direction': 'higher_is_better', 'value_source': {'month': 'int_conversation_facts', 'trailing': 'int_conversation_facts'},
     'value': 'cast(ai_active_conversations as ' ~ d ~ ')', 'missing_reason': 'null'},
    {'metric': 'conversations', 'unit': 'count', 'source': 'counts', 'zero_when_absent': true, 'thresholds': none, 'direction': none,
     'value_source': {'month': 'fct_resolution_quality', 'trailing': 'fct_resolution_quality_daily'},
     'value': 'cast(conversations as ' ~ d ~ ')', 'missing_reason': 'null'},
    {'metric': 'deflection_rate', 'unit': 'fraction', 'source': 'counts', 'thresholds': 'stage_criteria, stage_gates, stage_benchmarks',
     'direction': 'higher_is_better', 'numerator': 'deflected_conversations', 'denominator': 'conversations',
     'value_source': {'month': 'fct_resolution_quality', 'trailing': 'fct_resolution_quality_daily'},
     'value': rate | format('deflected_conversations', 'conversations'), 'interval': 'wilson', 'min_n_var': 'stage_min_conversations',
     'missing_reason': "case when conversations = 0 then 'no_conversations' end"},
    {'metric': 'csat_gap_points', 'unit': 'points', 'source': 'counts', 'thresholds': 'stage_benchmarks',
     'direction': 'higher_is_better', 'numerator': 'ai_only_satisfied_responses', 'denominator': 'ai_only_responses',
     'value_source': {'month': 'fct_csat_gap', 'trailing': 'int_conversation_facts'},
     'value': '100 * (' ~ (rate | format('ai_only_satisfied_responses', 'ai_only_responses')) ~ ' - ' ~ (rate | format('human_only_satisfied_responses', 'human_only_responses')) ~ ')',
     'interval': 'diff_proportion', 'reference_numerator': 'human_only_satisfied_responses', 'reference_denominator': 'human_only_responses',
     'min_n_var': 'stage_min_csat_responses_per_stream',
     'missing_reason': "case when ai_only_responses = 0 and human_only_responses = 0 then 'no_ai_only_and_no_human_only_responses' when ai_only_responses = 0 then 'no_ai_only_responses' when human_only_responses = 0 then 'no_human_only_responses' end"},
    {'metric': 'csat_gap_like_for_like_points', 'unit': 'points', 'source': 'counts', 'thresholds': 'stage_criteria, stage_gates, stage_benchmarks',
     'direction': 'higher_is_better', 'value_source': {'month': 'fct_csat_gap_like_for_like', 'trailing': 'int_stage_daily_counts'},
     'value': '100 * standardised_difference', 'interval': 'normal', 'estimate': 'standardised_difference',
     'variance': 'standardised_difference_variance', 'scale': 100, 'n': 'least(compared_exposed_n, compared_reference_n)',
     'min_n_var': 'stage_min_csat_responses_per_stream',
     'missing_reason': "case when ai_only_responses = 0 and human_only_responses = 0 then 'no_ai_only_and_no_human_only_responses' when ai_only_responses = 0 then 'no_ai_only_responses' when human_only_responses = 0 then 'no_human_only_responses' when compared_strata = 0 then 'no_intent_with_human_baseline' end"},
    {'metric': 'csat_intents_without_human_baseline', 'unit': 'count', 'source': 'counts', 'zero_when_absent': true, 'thresholds': none, 'direction': none,
     'value_source': {'month': 'fct_csat_gap_like_for_like', 'trailing': 'int_stage_daily_counts'},
     'value': 'cast(strata_without_reference as ' ~ d ~ ')', 'missing_reason': 'null'},
    {'metric': 'first_response_improvement_rate', 'unit': 'fraction', 'source': 'fct_first_response_baseline', 'monthly_grain': true,
     'thresholds': 'stage_benchmarks', 'direction': 'higher_is_better',
     'value': 'first_response_improvement_rate', 'missing_reason': 'first_response_improvement_missing_reason'},
    {'metric': 'first_response_improvement_like_for_like', 'unit': 'fraction', 'source': 'fct_first_response_like_for_like', 'monthly_grain': true,
     'helpdesk_wide': true, 'thresholds': 'stage_benchmarks', 'direction': 'higher_is_better',
     'value': 'like_for_like_first_response_improvement_rate', 'missing_reason': 'like_for_like_missing_reason',
     'interval': 'bounds', 'lower': 'like_for_like_first_response_improvement_lower', 'upper': 'like_for_like_first_response_improvement_upper',
     'n': 'compared_ai_responded_conversations', 'min_n_var': 'stage_min_first_responses'},
    {'metric': 'categories_covered', 'unit': 'count', 'source': 'fct_stage_categories_covered',
     'thresholds': 'stage_criteria, stage_benchmarks', 'direction': 'higher_is_better', 'value': 'categories.is_covered'},
    {'metric': 'autonomous_categories', 'unit': 'count', 'source': 'fct_stage_categories_covered', 'thresholds': none, 'direction': none,
     'value': 'categories.is_autonomous_at_period_end'},
    {'metric': 'scope_categories', 'unit': 'count', 'source': 'fct_stage_categories_covered', 'thresholds': none, 'direction': none,
     'value': '1 = 1'},
    {'metric': 'true_resolution_rate', 'unit': 'fraction', 'source': 'counts', 'thresholds': 'stage_criteria, stage_benchmarks',
     'direction': 'higher_is_better', 'numerator': 'truly_resolved_conversations', 'denominator': 'judged_ai_involved_conversations',
     'value_source': {'month': 'fct_resolution_quality', 'trailing': 'fct_resolution_quality_daily'},
     'value': rate | format('truly_resolved_conversations', 'judged_ai_involved_conversations'), 'interval': 'wilson', 'min_n_var': 'stage_min_judged_ai_conversations',
     'missing_reason': "case when conversations = 0 then 'no_conversations' when ai_involved_conversations = 0 then 'no_ai_involved_conversations' when judged_ai_involved_conversations = 0 then 'all_ai_conversations_pending_window' end"},
    {'metric': 'draft_accuracy', 'unit': 'fraction', 'source': 'fct_agent_draft_assistance', 'monthly_grain': true, 'thresholds': 'stage_gates',
     'direction': 'higher_is_better', 'value': 'draft_acceptance_rate', 'numerator': 'drafts_sent_as_is', 'denominator': 'drafts_suggested', 'interval': 'wilson', 'min_n_var': 'stage_min_drafts',
     'missing_reason': "case when draft_acceptance_rate is null then 'no_drafts' end"},
    {'metric': 'escalation_accuracy', 'unit': 'fraction', 'source': 'fct_escalation_quality', 'monthly_grain': true, 'thresholds': 'stage_gates',
     'direction': 'higher_is_better', 'value': 'escalation_accuracy', 'missing_reason': 'escalation_accuracy_missing_reason',
     'numerator': 'correct_escalation_decisions', 'denominator': 'reviewed_ai_conversations', 'interval': 'wilson', 'min_n_var': 'stage_min_qa_reviews'},
    {'metric': 'cost_per_ticket_change_rate', 'unit': 'fraction', 'source': 'fct_cost_per_resolution', 'thresholds': 'stage_gates', 'helpdesk_wide': true, 'period_column': 'cost_month',
     'direction': 'lower_is_better', 'value': 'cost_per_ticket_change_rate',
     'interval': 'sample_size', 'n': 'cost_comparison_conversations', 'min_n_var': 'stage_min_conversations',
     'missing_reason': 'cost_per_ticket_change_missing_reason'},
    {'metric': 'critical_ai_errors_last_30_days', 'unit': 'count', 'source': 'fct_qa_quality_monthly', 'thresholds': 'stage_gates',
     'direction': 'lower_is_better',
     'value': 'case when qa_missing_reason is null then critical_ai_errors_last_30_days end',
     'interval': 'sample_size', 'n': 'ai_reviews_last_30_days', 'min_n_var': 'stage_min_qa_reviews',
     'missing_reason': 'qa_missing_reason'},
    {'metric': 'qa_mean_accuracy_score', 'unit': 'score', 'source': 'counts', 'thresholds': none, 'direction': 'higher_is_better',
     'value_source': {'month': 'fct_qa_quality_monthly', 'trailing': 'int_qa_reviews_scored'},
     'value': 'cast(ai_accuracy_score_sum as ' ~ d ~ ') / nullif(scored_ai_reviews, 0)', 'interval': 'mean',
     'numerator': 'ai_accuracy_score_sum', 'squares': 'ai_accuracy_score_squares', 'denominator': 'scored_ai_reviews',
     'min_n_var': 'stage_min_qa_reviews', 'missing_reason': "case when scored_ai_reviews = 0 then 'no_ai_qa_reviews' end"},
]) -%}
{%- endmacro %}

{% macro stage_derived_metric_spec() -%}
{#- gate metrics comparing a period with the previous period of the same type -#}
{%- do return({
    'deflection_rate': 'deflection_rate_min_last_2_periods',
    'qa_mean_accuracy_score': 'qa_accuracy_change_vs_previous_period',
    'csat_gap_points': 'csat_gap_change_points',
    'csat_gap_like_for_like_points': 'csat_gap_like_for_like_change_points',
}) -%}
{%- endmacro %}

{% macro stage_interval_columns(metric, source='') -%}
{#- numerator, denominator, n, min_n and the 95% interval of a stage_metric_spec entry, over the
    columns of its source (alias `source` when given), by its `interval` kind:
    wilson (numerator / denominator: a rate), diff_proportion (Newcombe x 100, points: a difference of
    two shares), normal (scale x estimate -/+ z sqrt(variance): the like-for-like gap), mean (sum /
    denominator -/+ z sd / sqrt(n), sd from the sums of x and x^2) or bounds (the source's own lower /
    upper columns, n column) or sample_size (no sampling interval: a count of events or a ratio of
    accounting totals, judged only once its n column reaches the minimum; null bounds); null
    columns for a metric without an interval. -#}
{%- set d = supportmetrics.type_double() -%}
{%- set p = source ~ '.' if source else '' -%}
{%- set kind = metric.interval -%}
{%- if kind in ['wilson', 'diff_proportion', 'mean'] %}
    cast({{ p ~ metric.numerator }} as {{ d }}) as numerator,
    cast({{ p ~ metric.denominator }} as {{ d }}) as denominator,
{%- else %}
    cast(null as {{ d }}) as numerator,
    cast(null as {{ d }}) as denominator,
{%- endif %}
{%- if kind in ['wilson', 'mean'] %}
    cast({{ p ~ metric.denominator }} as {{ dbt.type_bigint() }}) as n,
{%- elif kind == 'diff_proportion' %}
    cast(least({{ p ~ metric.denominator }}, {{ p ~ metric.reference_denominator }}) as {{ dbt.type_bigint() }}) as n,
{%- elif kind %}
    cast({{ metric.n if kind == 'normal' else p ~ metric.n }} as {{ dbt.type_bigint() }}) as n,
{%- else %}
    cast(null as {{ dbt.type_bigint() }}) as n,
{%- endif %}
{%- if kind %}
    cast({{ var(metric.min_n_var) }} as {{ dbt.type_int() }}) as min_n,
{%- else %}
    cast(null as {{ dbt.type_int() }}) as min_n,
{%- endif %}
    {{ supportmetrics.spec_interval_bounds(metric, p) }}
{%- endmacro %}

{% macro spec_interval_bounds(metric, p='') -%}
{#- interval_lower and interval_upper of a stage or pilot spec entry by its interval kind (see
    stage_interval_columns), over columns prefixed with p; null bounds without an interval. -#}
{%- set d = supportmetrics.type_double() -%}
{%- set kind = metric.interval -%}
{%- if kind == 'wilson' -%}
    {{ supportmetrics.wilson_lower(p ~ metric.numerator, p ~ metric.denominator) }} as interval_lower,
    {{ supportmetrics.wilson_upper(p ~ metric.numerator, p ~ metric.denominator) }} as interval_upper
{%- elif kind == 'diff_proportion' -%}
    {%- set args = [p ~ metric.numerator, p ~ metric.denominator, p ~ metric.reference_numerator, p ~ metric.reference_denominator] %}
    100 * {{ supportmetrics.diff_proportion_lower(*args) }} as interval_lower,
    100 * {{ supportmetrics.diff_proportion_upper(*args) }} as interval_upper
{%- elif kind == 'normal' -%}
    {{ metric.scale }} * {{ supportmetrics.normal_interval_lower(metric.estimate, metric.variance) }} as interval_lower,
    {{ metric.scale }} * {{ supportmetrics.normal_interval_upper(metric.estimate, metric.variance) }} as interval_upper
{%- elif kind == 'mean' -%}
    {%- set mean = 'cast(' ~ p ~ metric.numerator ~ ' as ' ~ d ~ ') / nullif(' ~ p ~ metric.denominator ~ ', 0)' %}
    {%- set sd = supportmetrics.stddev_from_sums(p ~ metric.numerator, p ~ metric.squares, p ~ metric.denominator) %}
    {{ supportmetrics.mean_interval_lower(mean, sd, p ~ metric.denominator) }} as interval_lower,
    {{ supportmetrics.mean_interval_upper(mean, sd, p ~ metric.denominator) }} as interval_upper
{%- elif kind == 'bounds' -%}
    cast({{ p ~ metric.lower }} as {{ d }}) as interval_lower,
    cast({{ p ~ metric.upper }} as {{ d }}) as interval_upper
{%- else -%}
    cast(null as {{ d }}) as interval_lower,
    cast(null as {{ d }}) as interval_upper
{%- endif -%}
{%- endmacro %}

{% macro stage_metric_select(metric) -%}
{#- The select of one stage_metric_spec entry in fct_stage_metric_values' base_values, over that
    model's CTEs: period_counts (source 'counts'), periods and slices (a monthly mart, read through
    periods.value_month_start), categories (fct_stage_categories_covered). -#}
{%- set d = supportmetrics.type_double() -%}
{%- set txt = dbt.type_string() -%}
{%- if metric.source == 'counts' %}
    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
        '{{ metric.metric }}' as metric,
        {{ metric.value }} as metric_value,
        cast({{ metric.missing_reason }} as {{ txt }}) as missing_reason,
        case when period_type = 'month' then '{{ metric.value_source.month }}' else '{{ metric.value_source.trailing }}' end
            as value_source,
        'period' as value_basis,
        {{ supportmetrics.stage_interval_columns(metric) }}
    from period_counts
    where conversations > 0
{%- elif metric.source == 'fct_stage_categories_covered' %}
    select
        categories.period_type,
        categories.period_start,
        slices.slice_dimension,
        slices.slice_value,
        '{{ metric.metric }}' as metric,
        cast(sum(case when {{ metric.value }} then 1 else 0 end) as {{ d }}) as metric_value,
        cast(null as {{ txt }}) as missing_reason,
        'fct_stage_categories_covered' as value_source,
        -- AI scope is helpdesk-wide: channel slices carry the helpdesk-wide counts
        case when slices.slice_dimension = 'overall' then 'period' else 'helpdesk_wide' end as value_basis,
        {{ supportmetrics.stage_interval_columns(metric) }}
    from categories
    cross join slices
    group by 1, 2, 3, 4
{%- else %}
    select
        periods.period_type,
        periods.period_start,
        slices.slice_dimension,
        slices.slice_value,
        '{{ metric.metric }}' as metric,
        {{ metric.value }} as metric_value,
        {{ metric.missing_reason }} as missing_reason,
        '{{ metric.source }}' as value_source,
        {%- if metric.helpdesk_wide %}
        case
            when periods.value_month_basis = 'period' and slices.slice_dimension != 'overall' then 'helpdesk_wide'
            else periods.value_month_basis
        end as value_basis,
        {%- else %}
        periods.value_month_basis as value_basis,
        {%- endif %}
        {{ supportmetrics.stage_interval_columns(metric, metric.source) }}
    from periods
    inner join {{ metric.source }}
        on periods.value_month_start = {{ metric.source }}.{{ metric.period_column or 'period_start' }}
            and {{ metric.source ~ ".period_grain = 'month'" if metric.monthly_grain else 'true' }}
    {%- if metric.helpdesk_wide %}
    -- helpdesk-wide: one row per month, carried to every slice
    cross join slices
    {%- else %}
    inner join slices
        on {{ supportmetrics.same_keys(metric.source, 'slices', ['slice_dimension', 'slice_value']) }}
    {%- endif %}
{%- endif %}
{%- endmacro %}
