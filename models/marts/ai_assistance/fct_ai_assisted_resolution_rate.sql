{%- set involvement_types = ['drafted', 'signal_surfaced', 'recommendation', 'autonomous_action'] %}
{%- set slices = {
    'overall': {'value': "'all'", 'where': "involvement_type = 'all'"},
    'involvement_type': {'value': 'involvement_type', 'where': "involvement_type != 'all'"},
    'segment': {'value': 'account_segment', 'where': "involvement_type = 'all'"},
} %}

with

interventions as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_assistance_interventions') }}

),

benchmarks as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('ai_assisted_resolution_benchmarks') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

months as (

    -- every month with conversations or interventions gets an overall row
    select cast({{ dbt.date_trunc('month', 'created_at') }} as date) as intervention_month from facts
    union
    select intervention_month from interventions

),

typed as (

    -- population: the interventions of the denominator; numerator: material AI involvement
    -- (of the row's type for an involvement type, of any type for 'all'); assisted /
    -- unassisted: the outcome groups
    select
        intervention_month,
        account_segment,
        'all' as involvement_type,
        is_material_ai_involvement as is_numerator,
        ai_involvement is not null and ai_involvement != 'none' as is_ai_used,
        is_material_ai_involvement as is_assisted,
        involvement_class = 'none' as is_unassisted,
        is_outcome_decided,
        is_good_outcome,
        outcome
    from interventions
    {%- for involvement_type in involvement_types %}
        union all
        select
            intervention_month,
            account_segment,
            '{{ involvement_type }}' as involvement_type,
            is_material_ai_involvement and ai_involvement = '{{ involvement_type }}' as is_numerator,
            coalesce(ai_involvement = '{{ involvement_type }}', false) as is_ai_used,
            is_material_ai_involvement and ai_involvement = '{{ involvement_type }}' as is_assisted,
            involvement_class = 'none' as is_unassisted,
            is_outcome_decided,
            is_good_outcome,
            outcome
        from interventions
    {%- endfor %}

),

sliced as (

    {{ supportmetrics.slice_fanout('typed', slices, [
        'intervention_month',
        'is_numerator',
        'is_ai_used',
        'is_assisted',
        'is_unassisted',
        'is_outcome_decided',
        'is_good_outcome',
        'outcome',
    ]) }}

),

aggregated as (

    select
        intervention_month,
        slice_dimension,
        slice_value,
        count(*) as interventions,
        sum(case when is_ai_used then 1 else 0 end) as ai_used_interventions,
        sum(case when is_numerator then 1 else 0 end) as material_ai_interventions,
        sum(case when is_assisted and is_outcome_decided then 1 else 0 end) as assisted_decided,
        sum(case when is_assisted and is_good_outcome then 1 else 0 end) as assisted_good_outcomes,
        sum(case when is_assisted and outcome = 'expanded' then 1 else 0 end) as assisted_expanded,
        sum(case when is_assisted and outcome = 'churned' then 1 else 0 end) as assisted_churned,
        sum(case when is_unassisted and is_outcome_decided then 1 else 0 end) as unassisted_decided,
        sum(case when is_unassisted and is_good_outcome then 1 else 0 end) as unassisted_good_outcomes,
        sum(case when is_unassisted and outcome = 'expanded' then 1 else 0 end) as unassisted_expanded,
        sum(case when is_unassisted and outcome = 'churned' then 1 else 0 end) as unassisted_churned
    from sliced
    group by 1, 2, 3

),

overall_months as (

    select
        months.intervention_month,
        'overall' as slice_dimension,
        'all' as slice_value,
        coalesce(aggregated.interventions, 0) as interventions,
        coalesce(aggregated.ai_used_interventions, 0) as ai_used_interventions,
        coalesce(aggregated.material_ai_interventions, 0) as material_ai_interventions,
        coalesce(aggregated.assisted_decided, 0) as assisted_decided,
        coalesce(aggregated.assisted_good_outcomes, 0) as assisted_good_outcomes,
        coalesce(aggregated.assisted_expanded, 0) as assisted_expanded,
        coalesce(aggregated.assisted_churned, 0) as assisted_churned,
        coalesce(aggregated.unassisted_decided, 0) as unassisted_decided,
        coalesce(aggregated.unassisted_good_outcomes, 0) as unassisted_good_outcomes,
        coalesce(aggregated.unassisted_expanded, 0) as unassisted_expanded,
        coalesce(aggregated.unassisted_churned, 0) as unassisted_churned
    from months
    left join aggregated
        on months.intervention_month = aggregated.intervention_month
            and aggregated.slice_dimension = 'overall'

),

all_slices as (

    select * from overall_months
    union all
    select * from aggregated
    where slice_dimension != 'overall'

),

rated as (

    select
        all_slices.*,
        cast(material_ai_interventions as {{ supportmetrics.type_double() }}) / nullif(interventions, 0)
            as ai_assisted_resolution_rate,
        100 * cast(material_ai_interventions as {{ supportmetrics.type_double() }}) / nullif(interventions, 0)
            as ai_assisted_resolution_pct,
        cast(material_ai_interventions as {{ supportmetrics.type_double() }}) / nullif(ai_used_interventions, 0)
            as material_share_of_ai_used,
        cast(assisted_good_outcomes as {{ supportmetrics.type_double() }}) / nullif(assisted_decided, 0)
            as assisted_good_outcome_rate,
        cast(unassisted_good_outcomes as {{ supportmetrics.type_double() }}) / nullif(unassisted_decided, 0)
            as unassisted_good_outcome_rate
    from all_slices

),

band_matches as (

    select
        rated.intervention_month,
        rated.slice_value,
        benchmarks.band,
        benchmarks.band_rank,
        row_number() over (
            partition by rated.intervention_month, rated.slice_value order by benchmarks.band_rank desc
        ) as match_rank
    from rated
    inner join benchmarks
        on rated.slice_value = benchmarks.segment
            and rated.ai_assisted_resolution_pct >= benchmarks.min_pct
    where rated.slice_dimension = 'segment'

),

lowest_bands as (

    select
        segment,
        band as lowest_band,
        min_pct as lowest_band_min_pct
    from (
        select
            segment,
            band,
            min_pct,
            row_number() over (partition by segment order by band_rank) as band_order
        from benchmarks
    ) as ordered
    where band_order = 1

),

final as (

    select
        rated.intervention_month,
        rated.slice_dimension,
        rated.slice_value,
        rated.interventions,
        rated.ai_used_interventions,
        rated.material_ai_interventions,
        rated.ai_assisted_resolution_rate,
        rated.ai_assisted_resolution_pct,
        rated.material_share_of_ai_used,
        case when rated.interventions = 0 then 'no_cs_interventions' end as rate_missing_reason,
        case
            when rated.slice_dimension != 'segment' or rated.ai_assisted_resolution_pct is null then null
            when band_matches.band is not null then band_matches.band
            when lowest_bands.lowest_band is not null then {{ dbt.concat(["'Below '", 'lowest_bands.lowest_band']) }}
        end as benchmark_band,
        case
            when rated.slice_dimension = 'segment' and rated.ai_assisted_resolution_pct is not null
                then coalesce(band_matches.band_rank, case when lowest_bands.lowest_band is not null then 0 end)
        end as benchmark_band_rank,
        case when rated.slice_dimension = 'segment' then lowest_bands.lowest_band_min_pct end as benchmark_floor_pct,
        rated.assisted_decided,
        rated.assisted_good_outcomes,
        rated.assisted_expanded,
        rated.assisted_churned,
        rated.assisted_good_outcome_rate,
        rated.unassisted_decided,
        rated.unassisted_good_outcomes,
        rated.unassisted_expanded,
        rated.unassisted_churned,
        rated.unassisted_good_outcome_rate,
        100 * (rated.assisted_good_outcome_rate - rated.unassisted_good_outcome_rate) as outcome_gap_points,
        case
            when rated.assisted_decided = 0 and rated.unassisted_decided = 0 then 'no_decided_outcomes'
            when rated.assisted_decided = 0 then 'no_decided_assisted_outcomes'
            when rated.unassisted_decided = 0 then 'no_decided_unassisted_outcomes'
        end as outcome_gap_missing_reason
    from rated
    left join band_matches
        on rated.slice_dimension = 'segment'
            and rated.intervention_month = band_matches.intervention_month
            and rated.slice_value = band_matches.slice_value
            and band_matches.match_rank = 1
    left join lowest_bands
        on rated.slice_dimension = 'segment'
            and rated.slice_value = lowest_bands.segment

)

select * from final
