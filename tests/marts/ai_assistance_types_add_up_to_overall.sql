-- The involvement-type split of the AI-Assisted Resolution Rate adds up to the overall rate, and
-- the segments add up to the overall interventions, every month (a month without interventions
-- has only its overall row).
with

rates as (

    select * from {{ ref('fct_ai_assisted_resolution_rate') }}

),

overall as (

    select
        intervention_month,
        interventions,
        material_ai_interventions
    from rates
    where slice_dimension = 'overall'

),

types as (

    select
        intervention_month,
        sum(material_ai_interventions) as material_ai_interventions,
        max(interventions) as interventions
    from rates
    where slice_dimension = 'involvement_type'
    group by 1

),

segments as (

    select
        intervention_month,
        sum(interventions) as interventions,
        sum(material_ai_interventions) as material_ai_interventions
    from rates
    where slice_dimension = 'segment'
    group by 1

)

select
    overall.intervention_month,
    overall.material_ai_interventions,
    types.material_ai_interventions as type_material,
    segments.material_ai_interventions as segment_material
from overall
left join types
    on overall.intervention_month = types.intervention_month
left join segments
    on overall.intervention_month = segments.intervention_month
where (types.material_ai_interventions is null and overall.interventions > 0)
    or types.material_ai_interventions != overall.material_ai_interventions
    or types.interventions != overall.interventions
    or segments.interventions != overall.interventions
    or segments.material_ai_interventions != overall.material_ai_interventions
