{%- set txt = dbt.type_string() %}
{%- set monthly = supportmetrics.proportion('conversations * ' ~ (365.25 / 12), 'window_days') %}

with

evidence as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('fct_expansion_evidence') }}

),

autonomous_performance as (

    -- the deflection the helpdesk already gets where the AI is autonomous: the projection's basis
    select {{ supportmetrics.proportion('sum(deflected_conversations)', 'sum(conversations)') }} as autonomous_deflection_rate
    from evidence
    where is_autonomous

),

candidates as (

    -- not yet autonomous, never an excluded (critical) intent nor a catch-all label
    select
        evidence.*,
        {{ monthly }} as monthly_conversations,
        coalesce(autonomous_performance.autonomous_deflection_rate, evidence.draft_acceptance_rate)
            as projected_deflection_rate,
        case
            when autonomous_performance.autonomous_deflection_rate is not null then 'autonomous_intents_deflection'
            when evidence.draft_acceptance_rate is not null then 'draft_acceptance'
        end as projection_basis
    from evidence
    cross join autonomous_performance
    where not evidence.is_autonomous
        and not evidence.is_excluded

),

ranked as (

    -- ready first, then those short of evidence, then those failing a check; within each, the
    -- intent the AI drafts best first ("start with the category where the AI performs best"),
    -- then the larger volume
    select
        candidates.*,
        row_number() over (
            order by
                case readiness when 'ready' then 1 when 'insufficient_data' then 2 else 3 end,
                coalesce(draft_acceptance_lower, -1) desc,
                volume_share desc,
                intent asc
        ) as candidate_rank
    from candidates

),

final as (

    select
        cast(candidate_rank as {{ dbt.type_int() }}) as candidate_rank,
        intent,
        current_ai_mode,
        readiness,
        readiness = 'ready' and candidate_rank <= {{ var('expansion_categories_per_step') }} as is_recommended_now,
        case
            when readiness = 'ready' then 'ready: drafts clear the gate threshold and no check fails'
            else readiness || ': '
                || {{ dbt.concat([
                    "case when draft_check != 'pass' then 'drafts ' || draft_check || ' (n = ' || cast(drafts as " ~ txt ~ ") || '); ' else '' end",
                    "case when qa_check = 'fail' then 'QA accuracy fails (n = ' || cast(scored_ai_reviews as " ~ txt ~ ") || '); ' else '' end",
                    "case when knowledge_gap_check = 'fail' then cast(open_knowledge_gaps as " ~ txt ~ ") || ' open knowledge gap(s); ' else '' end",
                    "case when kb_check = 'fail' then 'no live KB article; ' else '' end",
                    "case when escalation_check = 'fail' then 'escalation accuracy fails; ' else '' end",
                ]) }}
        end as readiness_reason,
        volume_share,
        is_head,
        volume_rank,
        conversations,
        monthly_conversations,
        drafts,
        draft_acceptance_rate,
        draft_acceptance_lower,
        draft_acceptance_upper,
        draft_check,
        scored_ai_reviews,
        qa_accuracy_rate,
        qa_check,
        open_knowledge_gaps,
        knowledge_gap_check,
        live_kb_articles,
        kb_check,
        reviewed_ai_conversations,
        escalation_accuracy,
        escalation_check,
        projected_deflection_rate,
        projection_basis,
        100 * volume_share * projected_deflection_rate as projected_deflection_points,
        monthly_conversations * projected_deflection_rate as projected_deflected_per_month,
        pre_ai_aht_seconds,
        monthly_conversations * projected_deflection_rate * pre_ai_aht_seconds / 3600 as projected_capacity_hours_per_month,
        case
            when projected_deflection_rate is null then 'no_autonomous_intents_and_no_drafts'
            when pre_ai_aht_seconds is null then 'no_pre_ai_handle_time_for_intent'
        end as projection_missing_reason,
        window_start,
        window_end
    from ranked

)

select * from final
