{%- set pilot_start = var('pilot_start_date', none) %}
{%- set pilot_start_date = "cast('" ~ pilot_start ~ "' as date)" if pilot_start else 'cast(null as date)' %}
{%- set double = supportmetrics.type_double() %}
{%- set txt = dbt.type_string() %}

with

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}

),

qa_reviews as (

    select * from {{ ref('stg_helpdesk__qa_reviews') }}

),

scope_changes as (

    select * from {{ ref('stg_helpdesk__ai_scope_changes') }}

),

support_costs as (

    select * from {{ ref('stg_helpdesk__support_costs') }}

),

ticket_events as (

    select * from {{ ref('stg_helpdesk__ticket_events') }}

),

agents as (

    select * from {{ ref('stg_helpdesk__agents') }}

),

work_sessions as (

    select * from {{ ref('int_cost_work_sessions') }}

),

pre_ai_handle_time as (

    select * from {{ ref('int_cost_pre_ai_handle_time') }}

),

week_numbers as (

    select 1 as pilot_week
    union all
    select 2 as pilot_week
    union all
    select 3 as pilot_week
    union all
    select 4 as pilot_week

),

day_offsets as (

    select 0 as day_offset
    union all
    select 1 as day_offset
    union all
    select 2 as day_offset
    union all
    select 3 as day_offset
    union all
    select 4 as day_offset
    union all
    select 5 as day_offset
    union all
    select 6 as day_offset

),

data_bounds as (

    select cast(max(high_water_mark_at) as date) as last_data_date
    from facts

),

weeks as (

    select
        week_numbers.pilot_week,
        cast({{ dbt.dateadd('day', '7 * (week_numbers.pilot_week - 1)', pilot_start_date) }} as date) as week_start,
        cast({{ dbt.dateadd('day', '7 * week_numbers.pilot_week', pilot_start_date) }} as date) as week_end,
        cast({{ dbt.dateadd('day', 28, pilot_start_date) }} as date) as pilot_end,
        data_bounds.last_data_date
    from week_numbers
    cross join data_bounds
    -- var pilot_start_date not set: no pilot, no rows
    where {{ '1 = 1' if pilot_start else '1 = 0' }}

),

