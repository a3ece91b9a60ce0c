-- Every draft_suggested AI event is counted once per grain and slice dimension in
-- fct_agent_draft_assistance.
with

drafts as (

    select count(*) as drafts
    from {{ ref('stg_helpdesk__ai_events') }}
    where event_type = 'draft_suggested'

),

mart as (

    select
        period_grain,
        slice_dimension,
        sum(drafts_suggested) as drafts
    from {{ ref('fct_agent_draft_assistance') }}
    group by 1, 2

)

select
    mart.period_grain,
    mart.slice_dimension,
    mart.drafts,
    drafts.drafts as staged_drafts
from mart
cross join drafts
where mart.drafts != drafts.drafts
