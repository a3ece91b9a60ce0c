{%- set flags = {
    'truly_resolved_conversations': 'is_truly_resolved',
    'returned_72h_conversations': 'is_returned_72h',
    'reopened_conversations': 'is_reopened',
    'negative_end_conversations': 'has_negative_end_sentiment',
    'low_csat_conversations': 'has_low_csat',
} %}

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
        count(*) as conversations,
        count(case when is_judged then 1 end) as judged_conversations,
        {%- for column_name, flag in flags.items() %}
        count(case when is_judged and {{ flag }} then 1 end) as {{ column_name }}{{ ',' if not loop.last }}
        {%- endfor %}
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
        {%- for column_name in flags %}
        cast({{ column_name }} as {{ supportmetrics.type_double() }}) / nullif(judged_conversations, 0) as {{ column_name | replace('_conversations', '_share') }}{{ ',' if not loop.last }}
        {%- endfor %}
    from counted

)

select * from final
