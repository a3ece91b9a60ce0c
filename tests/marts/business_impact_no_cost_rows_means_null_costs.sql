-- A month without support_costs rows never reports a cost (zero or otherwise): its cost metrics
-- are null with the reason, and so are the ROI and the cost-per-ticket change (cost_rows itself is
-- null where the helpdesk source cannot carry support costs).
with

cost as (

    select * from {{ ref('fct_cost_per_resolution') }}

),

roi as (

    select * from {{ ref('fct_roi') }}

)

select
    cost.cost_month,
    cost.cost_rows,
    cost.ai_cost_usd,
    cost.total_cost_usd,
    roi.roi_multiple
from cost
inner join roi
    on cost.cost_month = roi.cost_month
where coalesce(cost.cost_rows, 0) = 0
    and (
        cost.ai_cost_usd is not null
        or cost.human_cost_usd is not null
        or cost.total_cost_usd is not null
        or cost.ai_cost_per_resolution is not null
        or cost.blended_cost_per_ticket is not null
        or cost.cost_per_ticket_change_rate is not null
        or roi.roi_multiple is not null
        or coalesce(cost.cost_missing_reason, '') != 'no_support_cost_rows'
        or coalesce(roi.roi_missing_reason, '') != 'no_support_cost_rows'
    )
