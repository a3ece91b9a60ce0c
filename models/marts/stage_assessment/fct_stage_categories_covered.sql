{#- Categories covered, per assessment period, slice (overall / channel) and intent of the AI
    scope taxonomy (every intent that has a row in ai_scope_changes): an intent is covered when
    its AI scope mode in effect at the period end is 'autonomous' and the period holds at least
    var categories_covered_min_ai_conversations (20) AI-involved conversations of that intent
    (in that channel, for a channel slice). -#}

with

periods as (

    select * from {{ ref('dim_stage_assessment_periods') }}

),

scope_changes as (

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

channels as (

    select channel
    from facts
    where channel is not null
    group by 1

),

slices as (

    select
        'overall' as slice_dimension,
        'all' as slice_value
    union all
    select
        'channel' as slice_dimension,
        channel as slice_value
    from channels

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
            order by scope_changes.effective_from desc, scope_changes.ai_mode
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
        facts.channel,
        facts.intent,
        count(*) as ai_involved_conversations
    from periods
    inner join facts
        on facts.created_date >= periods.period_start
        and facts.created_date < periods.period_end
    where facts.is_ai_involved
        and facts.intent is not null
    group by 1, 2, 3, 4

),

ai_by_slice as (

    select
        period_type,
        period_start,
        'overall' as slice_dimension,
        'all' as slice_value,
        intent,
        sum(ai_involved_conversations) as ai_involved_conversations
    from ai_conversations
    group by 1, 2, 3, 4, 5

    union all

    select
        period_type,
        period_start,
        'channel' as slice_dimension,
        channel as slice_value,
        intent,
        ai_involved_conversations
    from ai_conversations

),

spine as (

    select
        periods.period_type,
        periods.period_start,
        slices.slice_dimension,
        slices.slice_value,
        taxonomy.intent
    from periods
    cross join slices
    cross join taxonomy

),

joined as (

    select
        spine.period_type,
        spine.period_start,
        spine.slice_dimension,
        spine.slice_value,
        spine.intent,
        coalesce(mode_at_end.ai_mode, 'off') as ai_mode_at_period_end,
        mode_at_end.effective_from as ai_mode_effective_from,
        coalesce(ai_by_slice.ai_involved_conversations, 0) as ai_involved_conversations
    from spine
    left join mode_at_end
        on spine.period_type = mode_at_end.period_type
        and spine.period_start = mode_at_end.period_start
        and spine.intent = mode_at_end.intent
    left join ai_by_slice
        on spine.period_type = ai_by_slice.period_type
        and spine.period_start = ai_by_slice.period_start
        and spine.slice_dimension = ai_by_slice.slice_dimension
        and spine.slice_value = ai_by_slice.slice_value
        and spine.intent = ai_by_slice.intent

),

final as (

    select
        period_type,
        period_start,
        slice_dimension,
        slice_value,
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
