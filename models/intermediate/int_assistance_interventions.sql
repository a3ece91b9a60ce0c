with

interventions as (

    select * from {{ ref('stg_helpdesk__cs_interventions') }}

),

accounts as (

    select * from {{ ref('stg_helpdesk__accounts') }}

),

joined as (

    select
        interventions.intervention_id,
        interventions.account_id,
        interventions.csm_id,
        interventions.created_at,
        interventions.intervention_type,
        interventions.ai_involvement,
        interventions.ai_content_retained_pct,
        interventions.outcome,
        coalesce(accounts.segment, 'Unknown') as account_segment
    from interventions
    left join accounts
        on interventions.account_id = accounts.account_id

),

flagged as (

    select
        joined.*,
        coalesce(
            ai_involvement in ('signal_surfaced', 'recommendation', 'autonomous_action')
            or (ai_involvement = 'drafted' and ai_content_retained_pct >= {{ var('material_retained_pct_min') }}),
            false
        ) as is_material_ai_involvement
    from joined

),

final as (

    select
        intervention_id,
        account_id,
        csm_id,
        created_at,
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as intervention_month,
        intervention_type,
        account_segment,
        ai_involvement,
        ai_content_retained_pct,
        is_material_ai_involvement,
        case
            when is_material_ai_involvement then 'material'
            when ai_involvement is null then 'unknown'
            when ai_involvement = 'none' then 'none'
            else 'not_material'
        end as involvement_class,
        outcome,
        coalesce(outcome in ('retained', 'expanded', 'churned'), false) as is_outcome_decided,
        coalesce(outcome in ('retained', 'expanded'), false) as is_good_outcome
    from flagged

)

select * from final