{# ------------------------------------------------------------ the pilot's intents #}

pilot_scope as (

    select
        intent,
        ai_mode
    from (
        select
            scope_changes.intent,
            scope_changes.ai_mode,
            row_number() over (
                partition by scope_changes.intent order by scope_changes.effective_from desc, scope_changes.ai_mode asc
            ) as change_rank
        from scope_changes
        inner join (select max(pilot_end) as pilot_end from weeks) as pilot
            on scope_changes.effective_from < pilot.pilot_end
    ) as ranked
    where change_rank = 1
        and ai_mode != 'off'

),

{# ------------------------------------------------------------ conversations #}

week_conversations as (

    select
        weeks.pilot_week,
        facts.conversation_id,
        facts.intent,
        facts.is_ai_involved,
        facts.is_escalated,
        facts.is_deflected,
        facts.is_pending_window,
        facts.is_truly_resolved,
        facts.handling_path,
        facts.csat_score,
        pilot_scope.intent is not null as is_pilot_intent
    from weeks
    inner join facts
        on facts.created_date >= weeks.week_start
            and facts.created_date < weeks.week_end
    left join pilot_scope
        on facts.intent = pilot_scope.intent

),

conversation_counts as (

    select
        pilot_week,
        count(*) as conversations,
        sum(case when is_ai_involved then 1 else 0 end) as ai_involved_conversations,
        sum(case when is_escalated then 1 else 0 end) as escalated_conversations,
        sum(case when is_deflected then 1 else 0 end) as deflected_conversations,
        sum(case when is_pilot_intent and not is_pending_window then 1 else 0 end) as judged_pilot_conversations,
        sum(case when is_pilot_intent and is_truly_resolved then 1 else 0 end) as truly_resolved_pilot_conversations,
        sum(case when csat_score is not null then 1 else 0 end) as csat_responses,
        sum(case when csat_score >= {{ var('satisfied_csat_min_score') }} then 1 else 0 end) as csat_satisfied_responses,
        sum(case when handling_path = 'ai_only' and csat_score is not null then 1 else 0 end) as ai_only_responses,
        sum(
            case when handling_path = 'ai_only' and csat_score >= {{ var('satisfied_csat_min_score') }} then 1 else 0 end
        ) as ai_only_satisfied_responses,
        sum(case when handling_path = 'human_only' and csat_score is not null then 1 else 0 end) as human_only_responses,
        sum(
            case when handling_path = 'human_only' and csat_score >= {{ var('satisfied_csat_min_score') }} then 1 else 0 end
        ) as human_only_satisfied_responses
    from week_conversations
    group by 1

),

hours_saved as (

    select
        week_conversations.pilot_week,
        sum(
            case when week_conversations.is_deflected then pre_ai_handle_time.pre_ai_aht_seconds end
        ) / 3600 as agent_hours_saved,
        sum(
            case when week_conversations.is_deflected and pre_ai_handle_time.pre_ai_aht_seconds is not null then 1 else 0 end
        ) as valued_deflected_conversations
    from week_conversations
    left join pre_ai_handle_time
        on coalesce(week_conversations.intent, 'unknown') = pre_ai_handle_time.intent
    group by 1

),

{# ------------------------------------------------------------ drafts and QA #}

draft_counts as (

    -- the rule of fct_agent_draft_assistance: every draft_suggested event, in the week of the event
    select
        weeks.pilot_week,
        count(*) as drafts,
        sum(case when ai_events.draft_outcome = 'sent_as_is' then 1 else 0 end) as drafts_sent_as_is,
        sum(case when ai_events.draft_outcome in ('sent_as_is', 'edited') then 1 else 0 end) as drafts_matched
    from weeks
    inner join ai_events
        on ai_events.created_at >= weeks.week_start
            and ai_events.created_at < weeks.week_end
    where ai_events.event_type = 'draft_suggested'
    group by 1

),

qa_counts as (

    select
        weeks.pilot_week,
        count(*) as scored_ai_reviews,
        sum(case when qa_reviews.accuracy_score >= {{ var('qa_accuracy_ok_min_score') }} then 1 else 0 end)
            as accuracy_ok_ai_reviews
    from weeks
    inner join qa_reviews
        on qa_reviews.reviewed_at >= weeks.week_start
            and qa_reviews.reviewed_at < weeks.week_end
    inner join facts
        on qa_reviews.conversation_id = facts.conversation_id
    where facts.is_ai_involved
        and qa_reviews.accuracy_score is not null
    group by 1

),

{# ------------------------------------------------------------ handle time and cost #}

worked_conversations as (

    select
        week_conversations.pilot_week,
        work_sessions.conversation_id,
        sum(work_sessions.handle_seconds) as handle_seconds
    from week_conversations
    inner join work_sessions
        on week_conversations.conversation_id = work_sessions.conversation_id
    group by 1, 2

),

handle_time as (

    select
        pilot_week,
        count(*) as worked_conversations,
        cast(sum(handle_seconds) as {{ double }}) / count(*) as aht_seconds
    from worked_conversations
    group by 1

),

baseline_handle_time as (

    select
        cast(sum(baseline_handle_seconds) as {{ double }}) / nullif(sum(baseline_worked_conversations), 0)
            as baseline_aht_seconds
    from pre_ai_handle_time

),

labour as (

    select
        weeks.pilot_week,
        sum(work_sessions.labour_cost_usd) as labour_cost_usd,
        sum(case when work_sessions.has_hourly_cost then work_sessions.handle_hours else 0 end) as priced_handle_hours
    from weeks
    inner join work_sessions
        on work_sessions.started_at >= weeks.week_start
            and work_sessions.started_at < weeks.week_end
    group by 1

),

monthly_ai_cost as (

    select
        cost_month,
        sum(case when cost_type in ('ai_platform_license', 'ai_usage') then amount_usd else 0 end) as ai_cost_usd
    from support_costs
    group by 1

),

pilot_days as (

    select
        weeks.pilot_week,
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'weeks.week_start') }} as date) as pilot_day
    from weeks
    cross join day_offsets

),

tool_cost as (

    select
        pilot_days.pilot_week,
        count(*) as pilot_days,
        count(monthly_ai_cost.cost_month) as costed_days,
        sum(
            monthly_ai_cost.ai_cost_usd
            / {{ dbt.datediff('monthly_ai_cost.cost_month', dbt.dateadd('month', 1, 'monthly_ai_cost.cost_month'), 'day') }}
        ) as tool_cost_usd
    from pilot_days
    left join monthly_ai_cost
        on cast({{ dbt.date_trunc('month', 'pilot_days.pilot_day') }} as date) = monthly_ai_cost.cost_month
    group by 1

),

