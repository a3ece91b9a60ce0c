{%- set grains = ['week', 'month'] %}
{%- set slices = {'overall': "'all'", 'channel': "coalesce(channel, 'unknown')"} %}

with

ai_events as (

    select * from {{ ref('stg_helpdesk__ai_events') }}

),

facts as (

    select * from {{ ref('int_conversation_facts') }}

),

drafts as (

    select
        ai_events.ai_event_id,
        ai_events.created_at,
        ai_events.draft_outcome,
        facts.channel
    from ai_events
    left join facts
        on ai_events.conversation_id = facts.conversation_id
    where ai_events.event_type = 'draft_suggested'

),

sliced as (

    {%- for grain in grains %}
        {%- set grain_loop = loop %}
        {%- for slice_dimension, slice_expression in slices.items() %}
            select
                '{{ grain }}' as period_grain,
                cast({{ dbt.date_trunc(grain, 'created_at') }} as date) as period_start,
                '{{ slice_dimension }}' as slice_dimension,
                cast({{ slice_expression }} as {{ dbt.type_string() }}) as slice_value,
                draft_outcome
            from drafts
            {{ 'union all' if not (grain_loop.last and loop.last) }}
        {%- endfor %}
    {%- endfor %}

),

aggregated as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        count(*) as drafts_suggested,
        sum(case when draft_outcome = 'sent_as_is' then 1 else 0 end) as drafts_sent_as_is,
        sum(case when draft_outcome = 'edited' then 1 else 0 end) as drafts_edited,
        sum(case when draft_outcome = 'rewritten' then 1 else 0 end) as drafts_rewritten,
        sum(case when draft_outcome = 'discarded' then 1 else 0 end) as drafts_discarded,
        sum(case when draft_outcome is null then 1 else 0 end) as drafts_without_outcome
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        aggregated.*,
        drafts_sent_as_is + drafts_edited as drafts_matched,
        cast(drafts_sent_as_is as {{ supportmetrics.type_double() }}) / nullif(drafts_suggested, 0)
            as draft_acceptance_rate,
        cast(drafts_sent_as_is + drafts_edited as {{ supportmetrics.type_double() }}) / nullif(drafts_suggested, 0)
            as draft_match_rate
    from aggregated

)

select * from final
