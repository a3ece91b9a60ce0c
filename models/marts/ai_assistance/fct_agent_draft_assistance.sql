{%- set grains = ['week', 'month'] %}
{%- set slices = {'overall': "'all'", 'channel': 'channel'} %}

with

ai_drafts as (

    select * from {{ ref('int_ai_drafts') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

drafts as (

    select
        ai_drafts.ai_event_id,
        ai_drafts.created_at,
        ai_drafts.is_accepted,
        ai_drafts.is_edited,
        ai_drafts.is_matched,
        ai_drafts.is_rewritten,
        ai_drafts.is_discarded,
        ai_drafts.has_no_outcome,
        facts.channel
    from ai_drafts
    left join facts
        on ai_drafts.conversation_id = facts.conversation_id

),

sliced as (

    {{ supportmetrics.slice_fanout('drafts', slices, [
        'is_accepted',
        'is_edited',
        'is_matched',
        'is_rewritten',
        'is_discarded',
        'has_no_outcome',
    ], grains=grains, period_column='created_at') }}

),

aggregated as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        count(*) as drafts_suggested,
        sum(case when is_accepted then 1 else 0 end) as drafts_sent_as_is,
        sum(case when is_edited then 1 else 0 end) as drafts_edited,
        sum(case when is_rewritten then 1 else 0 end) as drafts_rewritten,
        sum(case when is_discarded then 1 else 0 end) as drafts_discarded,
        sum(case when has_no_outcome then 1 else 0 end) as drafts_without_outcome,
        sum(case when is_matched then 1 else 0 end) as drafts_matched
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        drafts_suggested,
        drafts_sent_as_is,
        drafts_edited,
        drafts_rewritten,
        drafts_discarded,
        drafts_without_outcome,
        drafts_matched,
        cast(drafts_sent_as_is as {{ supportmetrics.type_double() }}) / nullif(drafts_suggested, 0)
            as draft_acceptance_rate,
        cast(drafts_matched as {{ supportmetrics.type_double() }}) / nullif(drafts_suggested, 0)
            as draft_match_rate
    from aggregated

)

select * from final
