{%- set slices = {
    'overall': "'all'",
    'channel': 'channel',
    'intent': 'intent',
    'handling_path': 'handling_path',
} %}
{%- set double = supportmetrics.type_double() %}

with

experience as (

    select * from {{ ref('fct_conversation_experience') }}

),

sliced as (

    {{ supportmetrics.slice_fanout('experience', slices, [
        'has_helpful_answer',
        'customer_messages_before_helpful_answer',
        'rephrase_count',
        'is_issue_continuation',
        'is_channel_switch',
    ], grains=['month']) }}

),

aggregated as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        count(*) as conversations,
        count(case when has_helpful_answer then 1 end) as helpful_answer_conversations,
        avg(cast(customer_messages_before_helpful_answer as {{ double }})) as avg_customer_messages_before_helpful_answer,
        {{ supportmetrics.median('customer_messages_before_helpful_answer') }}
            as median_customer_messages_before_helpful_answer,
        {{ supportmetrics.percentile('customer_messages_before_helpful_answer', 0.9) }}
            as p90_customer_messages_before_helpful_answer,
        cast(sum(rephrase_count) as {{ dbt.type_bigint() }}) as rephrases,
        count(case when rephrase_count > 0 then 1 end) as rephrase_conversations,
        count(case when is_issue_continuation then 1 end) as issue_continuation_conversations,
        count(case when is_channel_switch then 1 end) as channel_switch_conversations
    from sliced
    group by 1, 2, 3, 4

),

final as (

    select
        aggregated.*,
        cast(rephrases as {{ double }}) / nullif(conversations, 0) as rephrases_per_conversation,
        cast(rephrase_conversations as {{ double }}) / nullif(conversations, 0) as rephrase_rate,
        cast(channel_switch_conversations as {{ double }}) / nullif(conversations, 0) as channel_switch_rate,
        cast(channel_switch_conversations as {{ double }})
        / nullif(issue_continuation_conversations, 0) as channel_switch_share_of_continuations
    from aggregated

)

select * from final
