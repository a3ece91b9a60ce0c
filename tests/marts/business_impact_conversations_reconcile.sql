-- The conversations of the business-impact marts reconcile with the staged conversations:
-- fct_cost_per_resolution and fct_capacity_unlocked count every staged conversation once.
with

staged as (

    select count(*) as conversations from {{ ref('stg_helpdesk__conversations') }}

),

cost as (

    select sum(total_conversations) as conversations from {{ ref('fct_cost_per_resolution') }}

),

capacity as (

    select sum(conversations) as conversations from {{ ref('fct_capacity_unlocked') }}

)

select
    staged.conversations as staged_conversations,
    cost.conversations as cost_conversations,
    capacity.conversations as capacity_conversations
from staged
cross join cost
cross join capacity
where staged.conversations != coalesce(cost.conversations, 0)
    or staged.conversations != coalesce(capacity.conversations, 0)
