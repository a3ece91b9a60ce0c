{%- set double = supportmetrics.type_double() %}
{#- 'unknown' (unclassified) and the catch-all labels are no category to hand the AI -#}
{%- set not_categories = "'" ~ (['unknown'] + var('catch_all_intents')) | join("', '") ~ "'" %}

with

pareto as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_intent_pareto') }}

),

daily_counts as (

    select * from {{ ref('int_stage_daily_counts') }}

),

categories as (

    select * from {{ ref('fct_stage_categories_covered') }}
    where period_type = 'month'

),

escalation_quality as (

    select * from {{ ref('fct_escalation_quality') }}
    where slice_dimension = 'intent'

),

knowledge_gaps as (

    select * from {{ ref('fct_knowledge_gaps') }}

),

kb_articles as (

    select * from {{ ref('stg_helpdesk__kb_articles') }}

),

pre_ai_handle_time as (

    select * from {{ ref('int_cost_pre_ai_handle_time') }}

),

excluded as (

    select * from {{ ref('expansion_excluded_intents') }}

),

gates as (

    select * from {{ ref('stage_gates') }}

),

window_bounds as (

    select
        max(window_start) as window_start,
        max(window_end) as window_end,
        max(window_days) as window_days,
        max(window_conversations) as window_conversations
    from pareto

),

latest_month as (

    select max(period_start) as period_start
    from categories

),

current_modes as (

    -- the AI mode in effect at the end of the latest month (fct_stage_categories_covered)
    select
        categories.intent,
        categories.ai_mode_at_period_end as ai_mode
    from categories
    inner join latest_month
        on categories.period_start = latest_month.period_start

),

intents as (

    select intent from pareto
    union
    select intent from current_modes

),

window_quality as (

    -- drafts and QA reviews of the intent's conversations in the window (by their own dates)
    select
        daily_counts.intent_label as intent,
        sum(daily_counts.drafts) as drafts,
        sum(daily_counts.drafts_sent_as_is) as drafts_sent_as_is,
        sum(daily_counts.scored_ai_reviews) as scored_ai_reviews,
        sum(daily_counts.accuracy_ok_ai_reviews) as accuracy_ok_ai_reviews
    from daily_counts
    inner join window_bounds
        on daily_counts.activity_date >= window_bounds.window_start
            and daily_counts.activity_date <= window_bounds.window_end
    group by 1

),

escalation as (

    -- the months of the window (a month partly inside the window counts whole)
    select
        escalation_quality.slice_value as intent,
        sum(escalation_quality.reviewed_ai_conversations) as reviewed_ai_conversations,
        sum(escalation_quality.correct_escalation_decisions) as correct_escalation_decisions
    from escalation_quality
    inner join window_bounds
        on escalation_quality.period_start >= cast({{ dbt.date_trunc('month', 'window_bounds.window_start') }} as date)
            and escalation_quality.period_start <= window_bounds.window_end
    group by 1

),

open_gaps as (

    select
        intent,
        sum(case when is_open then 1 else 0 end) as open_knowledge_gaps
    from knowledge_gaps
    group by 1

),

live_articles as (

    -- live at the window end: created by then and not archived by then
    select
        kb_articles.intent,
        count(*) as live_kb_articles
    from kb_articles
    cross join window_bounds
    where cast(kb_articles.created_at as date) <= window_bounds.window_end
        and (kb_articles.archived_at is null or cast(kb_articles.archived_at as date) > window_bounds.window_end)
    group by 1

),

thresholds as (

    select
        max(case when metric = 'draft_accuracy' then threshold end) as min_draft_acceptance,
        max(case when metric = 'escalation_accuracy' then threshold end) as min_escalation_accuracy
    from gates

),

joined as (

    select
        intents.intent,
        coalesce(current_modes.ai_mode, 'off') as current_ai_mode,
        coalesce(current_modes.ai_mode, 'off') = 'autonomous' as is_autonomous,
        excluded.intent is not null or intents.intent in ({{ not_categories }}) as is_excluded,
        case
            when excluded.intent is not null then excluded.reason
            when intents.intent = 'unknown' then 'not a category: the intent is unclassified'
            when intents.intent in ({{ not_categories }}) then 'not a category: a catch-all label (var catch_all_intents)'
        end as exclusion_reason,
        window_bounds.window_start,
        window_bounds.window_end,
        window_bounds.window_days,
        coalesce(pareto.conversations, 0) as conversations,
        coalesce(pareto.volume_share, 0) as volume_share,
        coalesce(pareto.is_head, false) as is_head,
        pareto.volume_rank,
        coalesce(pareto.deflected_conversations, 0) as deflected_conversations,
        -- evidence the source cannot carry is null, never 0: its check is insufficient_data, never fail
        {{ supportmetrics.carried_or_null('coalesce(window_quality.drafts, 0)', 'ai_events', 'draft_suggested') }} as drafts,
        {{ supportmetrics.carried_or_null('coalesce(window_quality.drafts_sent_as_is, 0)', 'ai_events', 'draft_suggested') }} as drafts_sent_as_is,
        {{ supportmetrics.carried_or_null('coalesce(window_quality.scored_ai_reviews, 0)', 'qa_reviews') }} as scored_ai_reviews,
        {{ supportmetrics.carried_or_null('coalesce(window_quality.accuracy_ok_ai_reviews, 0)', 'qa_reviews') }} as accuracy_ok_ai_reviews,
        {{ supportmetrics.carried_or_null('coalesce(escalation.reviewed_ai_conversations, 0)', 'qa_reviews') }} as reviewed_ai_conversations,
        {{ supportmetrics.carried_or_null('coalesce(escalation.correct_escalation_decisions, 0)', 'qa_reviews') }} as correct_escalation_decisions,
        {{ supportmetrics.carried_or_null('coalesce(open_gaps.open_knowledge_gaps, 0)', 'ai_events', 'confidence') }} as open_knowledge_gaps,
        {{ supportmetrics.carried_or_null('coalesce(live_articles.live_kb_articles, 0)', 'kb_articles') }} as live_kb_articles,
        pre_ai_handle_time.pre_ai_aht_seconds,
        {{ supportmetrics.carried_or_null('coalesce(pre_ai_handle_time.baseline_worked_conversations, 0)', 'agent_work_sessions') }} as baseline_worked_conversations,
        thresholds.min_draft_acceptance,
        thresholds.min_escalation_accuracy
    from intents
    cross join window_bounds
    cross join thresholds
    left join current_modes on intents.intent = current_modes.intent
    left join excluded on intents.intent = excluded.intent
    left join pareto on intents.intent = pareto.intent
    left join window_quality on intents.intent = window_quality.intent
    left join escalation on intents.intent = escalation.intent
    left join open_gaps on intents.intent = open_gaps.intent
    left join live_articles on intents.intent = live_articles.intent
    left join pre_ai_handle_time on intents.intent = pre_ai_handle_time.intent

),

