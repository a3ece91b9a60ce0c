{%- set grains = ['day', 'week', 'month'] %}
{{ config(**incremental_grains_config(grains)) }}
{%- set slices = {
    'overall': "'all'",
    'channel': 'channel',
    'intent': 'intent',
    'priority': 'priority',
    'segment': 'account_segment',
} %}
{%- set counts = [
    'conversations',
    'ai_involved_conversations',
    'deflected_conversations',
    'escalated_conversations',
    'pending_window_conversations',
    'judged_conversations',
    'judged_ai_involved_conversations',
    'judged_deflected_conversations',
    'truly_resolved_conversations',
    'false_deflection_conversations',
    'all_solved_conversations',
    'solved_conversations',
    'reopened_conversations',
    'fcr_24h_conversations',
    'fcr_72h_conversations',
] %}

with

-- an incremental run recomputes the days, weeks and months it can change
-- (macros/incremental_periods.sql): a period sums only its own days
daily as (

    select * from {{ ref('fct_resolution_quality_daily') }}
    where {{ in_incremental_periods_of_grains('created_date', grains) }}

),

sliced as (

    {{ supportmetrics.slice_fanout('daily', slices, counts + ['created_date'], grains=grains) }}

),

aggregated as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        {%- for column in counts[:-1] %}
            cast(sum({{ column }}) as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        cast(sum({{ counts[-1] }}) as {{ dbt.type_bigint() }}) as {{ counts[-1] }}
    from sliced
    where {{ in_incremental_grain_rows(grains) }}
    group by 1, 2, 3, 4

),

{%- set double = supportmetrics.type_double() %}

rates as (

    select
        aggregated.*,
        cast(ai_involved_conversations as {{ double }}) / nullif(conversations, 0) as ai_coverage_rate,
        cast(deflected_conversations as {{ double }}) / nullif(conversations, 0) as deflection_rate,
        cast(deflected_conversations as {{ double }}) / nullif(ai_involved_conversations, 0) as ai_containment_rate,
        cast(escalated_conversations as {{ double }}) / nullif(ai_involved_conversations, 0) as escalation_rate,
        cast(truly_resolved_conversations as {{ double }})
        / nullif(judged_ai_involved_conversations, 0) as true_resolution_rate,
        cast(judged_deflected_conversations as {{ double }})
        / nullif(judged_ai_involved_conversations, 0) as judged_ai_containment_rate,
        cast(truly_resolved_conversations as {{ double }})
        / nullif(judged_deflected_conversations, 0) as containment_quality_rate,
        cast(fcr_24h_conversations as {{ double }}) / nullif(judged_ai_involved_conversations, 0) as fcr_24h,
        cast(fcr_72h_conversations as {{ double }}) / nullif(judged_ai_involved_conversations, 0) as fcr_72h,
        cast(reopened_conversations as {{ double }}) / nullif(solved_conversations, 0) as reopen_rate,
        -- deflection as it is usually reported (deflected / AI-involved) minus true resolution,
        -- on the same judged AI-involved denominator: AI conversations that looked deflected but
        -- were not resolved, in points
        100 * cast(judged_deflected_conversations - truly_resolved_conversations as {{ double }})
        / nullif(judged_ai_involved_conversations, 0) as deflection_vs_true_resolution_gap_points
    from aggregated

),

final as (

    select
        rates.*,
        1 - containment_quality_rate as false_deflection_rate,
        case
            when conversations = 0 then 'no_conversations'
            when ai_involved_conversations = 0 then 'no_ai_involved_conversations'
            when judged_ai_involved_conversations = 0 then 'all_ai_conversations_pending_window'
            when judged_deflected_conversations = 0 then 'no_judged_deflected_conversations'
        end as rates_missing_reason
    from rates

)

select * from final
