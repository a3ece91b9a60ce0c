with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

support_costs as (

    select * from {{ ref('stg_helpdesk__support_costs') }}

),

work_sessions as (

    select * from {{ ref('int_cost_work_sessions') }}

),

baseline as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('int_ai_rollout_baseline') }}

),

conversation_months as (

    select
        cast({{ dbt.date_trunc('month', 'created_at') }} as date) as cost_month,
        count(*) as total_conversations,
        sum(case when is_ai_involved then 1 else 0 end) as ai_involved_conversations,
        sum(case when is_ai_involved and not is_pending_window then 1 else 0 end) as ai_judged_conversations,
        sum(case when is_truly_resolved then 1 else 0 end) as ai_true_resolutions,
        sum(case when handling_path in ('human_only', 'ai_then_human') then 1 else 0 end) as human_handled_conversations,
        sum(case when handling_path in ('human_only', 'ai_then_human') and is_solved then 1 else 0 end) as human_resolutions,
        sum(case when is_pending_window then 1 else 0 end) as pending_window_conversations
    from facts
    group by 1

),

cost_months as (

    select
        cost_month,
        count(*) as cost_rows,
        sum(case when cost_type = 'ai_platform_license' then amount_usd else 0 end) as ai_license_cost_usd,
        sum(case when cost_type = 'ai_usage' then amount_usd else 0 end) as ai_usage_cost_usd,
        sum(case when cost_type = 'human_tooling' then amount_usd else 0 end) as human_tooling_cost_usd,
        sum(case when cost_type = 'other' then amount_usd else 0 end) as other_cost_usd
    from support_costs
    group by 1

),

labour_months as (

    select
        work_month as cost_month,
        count(*) as work_sessions,
        sum(case when not has_hourly_cost then 1 else 0 end) as work_sessions_without_hourly_cost,
        sum(handle_hours) as handle_hours,
        sum(labour_cost_usd) as human_labour_cost_usd
    from work_sessions
    group by 1

),

months as (

    select cost_month from conversation_months
    union
    select cost_month from cost_months

),

joined as (

    select
        months.cost_month,
        coalesce(conversation_months.total_conversations, 0) as total_conversations,
        coalesce(conversation_months.ai_involved_conversations, 0) as ai_involved_conversations,
        coalesce(conversation_months.ai_judged_conversations, 0) as ai_judged_conversations,
        coalesce(conversation_months.ai_true_resolutions, 0) as ai_true_resolutions,
        coalesce(conversation_months.human_handled_conversations, 0) as human_handled_conversations,
        coalesce(conversation_months.human_resolutions, 0) as human_resolutions,
        coalesce(conversation_months.pending_window_conversations, 0) as pending_window_conversations,
        coalesce(cost_months.cost_rows, 0) as cost_rows,
        cost_months.ai_license_cost_usd,
        cost_months.ai_usage_cost_usd,
        cost_months.human_tooling_cost_usd,
        cost_months.other_cost_usd,
        coalesce(labour_months.work_sessions, 0) as work_sessions,
        coalesce(labour_months.work_sessions_without_hourly_cost, 0) as work_sessions_without_hourly_cost,
        coalesce(labour_months.handle_hours, 0) as handle_hours,
        labour_months.human_labour_cost_usd
    from months
    left join conversation_months
        on months.cost_month = conversation_months.cost_month
    left join cost_months
        on months.cost_month = cost_months.cost_month
    left join labour_months
        on months.cost_month = labour_months.cost_month

),

reasoned as (

    select
        joined.*,
        case
            when cost_rows = 0 then 'no_support_cost_rows'
            when work_sessions = 0 and human_handled_conversations > 0 then 'no_agent_work_sessions'
            when work_sessions_without_hourly_cost > 0 then 'missing_agent_hourly_cost'
        end as cost_missing_reason
    from joined

),