{# ------------------------------------------------------------ routing (fct_routing_accuracy's rule) #}

agent_queues as (

    select
        lower(agent_id) as assignee_key,
        agent_type,
        team
    from agents

),

human_assignments as (

    select
        ticket_events.conversation_id,
        coalesce(lower(agent_queues.team), ticket_events.to_value) as queue,
        row_number() over (
            partition by ticket_events.conversation_id order by ticket_events.created_at, ticket_events.event_id
        ) as assignment_sequence,
        count(*) over (partition by ticket_events.conversation_id) as assignment_count
    from ticket_events
    left join agent_queues
        on ticket_events.to_value = agent_queues.assignee_key
    where ticket_events.event_type = 'assignment'
        and ticket_events.to_value is not null
        and coalesce(agent_queues.agent_type, 'human') = 'human'

),

routing as (

    select
        conversation_id,
        max(case when assignment_sequence = 1 then queue end) = max(case when assignment_sequence = assignment_count then queue end)
            as is_correctly_routed
    from human_assignments
    group by 1

),

routing_counts as (

    select
        week_conversations.pilot_week,
        count(*) as routed_conversations,
        sum(case when routing.is_correctly_routed then 1 else 0 end) as correctly_routed_conversations
    from week_conversations
    inner join routing
        on week_conversations.conversation_id = routing.conversation_id
    group by 1

),

{# ------------------------------------------------------------ one wide row per week #}

week_values as (

    select
        weeks.pilot_week,
        weeks.week_start,
        weeks.week_end,
        weeks.week_end <= {{ dbt.dateadd('day', 1, 'weeks.last_data_date') }} as is_complete_week,
        coalesce(conversation_counts.conversations, 0) as conversations,
        coalesce(conversation_counts.ai_involved_conversations, 0) as ai_involved_conversations,
        coalesce(conversation_counts.escalated_conversations, 0) as escalated_conversations,
        coalesce(conversation_counts.deflected_conversations, 0) as deflected_conversations,
        coalesce(conversation_counts.judged_pilot_conversations, 0) as judged_pilot_conversations,
        coalesce(conversation_counts.truly_resolved_pilot_conversations, 0) as truly_resolved_pilot_conversations,
        coalesce(conversation_counts.csat_responses, 0) as csat_responses,
        coalesce(conversation_counts.csat_satisfied_responses, 0) as csat_satisfied_responses,
        coalesce(conversation_counts.ai_only_responses, 0) as ai_only_responses,
        coalesce(conversation_counts.ai_only_satisfied_responses, 0) as ai_only_satisfied_responses,
        coalesce(conversation_counts.human_only_responses, 0) as human_only_responses,
        coalesce(conversation_counts.human_only_satisfied_responses, 0) as human_only_satisfied_responses,
        coalesce(draft_counts.drafts, 0) as drafts,
        coalesce(draft_counts.drafts_sent_as_is, 0) as drafts_sent_as_is,
        coalesce(draft_counts.drafts_matched, 0) as drafts_matched,
        coalesce(qa_counts.scored_ai_reviews, 0) as scored_ai_reviews,
        coalesce(qa_counts.accuracy_ok_ai_reviews, 0) as accuracy_ok_ai_reviews,
        coalesce(handle_time.worked_conversations, 0) as worked_conversations,
        handle_time.aht_seconds,
        baseline_handle_time.baseline_aht_seconds,
        coalesce(routing_counts.routed_conversations, 0) as routed_conversations,
        coalesce(routing_counts.correctly_routed_conversations, 0) as correctly_routed_conversations,
        -- no deflection, no hours saved: 0, not missing
        case when coalesce(conversation_counts.deflected_conversations, 0) = 0 then 0 else hours_saved.agent_hours_saved end
            as agent_hours_saved,
        coalesce(hours_saved.valued_deflected_conversations, 0) as valued_deflected_conversations,
        labour.labour_cost_usd / nullif(labour.priced_handle_hours, 0) as hourly_cost_usd,
        case when tool_cost.costed_days = tool_cost.pilot_days then tool_cost.tool_cost_usd end as tool_cost_usd,
        (select count(*) from pilot_scope) as pilot_intents
    from weeks
    cross join baseline_handle_time
    left join conversation_counts
        on weeks.pilot_week = conversation_counts.pilot_week
    left join hours_saved
        on weeks.pilot_week = hours_saved.pilot_week
    left join draft_counts
        on weeks.pilot_week = draft_counts.pilot_week
    left join qa_counts
        on weeks.pilot_week = qa_counts.pilot_week
    left join handle_time
        on weeks.pilot_week = handle_time.pilot_week
    left join labour
        on weeks.pilot_week = labour.pilot_week
    left join tool_cost
        on weeks.pilot_week = tool_cost.pilot_week
    left join routing_counts
        on weeks.pilot_week = routing_counts.pilot_week

),

{# ------------------------------------------------------------ long: one row per metric #}

metrics as (

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'automated_resolution_rate' as metric,
        'fraction' as unit,
        cast(truly_resolved_pilot_conversations as {{ double }}) / nullif(judged_pilot_conversations, 0) as metric_value,
        cast(truly_resolved_pilot_conversations as {{ double }}) as numerator,
        cast(judged_pilot_conversations as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'pilot intents (AI scope not off at the pilot end)' as basis,
        case
            when pilot_intents = 0 then 'no_pilot_intents_in_scope'
            when judged_pilot_conversations = 0 then 'no_judged_pilot_conversations'
        end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'response_accuracy' as metric,
        'fraction' as unit,
        case
            when scored_ai_reviews > 0 then cast(accuracy_ok_ai_reviews as {{ double }}) / scored_ai_reviews
            else cast(drafts_sent_as_is as {{ double }}) / nullif(drafts, 0)
        end as metric_value,
        cast(case when scored_ai_reviews > 0 then accuracy_ok_ai_reviews else drafts_sent_as_is end as {{ double }})
            as numerator,
        cast(case when scored_ai_reviews > 0 then scored_ai_reviews else drafts end as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        case when scored_ai_reviews > 0 then 'qa_accuracy_ok_rate' else 'draft_acceptance_rate' end as basis,
        case when scored_ai_reviews = 0 and drafts = 0 then 'no_qa_reviews_of_ai_conversations_and_no_drafts' end
            as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'qa_accuracy_ok_rate' as metric,
        'fraction' as unit,
        cast(accuracy_ok_ai_reviews as {{ double }}) / nullif(scored_ai_reviews, 0) as metric_value,
        cast(accuracy_ok_ai_reviews as {{ double }}) as numerator,
        cast(scored_ai_reviews as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'QA reviews of AI-involved conversations' as basis,
        case when scored_ai_reviews = 0 then 'no_qa_reviews_of_ai_conversations' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'draft_acceptance_rate' as metric,
        'fraction' as unit,
        cast(drafts_sent_as_is as {{ double }}) / nullif(drafts, 0) as metric_value,
        cast(drafts_sent_as_is as {{ double }}) as numerator,
        cast(drafts as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'draft_suggested events' as basis,
        case when drafts = 0 then 'no_drafts' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'draft_match_rate' as metric,
        'fraction' as unit,
        cast(drafts_matched as {{ double }}) / nullif(drafts, 0) as metric_value,
        cast(drafts_matched as {{ double }}) as numerator,
        cast(drafts as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'drafts sent as is or edited' as basis,
        case when drafts = 0 then 'no_drafts' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'aht_reduction_rate' as metric,
        'fraction' as unit,
        1 - aht_seconds / nullif(baseline_aht_seconds, 0) as metric_value,
        aht_seconds as numerator,
        cast(worked_conversations as {{ double }}) as denominator,
        baseline_aht_seconds as reference_value,
        'human handle seconds per worked conversation vs the pre-AI baseline' as basis,
        case
            when baseline_aht_seconds is null then 'no_pre_ai_baseline_handle_time'
            when baseline_aht_seconds <= 0 then 'baseline_handle_time_not_positive'
            when worked_conversations = 0 then 'no_worked_conversations'
        end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'csat_ai_vs_human_points' as metric,
        'points' as unit,
        100 * (
            cast(ai_only_satisfied_responses as {{ double }}) / nullif(ai_only_responses, 0)
            - cast(human_only_satisfied_responses as {{ double }}) / nullif(human_only_responses, 0)
        ) as metric_value,
        cast(ai_only_satisfied_responses as {{ double }}) as numerator,
        cast(ai_only_responses as {{ double }}) as denominator,
        cast(human_only_satisfied_responses as {{ double }}) / nullif(human_only_responses, 0) as reference_value,
        'AI-only minus human-only % satisfied' as basis,
        case
            when ai_only_responses = 0 then 'no_ai_only_responses'
            when human_only_responses = 0 then 'no_human_only_responses'
        end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'csat_satisfied_rate' as metric,
        'fraction' as unit,
        cast(csat_satisfied_responses as {{ double }}) / nullif(csat_responses, 0) as metric_value,
        cast(csat_satisfied_responses as {{ double }}) as numerator,
        cast(csat_responses as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'all CSAT responses' as basis,
        case when csat_responses = 0 then 'no_csat_responses' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'escalation_rate' as metric,
        'fraction' as unit,
        cast(escalated_conversations as {{ double }}) / nullif(ai_involved_conversations, 0) as metric_value,
        cast(escalated_conversations as {{ double }}) as numerator,
        cast(ai_involved_conversations as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'escalated / AI-involved conversations' as basis,
        case when ai_involved_conversations = 0 then 'no_ai_involved_conversations' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'deflection_rate' as metric,
        'fraction' as unit,
        cast(deflected_conversations as {{ double }}) / nullif(conversations, 0) as metric_value,
        cast(deflected_conversations as {{ double }}) as numerator,
        cast(conversations as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'deflected / all conversations' as basis,
        case when conversations = 0 then 'no_conversations' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'routing_accuracy' as metric,
        'fraction' as unit,
        cast(correctly_routed_conversations as {{ double }}) / nullif(routed_conversations, 0) as metric_value,
        cast(correctly_routed_conversations as {{ double }}) as numerator,
        cast(routed_conversations as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'first human queue = final queue' as basis,
        case when routed_conversations = 0 then 'no_routed_conversations' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'agent_hours_saved' as metric,
        'hours' as unit,
        agent_hours_saved as metric_value,
        cast(valued_deflected_conversations as {{ double }}) as numerator,
        cast(deflected_conversations as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'deflected conversations x pre-AI AHT of the intent' as basis,
        case
            when baseline_aht_seconds is null then 'no_pre_ai_baseline_handle_time'
            when deflected_conversations = 0 then null
            when valued_deflected_conversations = 0 then 'no_pre_ai_handle_time_for_deflected_intents'
        end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'hourly_cost_usd' as metric,
        'usd' as unit,
        hourly_cost_usd as metric_value,
        cast(null as {{ double }}) as numerator,
        cast(null as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'labour cost / priced handle hours of the week' as basis,
        case when hourly_cost_usd is null then 'no_priced_work_sessions' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'tool_cost_usd' as metric,
        'usd' as unit,
        tool_cost_usd as metric_value,
        cast(null as {{ double }}) as numerator,
        cast(null as {{ double }}) as denominator,
        cast(null as {{ double }}) as reference_value,
        'AI licence + usage, monthly cost spread over the days of the month' as basis,
        case when tool_cost_usd is null then 'no_ai_cost_rows_for_the_week' end as missing_reason
    from week_values

    union all

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        'roi_multiple' as metric,
        'ratio' as unit,
        coalesce(agent_hours_saved, 0) * hourly_cost_usd / nullif(tool_cost_usd, 0) as metric_value,
        coalesce(agent_hours_saved, 0) * hourly_cost_usd as numerator,
        tool_cost_usd as denominator,
        cast(null as {{ double }}) as reference_value,
        'agent hours saved x hourly cost / tool cost' as basis,
        case
            when baseline_aht_seconds is null then 'no_pre_ai_baseline_handle_time'
            when hourly_cost_usd is null then 'no_priced_work_sessions'
            when tool_cost_usd is null then 'no_ai_cost_rows_for_the_week'
            when tool_cost_usd = 0 then 'zero_tool_cost'
        end as missing_reason
    from week_values

),

final as (

    select
        pilot_week,
        week_start,
        week_end,
        is_complete_week,
        metric,
        unit,
        case when missing_reason is null then metric_value end as metric_value,
        numerator,
        denominator,
        reference_value,
        basis,
        missing_reason
    from metrics

)

select * from final
