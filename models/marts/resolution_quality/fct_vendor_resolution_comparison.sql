{%- set flags = {
    'truly_resolved_conversations': 'is_truly_resolved',
    'returned_72h_conversations': 'is_returned_72h',
    'reopened_conversations': 'is_reopened',
    'negative_end_conversations': 'has_negative_end_sentiment',
    'low_csat_conversations': 'has_low_csat',
} %}
{%- set double = supportmetrics.type_double() %}

with

vendor_verdicts as (

    select * from {{ ref('int_vendor_ai_verdicts') }}

),

-- judged conversations only: a conversation whose return / reopen windows are still open is
-- counted in conversations but in none of the judged counts
counted as (

    select
        cast({{ dbt.date_trunc('month', 'created_date') }} as date) as month_start,
        {{ supportmetrics.unknown_if_null('intent') }} as intent,
        vendor,
        {{ supportmetrics.unknown_if_null('vendor_resolution_state') }} as vendor_resolution_state,
        {%- for column_name, flag in flags.items() %}
            count(case when is_judged and {{ flag }} then 1 end) as {{ column_name }},
        {%- endfor %}
        count(case when is_judged then 1 end) as judged_conversations,
        count(*) as conversations
    from vendor_verdicts
    group by 1, 2, 3, 4

),

final as (

    select
        month_start,
        intent,
        vendor,
        vendor_resolution_state,
        conversations,
        judged_conversations,
        {%- for column_name in flags %}
            {{ column_name }},
        {%- endfor %}
        cast(truly_resolved_conversations as {{ double }}) / nullif(judged_conversations, 0) as truly_resolved_share,
        cast(returned_72h_conversations as {{ double }}) / nullif(judged_conversations, 0) as returned_72h_share,
        cast(reopened_conversations as {{ double }}) / nullif(judged_conversations, 0) as reopened_share,
        cast(negative_end_conversations as {{ double }}) / nullif(judged_conversations, 0) as negative_end_share,
        cast(low_csat_conversations as {{ double }}) / nullif(judged_conversations, 0) as low_csat_share
    from counted

)

select * from final
