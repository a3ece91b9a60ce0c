with

periods as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

scope_changes as {{ supportmetrics.not_materialized() }} (

    select * from {{ ref('stg_helpdesk__ai_scope_changes') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

taxonomy as (

    select intent
    from scope_changes
    where intent is not null
    group by 1

),

scope_in_effect as (

    -- the latest scope change of each intent that took effect before the period end
    select
        periods.period_type,
        periods.period_start,
        scope_changes.intent,
        scope_changes.ai_mode,
        scope_changes.effective_from,
        row_number() over (
            partition by periods.period_type, periods.period_start, scope_changes.intent
            order by scope_changes.effective_from desc, scope_changes.ai_mode asc
        ) as change_rank
    from periods
    inner join scope_changes
        on scope_changes.effective_from < periods.period_end

),

mode_at_end as (

    select
        period_type,
        period_start,
        intent,
        ai_mode,
        effective_from
    from scope_in_effect
    where change_rank = 1

),

ai_conversations as (

    select
        periods.period_type,
        periods.period_start,
        facts.intent,
        count(*) as ai_involved_conversations
    from periods
    inner join facts
        on facts.created_date >= periods.period_start
            and facts.created_date < periods.period_end
    where facts.is_ai_involved
        and facts.intent is not null
    group by 1, 2, 3

),

spine as (

    select
        periods.period_type,
        periods.period_start,
        taxonomy.intent
    from periods
    cross join taxonomy

),

joined as (

    select
        spine.period_type,
        spine.period_start,
        spine.intent,
        coalesce(mode_at_end.ai_mode, 'off') as ai_mode_at_period_end,
        mode_at_end.effective_from as ai_mode_effective_from,
        coalesce(ai_conversations.ai_involved_conversations, 0) as ai_involved_conversations
    from spine
    left join mode_at_end
        on spine.period_type = mode_at_end.period_type
            and spine.period_start = mode_at_end.period_start
            and spine.intent = mode_at_end.intent
    left join ai_conversations
        on spine.period_type = ai_conversations.period_type
            and spine.period_start = ai_conversations.period_start
            and spine.intent = ai_conversations.intent

),

final as (

    select
        period_type,
        period_start,
        intent,
        ai_mode_at_period_end,
        ai_mode_effective_from,
        ai_involved_conversations,
        {{ var('categories_covered_min_ai_conversations') }} as min_ai_conversations,
        ai_mode_at_period_end = 'autonomous' as is_autonomous_at_period_end,
        ai_mode_at_period_end = 'autonomous'
        and ai_involved_conversations >= {{ var('categories_covered_min_ai_conversations') }} as is_covered
    from joined

)

select * from final
