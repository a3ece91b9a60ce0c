{{ config(**incremental_period_config('period_start', 'month')) }}
{%- set slices = {
    'overall': {'value': "'all'", 'where': "rule_type = 'any'"},
    'channel': {'value': 'channel', 'where': "rule_type = 'any'"},
    'rule_type': {'value': 'rule_type', 'where': "rule_type != 'any'"},
} %}
{%- set rules = {'any': 'is_must_escalate', 'keyword': 'is_keyword_match', 'refund_amount': 'is_refund_match'} %}

with

-- an incremental run recomputes the created months it can change (macros/incremental_periods.sql):
-- a month depends only on its own conversations
facts as (

    select * from {{ ref('int_conversation_facts') }}
    where {{ in_incremental_periods('created_date', 'month') }}

),

text_signals as (

    select * from {{ ref('int_message_text_signals') }}

),

conversation_matches as (

    select
        conversation_id,
        {{ dbt.bool_or('is_must_escalate_keyword_match') }} as is_keyword_match,
        {{ dbt.bool_or('is_must_escalate_refund_match') }} as is_refund_match
    from text_signals
    where is_must_escalate_match
    group by 1

),

ai_conversations as (

    select
        cast({{ dbt.date_trunc('month', 'facts.created_date') }} as date) as period_start,
        facts.channel,
        facts.is_escalated,
        conversation_matches.conversation_id is not null as is_must_escalate,
        coalesce(conversation_matches.is_keyword_match, false) as is_keyword_match,
        coalesce(conversation_matches.is_refund_match, false) as is_refund_match
    from facts
    left join conversation_matches
        on facts.conversation_id = conversation_matches.conversation_id
    where facts.is_ai_involved

),

rule_matches as (

    -- one row per AI conversation and rule type ('any' = any must-escalate rule matched)
    {%- for rule_type, match_column in rules.items() %}
        select
            period_start,
            channel,
            is_escalated,
            '{{ rule_type }}' as rule_type,
            {{ match_column }} as is_match
        from ai_conversations
        {{ 'union all' if not loop.last }}
    {%- endfor %}

),

sliced as (

    {{ supportmetrics.slice_fanout('rule_matches', slices, [
        'period_start',
        'is_escalated',
        'is_match',
    ]) }}

),

aggregated as (

    select
        period_start,
        slice_dimension,
        slice_value,
        count(*) as ai_involved_conversations,
        count(case when is_match then 1 end) as must_escalate_conversations,
        count(case when is_match and is_escalated then 1 end) as escalated_must_escalate_conversations
    from sliced
    group by 1, 2, 3

),

final as (

    select
        'month' as period_grain,
        aggregated.*,
        must_escalate_conversations - escalated_must_escalate_conversations as missed_must_escalate_conversations,
        cast(escalated_must_escalate_conversations as {{ supportmetrics.type_double() }})
        / nullif(must_escalate_conversations, 0) as policy_compliance_rate,
        case when must_escalate_conversations = 0 then 'no_must_escalate_conversations' end
            as policy_compliance_missing_reason
    from aggregated

)

select * from final