costed as (

    select
        reasoned.*,
        case when cost_rows > 0 then ai_license_cost_usd + ai_usage_cost_usd end as ai_cost_usd,
        case
            when cost_missing_reason is null
                then coalesce(human_labour_cost_usd, 0) + human_tooling_cost_usd
        end as human_cost_usd
    from reasoned

),

totals as (

    select
        costed.*,
        ai_cost_usd + human_cost_usd + other_cost_usd as total_cost_usd
    from costed

),

baseline_cost as (

    select
        sum(totals.total_cost_usd) as baseline_total_cost_usd,
        sum(totals.total_conversations) as baseline_conversations,
        count(*) as baseline_costed_months
    from totals
    cross join baseline
    where baseline.has_baseline
        and totals.cost_month >= baseline.baseline_start_month
        and totals.cost_month < baseline.baseline_end_month
        and totals.total_cost_usd is not null

),

with_baseline as (

    select
        totals.*,
        coalesce(
            baseline.has_baseline
            and totals.cost_month >= baseline.baseline_start_month
            and totals.cost_month < baseline.baseline_end_month,
            false
        ) as is_baseline_month,
        baseline_cost.baseline_costed_months,
        baseline_cost.baseline_conversations,
        baseline_cost.baseline_total_cost_usd
        / nullif(baseline_cost.baseline_conversations, 0) as baseline_cost_per_ticket,
        case
            when not coalesce(baseline.has_baseline, false) then 'no_pre_ai_baseline'
            when coalesce(baseline_cost.baseline_costed_months, 0) = 0 then 'no_cost_in_baseline_months'
        end as baseline_missing_reason
    from totals
    cross join baseline
    cross join baseline_cost

),

final as (

    select
        cost_month,
        is_baseline_month,
        total_conversations,
        ai_involved_conversations,
        ai_judged_conversations,
        ai_true_resolutions,
        human_handled_conversations,
        human_resolutions,
        pending_window_conversations,
        {{ supportmetrics.carried_or_null('cost_rows', 'support_costs') }} as cost_rows,
        ai_license_cost_usd,
        ai_usage_cost_usd,
        human_tooling_cost_usd,
        other_cost_usd,
        {{ supportmetrics.carried_or_null('work_sessions', 'agent_work_sessions') }} as work_sessions,
        {{ supportmetrics.carried_or_null('work_sessions_without_hourly_cost', 'agent_work_sessions') }} as work_sessions_without_hourly_cost,
        {{ supportmetrics.carried_or_null('handle_hours', 'agent_work_sessions') }} as handle_hours,
        human_labour_cost_usd,
        ai_cost_usd,
        human_cost_usd,
        total_cost_usd,
        ai_cost_usd / nullif(ai_true_resolutions, 0) as ai_cost_per_resolution,
        pending_window_conversations > 0 as is_ai_cost_per_resolution_provisional,
        human_cost_usd / nullif(human_resolutions, 0) as human_cost_per_resolution,
        total_cost_usd / nullif(total_conversations, 0) as blended_cost_per_ticket,
        baseline_cost_per_ticket,
        {{ supportmetrics.carried_or_null('baseline_costed_months', 'support_costs') }} as baseline_costed_months,
        cast(baseline_conversations as {{ dbt.type_bigint() }}) as baseline_conversations,
        (total_cost_usd / nullif(total_conversations, 0)) / nullif(baseline_cost_per_ticket, 0) - 1
            as cost_per_ticket_change_rate,
        -- the change compares two per-ticket averages: the smaller ticket count is its sample size
        {{ supportmetrics.carried_or_null('cast(least(coalesce(total_conversations, 0), coalesce(baseline_conversations, 0))
            as ' ~ dbt.type_bigint() ~ ')', 'support_costs') }} as cost_comparison_conversations,
        cost_missing_reason,
        coalesce(cost_missing_reason, baseline_missing_reason) as cost_per_ticket_change_missing_reason
    from with_baseline

)

select * from final
