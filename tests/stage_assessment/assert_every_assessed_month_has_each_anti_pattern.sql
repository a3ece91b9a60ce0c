{#- Every month of the whole-helpdesk assessment carries exactly one row per anti-pattern. -#}

with

months as (

    select period_start
    from {{ ref('fct_stage_assessment') }}
    where period_type = 'month'
        and slice_dimension = 'overall'

),

anti_patterns as (

    select
        period_start,
        count(*) as anti_pattern_rows
    from {{ ref('fct_stage_anti_patterns') }}
    group by 1

)

select
    months.period_start,
    anti_patterns.anti_pattern_rows
from months
left join anti_patterns
    on months.period_start = anti_patterns.period_start
where coalesce(anti_patterns.anti_pattern_rows, 0) != 5
