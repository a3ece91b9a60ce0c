{{ config(**incremental_conversation_config()) }}

with

messages as (

    select * from {{ ref('stg_helpdesk__messages') }}

),

repeat_phrases as (

    select lower(phrase) as phrase from {{ ref('repeat_request_phrases') }}

),

rephrase_phrases as (

    select lower(phrase) as phrase from {{ ref('rephrase_phrases') }}

),

must_escalate_rules as (

    select
        rule_id,
        rule_type,
        lower(keyword) as keyword,
        min_amount_usd
    from {{ ref('must_escalate_rules') }}

),

public_messages as (

    select
        message_id,
        conversation_id,
        author_type,
        lower(body) as body_lower,
        -- same deterministic order as int_messages_sequenced: created_at, then message_id
        row_number() over (
            partition by conversation_id, author_type
            order by created_at, message_id
        ) as author_sequence
    from messages
    where
        is_public
        and {{ in_incremental_scope() }}

),

customer_amounts as (

    select
        message_id,
        {{ supportmetrics.usd_amount_in_text('body_lower') }} as usd_amount
    from public_messages
    where author_type = 'customer'

),

repeat_requests as (

    select public_messages.message_id
    from public_messages
    inner join repeat_phrases
        on {{ supportmetrics.text_contains('public_messages.body_lower', 'repeat_phrases.phrase') }}
    where public_messages.author_type = 'human_agent'
    group by 1

),

rephrases as (

    select public_messages.message_id
    from public_messages
    inner join rephrase_phrases
        on {{ supportmetrics.text_contains('public_messages.body_lower', 'rephrase_phrases.phrase') }}
    where public_messages.author_type = 'customer'
        and public_messages.author_sequence > 1
    group by 1

),

rule_matches as (

    select
        public_messages.message_id,
        must_escalate_rules.rule_id,
        must_escalate_rules.rule_type
    from public_messages
    inner join customer_amounts
        on public_messages.message_id = customer_amounts.message_id
    inner join must_escalate_rules
        on {{ supportmetrics.text_contains('public_messages.body_lower', 'must_escalate_rules.keyword') }}
    where must_escalate_rules.rule_type = 'keyword'
        or (
            must_escalate_rules.rule_type = 'refund_amount'
            and customer_amounts.usd_amount > must_escalate_rules.min_amount_usd
        )

),

rule_flags as (

    select
        message_id,
        {{ dbt.bool_or("rule_type = 'keyword'") }} as is_must_escalate_keyword_match,
        {{ dbt.bool_or("rule_type = 'refund_amount'") }} as is_must_escalate_refund_match,
        {{ dbt.listagg('rule_id', "', '", 'order by rule_id') }} as must_escalate_rule_ids
    from rule_matches
    group by 1

),

final as (

    select
        public_messages.message_id,
        public_messages.conversation_id,
        public_messages.author_type,
        repeat_requests.message_id is not null as is_repeat_request,
        rephrases.message_id is not null as is_rephrase,
        rule_flags.message_id is not null as is_must_escalate_match,
        coalesce(rule_flags.is_must_escalate_keyword_match, false) as is_must_escalate_keyword_match,
        coalesce(rule_flags.is_must_escalate_refund_match, false) as is_must_escalate_refund_match,
        rule_flags.must_escalate_rule_ids
    from public_messages
    left join repeat_requests
        on public_messages.message_id = repeat_requests.message_id
    left join rephrases
        on public_messages.message_id = rephrases.message_id
    left join rule_flags
        on public_messages.message_id = rule_flags.message_id

)

select * from final
