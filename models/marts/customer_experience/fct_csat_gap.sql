{%- set streams = ['ai_only', 'ai_then_human', 'human_only'] %}
{%- set double = supportmetrics.type_double() %}

with

streams as (

    select * from {{ ref('fct_csat_streams') }}

),

pivoted as (

    select
        period_grain,
        period_start,
        slice_dimension,
        slice_value,
        {%- for stream in streams %}
            cast(sum(case when stream = '{{ stream }}' then conversations else 0 end) as {{ dbt.type_bigint() }})
                as {{ stream }}_conversations,
            cast(sum(case when stream = '{{ stream }}' then responses else 0 end) as {{ dbt.type_bigint() }})
                as {{ stream }}_responses,
            cast(sum(case when stream = '{{ stream }}' then satisfied_responses else 0 end) as {{ dbt.type_bigint() }})
                as {{ stream }}_satisfied_responses,
            max(case when stream = '{{ stream }}' then csat_satisfied_rate end) as {{ stream }}_satisfied_rate,
            max(case when stream = '{{ stream }}' then csat_mean end) as {{ stream }}_csat_mean,
        {%- endfor %}
        cast(sum(responses) as {{ dbt.type_bigint() }}) as all_stream_responses
    from streams
    group by 1, 2, 3, 4

),

final as (

    select
        pivoted.*,
        ai_only_responses + ai_then_human_responses as ai_involved_responses,
        cast(ai_only_satisfied_responses + ai_then_human_satisfied_responses as {{ double }})
        / nullif(ai_only_responses + ai_then_human_responses, 0) as ai_involved_satisfied_rate,
        100 * (ai_only_satisfied_rate - human_only_satisfied_rate) as csat_gap_points,
        ai_only_csat_mean - human_only_csat_mean as csat_mean_gap,
        case
            when ai_only_responses = 0 and human_only_responses = 0 then 'no_ai_only_and_no_human_only_responses'
            when ai_only_responses = 0 then 'no_ai_only_responses'
            when human_only_responses = 0 then 'no_human_only_responses'
        end as csat_gap_missing_reason
    from pivoted

)

select * from final