rated as (

    select
        joined.*,
        {{ supportmetrics.proportion('drafts_sent_as_is', 'drafts') }} as draft_acceptance_rate,
        {{ supportmetrics.proportion('accuracy_ok_ai_reviews', 'scored_ai_reviews') }} as qa_accuracy_rate,
        {{ supportmetrics.proportion('correct_escalation_decisions', 'reviewed_ai_conversations') }} as escalation_accuracy
    from joined

),

checked as (

    select
        rated.*,
        case
            when drafts is null or drafts < {{ var('stage_min_drafts') }} then 'insufficient_data'
            when draft_acceptance_rate > min_draft_acceptance then 'pass' else 'fail'
        end as draft_check,
        case
            when scored_ai_reviews is null or scored_ai_reviews < {{ var('stage_min_qa_reviews') }} then 'insufficient_data'
            when qa_accuracy_rate >= {{ var('expansion_min_qa_accuracy') }} then 'pass' else 'fail'
        end as qa_check,
        case
            when open_knowledge_gaps is null then 'insufficient_data'
            when open_knowledge_gaps <= {{ var('expansion_max_open_knowledge_gaps') }} then 'pass' else 'fail'
        end as knowledge_gap_check,
        case
            when live_kb_articles is null then 'insufficient_data'
            when live_kb_articles >= {{ var('expansion_min_live_kb_articles') }} then 'pass' else 'fail'
        end as kb_check,
        -- only where the AI already answers: too few reviews is no evidence either way
        case
            when reviewed_ai_conversations is null or reviewed_ai_conversations < {{ var('stage_min_qa_reviews') }}
                then 'insufficient_data'
            when escalation_accuracy > min_escalation_accuracy then 'pass' else 'fail'
        end as escalation_check
    from rated

),

final as (

    select
        intent,
        current_ai_mode,
        is_autonomous,
        is_excluded,
        exclusion_reason,
        window_start,
        window_end,
        cast(window_days as {{ dbt.type_int() }}) as window_days,
        cast(conversations as {{ dbt.type_bigint() }}) as conversations,
        cast(deflected_conversations as {{ dbt.type_bigint() }}) as deflected_conversations,
        volume_share,
        is_head,
        cast(volume_rank as {{ dbt.type_int() }}) as volume_rank,
        cast(drafts as {{ dbt.type_bigint() }}) as drafts,
        cast(drafts_sent_as_is as {{ dbt.type_bigint() }}) as drafts_sent_as_is,
        draft_acceptance_rate,
        {{ supportmetrics.wilson_lower('drafts_sent_as_is', 'drafts') }} as draft_acceptance_lower,
        {{ supportmetrics.wilson_upper('drafts_sent_as_is', 'drafts') }} as draft_acceptance_upper,
        draft_check,
        cast(scored_ai_reviews as {{ dbt.type_bigint() }}) as scored_ai_reviews,
        cast(accuracy_ok_ai_reviews as {{ dbt.type_bigint() }}) as accuracy_ok_ai_reviews,
        qa_accuracy_rate,
        qa_check,
        cast(open_knowledge_gaps as {{ dbt.type_bigint() }}) as open_knowledge_gaps,
        knowledge_gap_check,
        cast(live_kb_articles as {{ dbt.type_bigint() }}) as live_kb_articles,
        kb_check,
        cast(reviewed_ai_conversations as {{ dbt.type_bigint() }}) as reviewed_ai_conversations,
        cast(correct_escalation_decisions as {{ dbt.type_bigint() }}) as correct_escalation_decisions,
        escalation_accuracy,
        escalation_check,
        -- ready: the drafts pass and no check fails; not ready: any fails (QA only where the AI answers)
        case
            when 'fail' in (draft_check, qa_check, knowledge_gap_check, kb_check, escalation_check) then 'not_ready'
            when draft_check = 'pass' then 'ready'
            else 'insufficient_data'
        end as readiness,
        pre_ai_aht_seconds,
        cast(baseline_worked_conversations as {{ dbt.type_bigint() }}) as baseline_worked_conversations
    from checked

)

select * from final
